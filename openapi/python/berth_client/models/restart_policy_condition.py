from enum import StrEnum


class RestartPolicyCondition(StrEnum):
    ANY = "any"
    NONE = "none"
    ON_FAILURE = "on-failure"

    def __str__(self) -> str:
        return str(self.value)
