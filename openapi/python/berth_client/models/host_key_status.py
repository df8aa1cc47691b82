from enum import StrEnum


class HostKeyStatus(StrEnum):
    CHANGED = "changed"
    PENDING = "pending"
    TRUSTED = "trusted"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
