from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status import DeliveryStatus

if TYPE_CHECKING:
    from ..models.delivery_attempt import DeliveryAttempt


T = TypeVar("T", bound="DeliveryRead")


@_attrs_define
class DeliveryRead:
    """
    Attributes:
        id (UUID):
        channel_id (UUID):
        event_type (str):
        target_type (str):
        target_id (UUID):
        title (str):
        subject (str):
        reason (None | str):
        events_count (int): Events this message stands for (coalesced)
        status (DeliveryStatus):
        attempts (int):
        max_attempts (int):
        next_attempt_at (datetime.datetime | None): When it is tried again, if pending
        last_error (None | str):
        delivered_at (datetime.datetime | None):
        attempt_log (list[DeliveryAttempt]):
        created_at (datetime.datetime):
    """

    id: UUID
    channel_id: UUID
    event_type: str
    target_type: str
    target_id: UUID
    title: str
    subject: str
    reason: None | str
    events_count: int
    status: DeliveryStatus
    attempts: int
    max_attempts: int
    next_attempt_at: datetime.datetime | None
    last_error: None | str
    delivered_at: datetime.datetime | None
    attempt_log: list[DeliveryAttempt]
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        channel_id = str(self.channel_id)

        event_type = self.event_type

        target_type = self.target_type

        target_id = str(self.target_id)

        title = self.title

        subject = self.subject

        reason: None | str
        reason = self.reason

        events_count = self.events_count

        status = self.status.value

        attempts = self.attempts

        max_attempts = self.max_attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_error: None | str
        last_error = self.last_error

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "channel_id": channel_id,
                "event_type": event_type,
                "target_type": target_type,
                "target_id": target_id,
                "title": title,
                "subject": subject,
                "reason": reason,
                "events_count": events_count,
                "status": status,
                "attempts": attempts,
                "max_attempts": max_attempts,
                "next_attempt_at": next_attempt_at,
                "last_error": last_error,
                "delivered_at": delivered_at,
                "attempt_log": attempt_log,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_attempt import DeliveryAttempt  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        channel_id = UUID(d.pop("channel_id"))

        event_type = d.pop("event_type")

        target_type = d.pop("target_type")

        target_id = UUID(d.pop("target_id"))

        title = d.pop("title")

        subject = d.pop("subject")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        events_count = d.pop("events_count")

        status = DeliveryStatus(d.pop("status"))

        attempts = d.pop("attempts")

        max_attempts = d.pop("max_attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        attempt_log = []
        _attempt_log = d.pop("attempt_log")
        for attempt_log_item_data in _attempt_log:
            attempt_log_item = DeliveryAttempt.from_dict(attempt_log_item_data)

            attempt_log.append(attempt_log_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        delivery_read = cls(
            id=id,
            channel_id=channel_id,
            event_type=event_type,
            target_type=target_type,
            target_id=target_id,
            title=title,
            subject=subject,
            reason=reason,
            events_count=events_count,
            status=status,
            attempts=attempts,
            max_attempts=max_attempts,
            next_attempt_at=next_attempt_at,
            last_error=last_error,
            delivered_at=delivered_at,
            attempt_log=attempt_log,
            created_at=created_at,
        )

        delivery_read.additional_properties = d
        return delivery_read

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
