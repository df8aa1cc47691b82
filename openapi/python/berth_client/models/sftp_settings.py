from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SftpSettings")


@_attrs_define
class SftpSettings:
    """
    Attributes:
        host (str):
        username (str):
        kind (Literal['sftp'] | Unset):  Default: 'sftp'.
        port (int | Unset):  Default: 22.
        path (str | Unset): Folder relative to the login directory ('' = the login directory) Default: ''.
    """

    host: str
    username: str
    kind: Literal["sftp"] | Unset = "sftp"
    port: int | Unset = 22
    path: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        host = self.host

        username = self.username

        kind = self.kind

        port = self.port

        path = self.path

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "host": host,
                "username": username,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if port is not UNSET:
            field_dict["port"] = port
        if path is not UNSET:
            field_dict["path"] = path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        host = d.pop("host")

        username = d.pop("username")

        kind = cast(Literal["sftp"] | Unset, d.pop("kind", UNSET))
        if kind != "sftp" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'sftp', got '{kind}'")

        port = d.pop("port", UNSET)

        path = d.pop("path", UNSET)

        sftp_settings = cls(
            host=host,
            username=username,
            kind=kind,
            port=port,
            path=path,
        )

        return sftp_settings
