from enum import StrEnum


class DeliveryAttemptOutcome(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    LOST = "lost"
    RETRY = "retry"

    def __str__(self) -> str:
        return str(self.value)
