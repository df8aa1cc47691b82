from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deployment_outcome import DeploymentOutcome
from ..models.deployment_trigger import DeploymentTrigger
from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment_step import DeploymentStep
    from ..models.job_attempt import JobAttempt


T = TypeVar("T", bound="DeploymentRead")


@_attrs_define
class DeploymentRead:
    """
    Attributes:
        id (UUID):
        application_id (UUID):
        server_id (UUID):
        status (JobStatus):
        outcome (DeploymentOutcome | None):
        trigger (DeploymentTrigger):
        requested_by (str):
        image (None | str): The immutable reference released (digest-pinned)
        image_digest (None | str):
        commit_sha (None | str):
        rollback_of_id (None | UUID):
        attempts (list[JobAttempt]): Every attempt, oldest first; `error` speaks for the final outcome only
        steps (list[DeploymentStep]):
        error (None | str):
        request_id (None | str):
        queued_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
        created_at (datetime.datetime):
        commit_subject (None | str | Unset): Subject line of the commit built (git sources), as committed
        commit_author_name (None | str | Unset): The commit's author
        commit_author_email (None | str | Unset):
        queue_position (int | None | Unset): Deployments ahead of this one for the same application
    """

    id: UUID
    application_id: UUID
    server_id: UUID
    status: JobStatus
    outcome: DeploymentOutcome | None
    trigger: DeploymentTrigger
    requested_by: str
    image: None | str
    image_digest: None | str
    commit_sha: None | str
    rollback_of_id: None | UUID
    attempts: list[JobAttempt]
    steps: list[DeploymentStep]
    error: None | str
    request_id: None | str
    queued_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime
    commit_subject: None | str | Unset = UNSET
    commit_author_name: None | str | Unset = UNSET
    commit_author_email: None | str | Unset = UNSET
    queue_position: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        application_id = str(self.application_id)

        server_id = str(self.server_id)

        status = self.status.value

        outcome: None | str
        if isinstance(self.outcome, DeploymentOutcome):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        trigger = self.trigger.value

        requested_by = self.requested_by

        image: None | str
        image = self.image

        image_digest: None | str
        image_digest = self.image_digest

        commit_sha: None | str
        commit_sha = self.commit_sha

        rollback_of_id: None | str
        if isinstance(self.rollback_of_id, UUID):
            rollback_of_id = str(self.rollback_of_id)
        else:
            rollback_of_id = self.rollback_of_id

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        error: None | str
        error = self.error

        request_id: None | str
        request_id = self.request_id

        queued_at = self.queued_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        created_at = self.created_at.isoformat()

        commit_subject: None | str | Unset
        if isinstance(self.commit_subject, Unset):
            commit_subject = UNSET
        else:
            commit_subject = self.commit_subject

        commit_author_name: None | str | Unset
        if isinstance(self.commit_author_name, Unset):
            commit_author_name = UNSET
        else:
            commit_author_name = self.commit_author_name

        commit_author_email: None | str | Unset
        if isinstance(self.commit_author_email, Unset):
            commit_author_email = UNSET
        else:
            commit_author_email = self.commit_author_email

        queue_position: int | None | Unset
        if isinstance(self.queue_position, Unset):
            queue_position = UNSET
        else:
            queue_position = self.queue_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "application_id": application_id,
                "server_id": server_id,
                "status": status,
                "outcome": outcome,
                "trigger": trigger,
                "requested_by": requested_by,
                "image": image,
                "image_digest": image_digest,
                "commit_sha": commit_sha,
                "rollback_of_id": rollback_of_id,
                "attempts": attempts,
                "steps": steps,
                "error": error,
                "request_id": request_id,
                "queued_at": queued_at,
                "started_at": started_at,
                "finished_at": finished_at,
                "created_at": created_at,
            }
        )
        if commit_subject is not UNSET:
            field_dict["commit_subject"] = commit_subject
        if commit_author_name is not UNSET:
            field_dict["commit_author_name"] = commit_author_name
        if commit_author_email is not UNSET:
            field_dict["commit_author_email"] = commit_author_email
        if queue_position is not UNSET:
            field_dict["queue_position"] = queue_position

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment_step import DeploymentStep  # noqa: PLC0415
        from ..models.job_attempt import JobAttempt  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        application_id = UUID(d.pop("application_id"))

        server_id = UUID(d.pop("server_id"))

        status = JobStatus(d.pop("status"))

        def _parse_outcome(data: object) -> DeploymentOutcome | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = DeploymentOutcome(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeploymentOutcome | None, data)

        outcome = _parse_outcome(d.pop("outcome"))

        trigger = DeploymentTrigger(d.pop("trigger"))

        requested_by = d.pop("requested_by")

        def _parse_image(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image = _parse_image(d.pop("image"))

        def _parse_image_digest(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_digest = _parse_image_digest(d.pop("image_digest"))

        def _parse_commit_sha(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commit_sha = _parse_commit_sha(d.pop("commit_sha"))

        def _parse_rollback_of_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rollback_of_id_type_0 = UUID(data)

                return rollback_of_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        rollback_of_id = _parse_rollback_of_id(d.pop("rollback_of_id"))

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = JobAttempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = DeploymentStep.from_dict(steps_item_data)

            steps.append(steps_item)

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        queued_at = datetime.datetime.fromisoformat(d.pop("queued_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_commit_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commit_subject = _parse_commit_subject(d.pop("commit_subject", UNSET))

        def _parse_commit_author_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commit_author_name = _parse_commit_author_name(d.pop("commit_author_name", UNSET))

        def _parse_commit_author_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commit_author_email = _parse_commit_author_email(d.pop("commit_author_email", UNSET))

        def _parse_queue_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        queue_position = _parse_queue_position(d.pop("queue_position", UNSET))

        deployment_read = cls(
            id=id,
            application_id=application_id,
            server_id=server_id,
            status=status,
            outcome=outcome,
            trigger=trigger,
            requested_by=requested_by,
            image=image,
            image_digest=image_digest,
            commit_sha=commit_sha,
            rollback_of_id=rollback_of_id,
            attempts=attempts,
            steps=steps,
            error=error,
            request_id=request_id,
            queued_at=queued_at,
            started_at=started_at,
            finished_at=finished_at,
            created_at=created_at,
            commit_subject=commit_subject,
            commit_author_name=commit_author_name,
            commit_author_email=commit_author_email,
            queue_position=queue_position,
        )

        deployment_read.additional_properties = d
        return deployment_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
