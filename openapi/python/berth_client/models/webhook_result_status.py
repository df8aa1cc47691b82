from enum import StrEnum


class WebhookResultStatus(StrEnum):
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
