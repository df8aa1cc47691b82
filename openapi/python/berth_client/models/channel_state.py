from enum import StrEnum


class ChannelState(StrEnum):
    FAILING = "failing"
    HEALTHY = "healthy"

    def __str__(self) -> str:
        return str(self.value)
