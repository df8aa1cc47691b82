from enum import StrEnum


class ChannelKind(StrEnum):
    DISCORD = "discord"
    EMAIL = "email"
    SLACK = "slack"
    TELEGRAM = "telegram"
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
