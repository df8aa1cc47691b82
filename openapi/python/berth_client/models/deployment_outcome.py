from enum import StrEnum


class DeploymentOutcome(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    RELEASED = "released"
    ROLLED_BACK = "rolled_back"

    def __str__(self) -> str:
        return str(self.value)
