from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.database_action import DatabaseAction
from ..models.job_status import JobStatus

if TYPE_CHECKING:
    from ..models.database_operation_read_steps_item import DatabaseOperationReadStepsItem


T = TypeVar("T", bound="DatabaseOperationRead")


@_attrs_define
class DatabaseOperationRead:
    """
    Attributes:
        id (UUID):
        database_id (UUID):
        action (DatabaseAction):
        status (JobStatus):
        requested_by (str):
        attempts (int):
        steps (list[DatabaseOperationReadStepsItem]):
        log (str):
        error (None | str):
        queued_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: UUID
    database_id: UUID
    action: DatabaseAction
    status: JobStatus
    requested_by: str
    attempts: int
    steps: list[DatabaseOperationReadStepsItem]
    log: str
    error: None | str
    queued_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        database_id = str(self.database_id)

        action = self.action.value

        status = self.status.value

        requested_by = self.requested_by

        attempts = self.attempts

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        log = self.log

        error: None | str
        error = self.error

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "database_id": database_id,
                "action": action,
                "status": status,
                "requested_by": requested_by,
                "attempts": attempts,
                "steps": steps,
                "log": log,
                "error": error,
                "queued_at": queued_at,
                "started_at": started_at,
                "finished_at": finished_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.database_operation_read_steps_item import DatabaseOperationReadStepsItem  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        database_id = UUID(d.pop("database_id"))

        action = DatabaseAction(d.pop("action"))

        status = JobStatus(d.pop("status"))

        requested_by = d.pop("requested_by")

        attempts = d.pop("attempts")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = DatabaseOperationReadStepsItem.from_dict(steps_item_data)

            steps.append(steps_item)

        log = d.pop("log")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

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

        database_operation_read = cls(
            id=id,
            database_id=database_id,
            action=action,
            status=status,
            requested_by=requested_by,
            attempts=attempts,
            steps=steps,
            log=log,
            error=error,
            queued_at=queued_at,
            started_at=started_at,
            finished_at=finished_at,
            created_at=created_at,
        )

        database_operation_read.additional_properties = d
        return database_operation_read

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
