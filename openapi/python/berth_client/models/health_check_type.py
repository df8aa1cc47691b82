from enum import StrEnum


class HealthCheckType(StrEnum):
    COMMAND = "command"
    HTTP = "http"

    def __str__(self) -> str:
        return str(self.value)
