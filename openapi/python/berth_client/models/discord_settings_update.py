from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DiscordSettingsUpdate")


@_attrs_define
class DiscordSettingsUpdate:
    """
    Attributes:
        kind (Literal['discord']):
        webhook_url (None | str | Unset): Write-only; leave out to keep the stored one
    """

    kind: Literal["discord"]
    webhook_url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        webhook_url: None | str | Unset
        if isinstance(self.webhook_url, Unset):
            webhook_url = UNSET
        else:
            webhook_url = self.webhook_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if webhook_url is not UNSET:
            field_dict["webhook_url"] = webhook_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["discord"], d.pop("kind"))
        if kind != "discord":
            raise ValueError(f"kind must match const 'discord', got '{kind}'")

        def _parse_webhook_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhook_url = _parse_webhook_url(d.pop("webhook_url", UNSET))

        discord_settings_update = cls(
            kind=kind,
            webhook_url=webhook_url,
        )

        return discord_settings_update
