from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="DiscordSettings")


@_attrs_define
class DiscordSettings:
    """
    Attributes:
        kind (Literal['discord']):
        webhook_url (str): The channel's webhook URL (write-only)
    """

    kind: Literal["discord"]
    webhook_url: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        webhook_url = self.webhook_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "webhook_url": webhook_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["discord"], d.pop("kind"))
        if kind != "discord":
            raise ValueError(f"kind must match const 'discord', got '{kind}'")

        webhook_url = d.pop("webhook_url")

        discord_settings = cls(
            kind=kind,
            webhook_url=webhook_url,
        )

        return discord_settings
