from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.discord_settings import DiscordSettings
    from ..models.email_settings import EmailSettings
    from ..models.slack_settings import SlackSettings
    from ..models.telegram_settings import TelegramSettings
    from ..models.webhook_settings import WebhookSettings


T = TypeVar("T", bound="ChannelUpdate")


@_attrs_define
class ChannelUpdate:
    """
    Attributes:
        name (None | str | Unset):
        enabled (bool | None | Unset):
        settings (DiscordSettings | EmailSettings | None | SlackSettings | TelegramSettings | Unset | WebhookSettings):
            Replaces every setting, secrets included (they are never read back, so a change always carries them); the kind
            cannot change
    """

    name: None | str | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    settings: DiscordSettings | EmailSettings | None | SlackSettings | TelegramSettings | Unset | WebhookSettings = (
        UNSET
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.discord_settings import DiscordSettings  # noqa: PLC0415
        from ..models.email_settings import EmailSettings  # noqa: PLC0415
        from ..models.slack_settings import SlackSettings  # noqa: PLC0415
        from ..models.telegram_settings import TelegramSettings  # noqa: PLC0415
        from ..models.webhook_settings import WebhookSettings  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        settings: dict[str, Any] | None | Unset
        if isinstance(self.settings, Unset):
            settings = UNSET
        elif isinstance(self.settings, SlackSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, DiscordSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, TelegramSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, EmailSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, WebhookSettings):
            settings = self.settings.to_dict()
        else:
            settings = self.settings

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.discord_settings import DiscordSettings  # noqa: PLC0415
        from ..models.email_settings import EmailSettings  # noqa: PLC0415
        from ..models.slack_settings import SlackSettings  # noqa: PLC0415
        from ..models.telegram_settings import TelegramSettings  # noqa: PLC0415
        from ..models.webhook_settings import WebhookSettings  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_settings(
            data: object,
        ) -> DiscordSettings | EmailSettings | None | SlackSettings | TelegramSettings | Unset | WebhookSettings:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_0 = SlackSettings.from_dict(data)

                return settings_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_1 = DiscordSettings.from_dict(data)

                return settings_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_2 = TelegramSettings.from_dict(data)

                return settings_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_3 = EmailSettings.from_dict(data)

                return settings_type_0_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_4 = WebhookSettings.from_dict(data)

                return settings_type_0_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                DiscordSettings | EmailSettings | None | SlackSettings | TelegramSettings | Unset | WebhookSettings,
                data,
            )

        settings = _parse_settings(d.pop("settings", UNSET))

        channel_update = cls(
            name=name,
            enabled=enabled,
            settings=settings,
        )

        return channel_update
