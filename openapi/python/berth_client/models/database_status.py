from enum import StrEnum


class DatabaseStatus(StrEnum):
    FAILED = "failed"
    HEALTHY = "healthy"
    PENDING = "pending"
    STARTING = "starting"
    STOPPED = "stopped"
    UNHEALTHY = "unhealthy"

    def __str__(self) -> str:
        return str(self.value)
