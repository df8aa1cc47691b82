from enum import StrEnum


class HostKeyState(StrEnum):
    CHANGED = "changed"
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    TRUSTED = "trusted"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
