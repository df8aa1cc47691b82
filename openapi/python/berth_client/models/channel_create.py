from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.discord_settings import DiscordSettings
    from ..models.email_settings import EmailSettings
    from ..models.slack_settings import SlackSettings
    from ..models.telegram_settings import TelegramSettings
    from ..models.webhook_settings import WebhookSettings


T = TypeVar("T", bound="ChannelCreate")


@_attrs_define
class ChannelCreate:
    """
    Attributes:
        name (str):
        settings (DiscordSettings | EmailSettings | SlackSettings | TelegramSettings | WebhookSettings):
        enabled (bool | Unset):  Default: True.
    """

    name: str
    settings: DiscordSettings | EmailSettings | SlackSettings | TelegramSettings | WebhookSettings
    enabled: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        from ..models.discord_settings import DiscordSettings  # noqa: PLC0415
        from ..models.email_settings import EmailSettings  # noqa: PLC0415
        from ..models.slack_settings import SlackSettings  # noqa: PLC0415
        from ..models.telegram_settings import TelegramSettings  # noqa: PLC0415

        name = self.name

        settings: dict[str, Any]
        if isinstance(self.settings, SlackSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, DiscordSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, TelegramSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, EmailSettings):
            settings = self.settings.to_dict()
        else:
            settings = self.settings.to_dict()

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "settings": settings,
            }
        )
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.discord_settings import DiscordSettings  # noqa: PLC0415
        from ..models.email_settings import EmailSettings  # noqa: PLC0415
        from ..models.slack_settings import SlackSettings  # noqa: PLC0415
        from ..models.telegram_settings import TelegramSettings  # noqa: PLC0415
        from ..models.webhook_settings import WebhookSettings  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_settings(
            data: object,
        ) -> DiscordSettings | EmailSettings | SlackSettings | TelegramSettings | WebhookSettings:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0 = SlackSettings.from_dict(data)

                return settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_1 = DiscordSettings.from_dict(data)

                return settings_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_2 = TelegramSettings.from_dict(data)

                return settings_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_3 = EmailSettings.from_dict(data)

                return settings_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            settings_type_4 = WebhookSettings.from_dict(data)

            return settings_type_4

        settings = _parse_settings(d.pop("settings"))

        enabled = d.pop("enabled", UNSET)

        channel_create = cls(
            name=name,
            settings=settings,
            enabled=enabled,
        )

        return channel_create
