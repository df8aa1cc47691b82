from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.backup_schedule import BackupSchedule
from ..types import UNSET, Unset

T = TypeVar("T", bound="BackupPolicyCreate")


@_attrs_define
class BackupPolicyCreate:
    """
    Attributes:
        name (str):
        destination_id (UUID):
        schedule (BackupSchedule | Unset):
        cron (None | str | Unset): minute hour day month weekday; only with schedule=cron
        timezone (str | Unset):  Default: 'UTC'.
        keep_last (int | Unset): The newest N backups are always kept (at least 1) Default: 7.
        keep_daily (int | Unset): Plus the newest of each of N days Default: 0.
        keep_weekly (int | Unset): Plus the newest of each of N weeks Default: 0.
        keep_monthly (int | Unset): Plus the newest of each of N months Default: 0.
        enabled (bool | Unset):  Default: True.
    """

    name: str
    destination_id: UUID
    schedule: BackupSchedule | Unset = UNSET
    cron: None | str | Unset = UNSET
    timezone: str | Unset = "UTC"
    keep_last: int | Unset = 7
    keep_daily: int | Unset = 0
    keep_weekly: int | Unset = 0
    keep_monthly: int | Unset = 0
    enabled: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        destination_id = str(self.destination_id)

        schedule: str | Unset = UNSET
        if not isinstance(self.schedule, Unset):
            schedule = self.schedule.value

        cron: None | str | Unset
        if isinstance(self.cron, Unset):
            cron = UNSET
        else:
            cron = self.cron

        timezone = self.timezone

        keep_last = self.keep_last

        keep_daily = self.keep_daily

        keep_weekly = self.keep_weekly

        keep_monthly = self.keep_monthly

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "destination_id": destination_id,
            }
        )
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
        name = d.pop("name")

        destination_id = UUID(d.pop("destination_id"))

        _schedule = d.pop("schedule", UNSET)
        schedule: BackupSchedule | Unset
        if isinstance(_schedule, Unset):
            schedule = UNSET
        else:
            schedule = BackupSchedule(_schedule)

        def _parse_cron(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cron = _parse_cron(d.pop("cron", UNSET))

        timezone = d.pop("timezone", UNSET)

        keep_last = d.pop("keep_last", UNSET)

        keep_daily = d.pop("keep_daily", UNSET)

        keep_weekly = d.pop("keep_weekly", UNSET)

        keep_monthly = d.pop("keep_monthly", UNSET)

        enabled = d.pop("enabled", UNSET)

        backup_policy_create = cls(
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

        return backup_policy_create
