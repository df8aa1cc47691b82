from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.backup_schedule import BackupSchedule

T = TypeVar("T", bound="BackupPolicyRead")


@_attrs_define
class BackupPolicyRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        database_id (UUID):
        destination_id (UUID):
        name (str):
        schedule (BackupSchedule):
        cron (None | str):
        timezone (str):
        keep_last (int):
        keep_daily (int):
        keep_weekly (int):
        keep_monthly (int):
        enabled (bool):
        next_run_at (datetime.datetime | None): When the schedule fires next (None: manual or disabled)
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
    """

    id: UUID
    organization_id: UUID
    database_id: UUID
    destination_id: UUID
    name: str
    schedule: BackupSchedule
    cron: None | str
    timezone: str
    keep_last: int
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    enabled: bool
    next_run_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        database_id = str(self.database_id)

        destination_id = str(self.destination_id)

        name = self.name

        schedule = self.schedule.value

        cron: None | str
        cron = self.cron

        timezone = self.timezone

        keep_last = self.keep_last

        keep_daily = self.keep_daily

        keep_weekly = self.keep_weekly

        keep_monthly = self.keep_monthly

        enabled = self.enabled

        next_run_at: None | str
        if isinstance(self.next_run_at, datetime.datetime):
            next_run_at = self.next_run_at.isoformat()
        else:
            next_run_at = self.next_run_at

        created_at = self.created_at.isoformat()

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "database_id": database_id,
                "destination_id": destination_id,
                "name": name,
                "schedule": schedule,
                "cron": cron,
                "timezone": timezone,
                "keep_last": keep_last,
                "keep_daily": keep_daily,
                "keep_weekly": keep_weekly,
                "keep_monthly": keep_monthly,
                "enabled": enabled,
                "next_run_at": next_run_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        database_id = UUID(d.pop("database_id"))

        destination_id = UUID(d.pop("destination_id"))

        name = d.pop("name")

        schedule = BackupSchedule(d.pop("schedule"))

        def _parse_cron(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cron = _parse_cron(d.pop("cron"))

        timezone = d.pop("timezone")

        keep_last = d.pop("keep_last")

        keep_daily = d.pop("keep_daily")

        keep_weekly = d.pop("keep_weekly")

        keep_monthly = d.pop("keep_monthly")

        enabled = d.pop("enabled")

        def _parse_next_run_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_run_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_run_at = _parse_next_run_at(d.pop("next_run_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        backup_policy_read = cls(
            id=id,
            organization_id=organization_id,
            database_id=database_id,
            destination_id=destination_id,
            name=name,
            schedule=schedule,
            cron=cron,
            timezone=timezone,
            keep_last=keep_last,
            keep_daily=keep_daily,
            keep_weekly=keep_weekly,
            keep_monthly=keep_monthly,
            enabled=enabled,
            next_run_at=next_run_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        backup_policy_read.additional_properties = d
        return backup_policy_read

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
