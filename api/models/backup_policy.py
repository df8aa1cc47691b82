from __future__ import annotations

import enum
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum


class BackupSchedule(enum.StrEnum):
    hourly = "hourly"
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"
    cron = "cron"
    manual = "manual"  # only `POST …/backups`


class BackupPolicy(IdMixin, TimestampMixin, Base):
    """What to back up of one database, where to, when, and how many to keep.

    The schedule is a preset or a cron expression evaluated in `timezone` (a daily 02:00
    backup stays at 02:00 local across daylight saving time). Retention keeps the last
    `keep_last` plus the newest of each of the last `keep_daily` days, `keep_weekly`
    weeks and `keep_monthly` months, and is applied only to this policy's own manifests.
    """

    __tablename__ = "backup_policies"
    __table_args__ = (
        UniqueConstraint("database_id", "name"),
        # N=0 would let retention delete every backup (the peers' "keep latest" bug).
        CheckConstraint("keep_last >= 1", name="keep_last_positive"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    database_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("databases.id", ondelete="CASCADE"), index=True
    )
    # RESTRICT: a destination still in use cannot vanish from under its policies.
    destination_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("destinations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(63))
    schedule: Mapped[BackupSchedule] = mapped_column(str_enum(BackupSchedule, "backup_schedule"))
    cron: Mapped[str | None] = mapped_column(String(120), default=None)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    keep_last: Mapped[int] = mapped_column(Integer, default=7)
    keep_daily: Mapped[int] = mapped_column(Integer, default=0)
    keep_weekly: Mapped[int] = mapped_column(Integer, default=0)
    keep_monthly: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(default=True)
