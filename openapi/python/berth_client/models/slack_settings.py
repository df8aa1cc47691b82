from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SlackSettings")


@_attrs_define
class SlackSettings:
    """
    Attributes:
        kind (Literal['slack']):
        webhook_url (str): The incoming webhook URL (write-only: it is the credential)
    """

    kind: Literal["slack"]
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
        kind = cast(Literal["slack"], d.pop("kind"))
        if kind != "slack":
            raise ValueError(f"kind must match const 'slack', got '{kind}'")

        webhook_url = d.pop("webhook_url")

        slack_settings = cls(
            kind=kind,
            webhook_url=webhook_url,
        )

        return slack_settings
