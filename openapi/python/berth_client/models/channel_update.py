from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.discord_settings_update import DiscordSettingsUpdate
    from ..models.email_settings_update import EmailSettingsUpdate
    from ..models.slack_settings_update import SlackSettingsUpdate
    from ..models.telegram_settings_update import TelegramSettingsUpdate
    from ..models.webhook_settings_update import WebhookSettingsUpdate


T = TypeVar("T", bound="ChannelUpdate")


@_attrs_define
class ChannelUpdate:
    """
    Attributes:
        name (None | str | Unset):
        enabled (bool | None | Unset):
        settings (DiscordSettingsUpdate | EmailSettingsUpdate | None | SlackSettingsUpdate | TelegramSettingsUpdate |
            Unset | WebhookSettingsUpdate): Replaces every setting; a secret left out keeps its stored value (it is never
            read back). The kind cannot change
    """

    name: None | str | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    settings: (
        DiscordSettingsUpdate
        | EmailSettingsUpdate
        | None
        | SlackSettingsUpdate
        | TelegramSettingsUpdate
        | Unset
        | WebhookSettingsUpdate
    ) = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.discord_settings_update import DiscordSettingsUpdate  # noqa: PLC0415
        from ..models.email_settings_update import EmailSettingsUpdate  # noqa: PLC0415
        from ..models.slack_settings_update import SlackSettingsUpdate  # noqa: PLC0415
        from ..models.telegram_settings_update import TelegramSettingsUpdate  # noqa: PLC0415
        from ..models.webhook_settings_update import WebhookSettingsUpdate  # noqa: PLC0415

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
        elif isinstance(self.settings, SlackSettingsUpdate):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, DiscordSettingsUpdate):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, TelegramSettingsUpdate):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, EmailSettingsUpdate):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, WebhookSettingsUpdate):
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
        from ..models.discord_settings_update import DiscordSettingsUpdate  # noqa: PLC0415
        from ..models.email_settings_update import EmailSettingsUpdate  # noqa: PLC0415
        from ..models.slack_settings_update import SlackSettingsUpdate  # noqa: PLC0415
        from ..models.telegram_settings_update import TelegramSettingsUpdate  # noqa: PLC0415
        from ..models.webhook_settings_update import WebhookSettingsUpdate  # noqa: PLC0415

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
        ) -> (
            DiscordSettingsUpdate
            | EmailSettingsUpdate
            | None
            | SlackSettingsUpdate
            | TelegramSettingsUpdate
            | Unset
            | WebhookSettingsUpdate
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_0 = SlackSettingsUpdate.from_dict(data)

                return settings_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_1 = DiscordSettingsUpdate.from_dict(data)

                return settings_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_2 = TelegramSettingsUpdate.from_dict(data)

                return settings_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_3 = EmailSettingsUpdate.from_dict(data)

                return settings_type_0_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0_type_4 = WebhookSettingsUpdate.from_dict(data)

                return settings_type_0_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                DiscordSettingsUpdate
                | EmailSettingsUpdate
                | None
                | SlackSettingsUpdate
                | TelegramSettingsUpdate
                | Unset
                | WebhookSettingsUpdate,
                data,
            )

        settings = _parse_settings(d.pop("settings", UNSET))

        channel_update = cls(
            name=name,
            enabled=enabled,
            settings=settings,
        )

        return channel_update
