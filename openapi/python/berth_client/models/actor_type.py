from enum import StrEnum


class ActorType(StrEnum):
    SYSTEM = "system"
    TOKEN = "token"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
