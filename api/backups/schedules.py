"""When a policy runs: presets and cron expressions, in the policy's own time zone."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from api.models.backup_policy import BackupSchedule

# Presets run at 02:00 local time (after most working days' writes, before the next).
PRESETS: dict[BackupSchedule, str] = {
    BackupSchedule.hourly: "0 * * * *",
    BackupSchedule.daily: "0 2 * * *",
    BackupSchedule.weekly: "0 2 * * 0",
    BackupSchedule.monthly: "0 2 1 * *",
}
# A dump every minute would never finish before the next started: cron may not go lower.
MIN_INTERVAL = timedelta(minutes=5)


def validate_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{value!r} is not an IANA time zone (e.g. Europe/Paris, UTC)") from exc
    return value


def validate_cron(value: str) -> str:
    """Five fields (minute hour day month weekday), at most every MIN_INTERVAL."""
    fields = value.split()
    if len(fields) != 5:
        raise ValueError("must have 5 fields: minute hour day-of-month month day-of-week")
    expression = " ".join(fields)
    if not croniter.is_valid(expression):
        raise ValueError(f"{value!r} is not a valid cron expression")
    runs = croniter(expression, datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    times = [runs.get_next(datetime) for _ in range(4)]
    if any(b - a < MIN_INTERVAL for a, b in itertools.pairwise(times)):
        raise ValueError("must not run more often than every 5 minutes")
    return expression


def expression_of(schedule: BackupSchedule, cron: str | None) -> str | None:
    if schedule is BackupSchedule.manual:
        return None
    if schedule is BackupSchedule.cron:
        return cron
    return PRESETS[schedule]


def next_run(
    schedule: BackupSchedule, cron: str | None, timezone: str, after: datetime
) -> datetime | None:
    """The next time after `after` (aware), in the policy's zone; None for manual."""
    expression = expression_of(schedule, cron)
    if expression is None:
        return None
    start = after.astimezone(ZoneInfo(timezone))
    following: datetime = croniter(expression, start).get_next(datetime)
    return following
