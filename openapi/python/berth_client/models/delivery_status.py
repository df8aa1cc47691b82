from enum import StrEnum


class DeliveryStatus(StrEnum):
    COALESCED = "coalesced"
    DELIVERED = "delivered"
    FAILED = "failed"
    PENDING = "pending"
    SENDING = "sending"

    def __str__(self) -> str:
        return str(self.value)
