from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from api.backups.schedules import validate_cron, validate_timezone
from api.kit.schemas import ResourceName, Schema, WriteSchema
from api.models.backup_policy import BackupSchedule


class BackupKeyRead(Schema):
    organization_id: uuid.UUID
    public_key: str = Field(description="age recipient (age1…): what servers encrypt to")
    created_at: datetime
    exported_at: datetime | None = Field(description="When the private key was last exported")


class BackupKeyExport(BackupKeyRead):
    private_key: str = Field(
        description="AGE-SECRET-KEY-1…: keep it apart from the backups; anyone holding it "
        "and a backup can read that backup"
    )


_SCHEDULE_DOC = (
    "hourly (minute 0), daily (02:00), weekly (Sunday 02:00), monthly (the 1st, 02:00), "
    "cron (the `cron` field), or manual (only `POST …/backups`); in `timezone`"
)
Cron = Annotated[str, StringConstraints(max_length=120), AfterValidator(validate_cron)]
TimeZone = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(validate_timezone)
]
KeepLast = Annotated[int, Field(ge=1, le=1000)]
KeepCount = Annotated[int, Field(ge=0, le=1000)]


class BackupPolicyCreate(WriteSchema):
    name: ResourceName
    destination_id: uuid.UUID
    schedule: BackupSchedule = Field(default=BackupSchedule.daily, description=_SCHEDULE_DOC)
    cron: Cron | None = Field(
        default=None, description="minute hour day month weekday; only with schedule=cron"
    )
    timezone: TimeZone = "UTC"
    keep_last: KeepLast = Field(
        default=7, description="The newest N backups are always kept (at least 1)"
    )
    keep_daily: KeepCount = Field(default=0, description="Plus the newest of each of N days")
    keep_weekly: KeepCount = Field(default=0, description="Plus the newest of each of N weeks")
    keep_monthly: KeepCount = Field(default=0, description="Plus the newest of each of N months")
    enabled: bool = True

    @model_validator(mode="after")
    def _cron_with_its_schedule(self) -> BackupPolicyCreate:
        if (self.schedule is BackupSchedule.cron) != (self.cron is not None):
            raise ValueError("give `cron` exactly when schedule is 'cron'")
        return self


class BackupPolicyUpdate(WriteSchema):
    name: ResourceName | None = None
    destination_id: uuid.UUID | None = None
    schedule: BackupSchedule | None = Field(default=None, description=_SCHEDULE_DOC)
    cron: Cron | None = None
    timezone: TimeZone | None = None
    keep_last: KeepLast | None = None
    keep_daily: KeepCount | None = None
    keep_weekly: KeepCount | None = None
    keep_monthly: KeepCount | None = None
    enabled: bool | None = None


class BackupPolicyRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    database_id: uuid.UUID
    destination_id: uuid.UUID
    name: str
    schedule: BackupSchedule
    cron: str | None
    timezone: str
    keep_last: int
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    enabled: bool
    next_run_at: datetime | None = Field(
        description="When the schedule fires next (None: manual or disabled)"
    )
    created_at: datetime
    updated_at: datetime | None
