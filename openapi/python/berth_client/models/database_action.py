from enum import StrEnum


class DatabaseAction(StrEnum):
    CREATE = "create"
    RESTART = "restart"
    START = "start"
    STOP = "stop"
    UPDATE = "update"

    def __str__(self) -> str:
        return str(self.value)
