from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.backup_schedule import BackupSchedule
from ..types import UNSET, Unset

T = TypeVar("T", bound="BackupPolicyUpdate")


@_attrs_define
class BackupPolicyUpdate:
    """
    Attributes:
        name (None | str | Unset):
        destination_id (None | Unset | UUID):
        schedule (BackupSchedule | None | Unset): hourly (minute 0), daily (02:00), weekly (Sunday 02:00), monthly (the
            1st, 02:00), cron (the `cron` field), or manual (only `POST …/backups`); in `timezone`
        cron (None | str | Unset):
        timezone (None | str | Unset):
        keep_last (int | None | Unset):
        keep_daily (int | None | Unset):
        keep_weekly (int | None | Unset):
        keep_monthly (int | None | Unset):
        enabled (bool | None | Unset):
    """

    name: None | str | Unset = UNSET
    destination_id: None | Unset | UUID = UNSET
    schedule: BackupSchedule | None | Unset = UNSET
    cron: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    keep_last: int | None | Unset = UNSET
    keep_daily: int | None | Unset = UNSET
    keep_weekly: int | None | Unset = UNSET
    keep_monthly: int | None | Unset = UNSET
    enabled: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        destination_id: None | str | Unset
        if isinstance(self.destination_id, Unset):
            destination_id = UNSET
        elif isinstance(self.destination_id, UUID):
            destination_id = str(self.destination_id)
        else:
            destination_id = self.destination_id

        schedule: None | str | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        elif isinstance(self.schedule, BackupSchedule):
            schedule = self.schedule.value
        else:
            schedule = self.schedule

        cron: None | str | Unset
        if isinstance(self.cron, Unset):
            cron = UNSET
        else:
            cron = self.cron

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        keep_last: int | None | Unset
        if isinstance(self.keep_last, Unset):
            keep_last = UNSET
        else:
            keep_last = self.keep_last

        keep_daily: int | None | Unset
        if isinstance(self.keep_daily, Unset):
            keep_daily = UNSET
        else:
            keep_daily = self.keep_daily

        keep_weekly: int | None | Unset
        if isinstance(self.keep_weekly, Unset):
            keep_weekly = UNSET
        else:
            keep_weekly = self.keep_weekly

        keep_monthly: int | None | Unset
        if isinstance(self.keep_monthly, Unset):
            keep_monthly = UNSET
        else:
            keep_monthly = self.keep_monthly

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if destination_id is not UNSET:
            field_dict["destination_id"] = destination_id
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if cron is not UNSET:
            field_dict["cron"] = cron
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if keep_last is not UNSET:
            field_dict["keep_last"] = keep_last
        if keep_daily is not UNSET:
            field_dict["keep_daily"] = keep_daily
        if keep_weekly is not UNSET:
            field_dict["keep_weekly"] = keep_weekly
        if keep_monthly is not UNSET:
            field_dict["keep_monthly"] = keep_monthly
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_destination_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                destination_id_type_0 = UUID(data)

                return destination_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        destination_id = _parse_destination_id(d.pop("destination_id", UNSET))

        def _parse_schedule(data: object) -> BackupSchedule | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                schedule_type_0 = BackupSchedule(data)

                return schedule_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BackupSchedule | None | Unset, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        def _parse_cron(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cron = _parse_cron(d.pop("cron", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_keep_last(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        keep_last = _parse_keep_last(d.pop("keep_last", UNSET))

        def _parse_keep_daily(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        keep_daily = _parse_keep_daily(d.pop("keep_daily", UNSET))

        def _parse_keep_weekly(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        keep_weekly = _parse_keep_weekly(d.pop("keep_weekly", UNSET))

        def _parse_keep_monthly(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        keep_monthly = _parse_keep_monthly(d.pop("keep_monthly", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        backup_policy_update = cls(
            name=name,
            destination_id=destination_id,
            schedule=schedule,
            cron=cron,
            timezone=timezone,
            keep_last=keep_last,
            keep_daily=keep_daily,
            keep_weekly=keep_weekly,
            keep_monthly=keep_monthly,
            enabled=enabled,
        )

        return backup_policy_update
