from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.email_settings_update_tls import EmailSettingsUpdateTls
from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailSettingsUpdate")


@_attrs_define
class EmailSettingsUpdate:
    """
    Attributes:
        kind (Literal['email']):
        host (str):
        sender (str): The From address
        recipients (list[str]):
        port (int | Unset):  Default: 587.
        tls (EmailSettingsUpdateTls | Unset):  Default: EmailSettingsUpdateTls.STARTTLS.
        username (str | Unset): Empty: no login (a stored password is dropped) Default: ''.
        password (None | str | Unset): Write-only; leave out to keep the stored one
    """

    kind: Literal["email"]
    host: str
    sender: str
    recipients: list[str]
    port: int | Unset = 587
    tls: EmailSettingsUpdateTls | Unset = EmailSettingsUpdateTls.STARTTLS
    username: str | Unset = ""
    password: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        host = self.host

        sender = self.sender

        recipients = self.recipients

        port = self.port

        tls: str | Unset = UNSET
        if not isinstance(self.tls, Unset):
            tls = self.tls.value

        username = self.username

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "host": host,
                "sender": sender,
                "recipients": recipients,
            }
        )
        if port is not UNSET:
            field_dict["port"] = port
        if tls is not UNSET:
            field_dict["tls"] = tls
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["email"], d.pop("kind"))
        if kind != "email":
            raise ValueError(f"kind must match const 'email', got '{kind}'")

        host = d.pop("host")

        sender = d.pop("sender")

        recipients = cast(list[str], d.pop("recipients"))

        port = d.pop("port", UNSET)

        _tls = d.pop("tls", UNSET)
        tls: EmailSettingsUpdateTls | Unset
        if isinstance(_tls, Unset):
            tls = UNSET
        else:
            tls = EmailSettingsUpdateTls(_tls)

        username = d.pop("username", UNSET)

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        email_settings_update = cls(
            kind=kind,
            host=host,
            sender=sender,
            recipients=recipients,
            port=port,
            tls=tls,
            username=username,
            password=password,
        )

        return email_settings_update
