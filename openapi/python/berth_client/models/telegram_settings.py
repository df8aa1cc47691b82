from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TelegramSettings")


@_attrs_define
class TelegramSettings:
    """
    Attributes:
        kind (Literal['telegram']):
        bot_token (str): The bot's token from @BotFather (write-only)
        chat_id (str): A numeric chat id, or @channelusername
    """

    kind: Literal["telegram"]
    bot_token: str
    chat_id: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        bot_token = self.bot_token

        chat_id = self.chat_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "bot_token": bot_token,
                "chat_id": chat_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["telegram"], d.pop("kind"))
        if kind != "telegram":
            raise ValueError(f"kind must match const 'telegram', got '{kind}'")

        bot_token = d.pop("bot_token")

        chat_id = d.pop("chat_id")

        telegram_settings = cls(
            kind=kind,
            bot_token=bot_token,
            chat_id=chat_id,
        )

        return telegram_settings
