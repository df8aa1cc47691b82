from enum import StrEnum


class JobAttemptOutcomeType0(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    LOST = "lost"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
