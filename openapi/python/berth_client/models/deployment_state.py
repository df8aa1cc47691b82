from enum import StrEnum


class DeploymentState(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    ROLLED_BACK = "rolled_back"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
