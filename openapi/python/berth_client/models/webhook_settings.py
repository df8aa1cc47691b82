from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WebhookSettings")


@_attrs_define
class WebhookSettings:
    """
    Attributes:
        kind (Literal['webhook']):
        url (str): Where events are POSTed as JSON (https)
        signing_secret (str): Signs each body: X-Berth-Signature is v1=hex(HMAC-SHA256(secret, X-Berth-Timestamp + '.' +
            body)); refuse timestamps older than 5 minutes. Write-only.
    """

    kind: Literal["webhook"]
    url: str
    signing_secret: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        url = self.url

        signing_secret = self.signing_secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "url": url,
                "signing_secret": signing_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["webhook"], d.pop("kind"))
        if kind != "webhook":
            raise ValueError(f"kind must match const 'webhook', got '{kind}'")

        url = d.pop("url")

        signing_secret = d.pop("signing_secret")

        webhook_settings = cls(
            kind=kind,
            url=url,
            signing_secret=signing_secret,
        )

        return webhook_settings
