from enum import StrEnum


class ServerStatus(StrEnum):
    REACHABLE = "reachable"
    UNKNOWN = "unknown"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
