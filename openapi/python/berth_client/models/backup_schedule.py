from enum import StrEnum


class BackupSchedule(StrEnum):
    CRON = "cron"
    DAILY = "daily"
    HOURLY = "hourly"
    MANUAL = "manual"
    MONTHLY = "monthly"
    WEEKLY = "weekly"

    def __str__(self) -> str:
        return str(self.value)
