from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TelegramSettingsUpdate")


@_attrs_define
class TelegramSettingsUpdate:
    """
    Attributes:
        kind (Literal['telegram']):
        chat_id (str): A numeric chat id, or @channelusername
        bot_token (None | str | Unset): Write-only; leave out to keep the stored one
    """

    kind: Literal["telegram"]
    chat_id: str
    bot_token: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        chat_id = self.chat_id

        bot_token: None | str | Unset
        if isinstance(self.bot_token, Unset):
            bot_token = UNSET
        else:
            bot_token = self.bot_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "chat_id": chat_id,
            }
        )
        if bot_token is not UNSET:
            field_dict["bot_token"] = bot_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["telegram"], d.pop("kind"))
        if kind != "telegram":
            raise ValueError(f"kind must match const 'telegram', got '{kind}'")

        chat_id = d.pop("chat_id")

        def _parse_bot_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bot_token = _parse_bot_token(d.pop("bot_token", UNSET))

        telegram_settings_update = cls(
            kind=kind,
            chat_id=chat_id,
            bot_token=bot_token,
        )

        return telegram_settings_update
