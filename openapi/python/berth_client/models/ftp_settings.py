from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.ftp_tls import FtpTls
from ..types import UNSET, Unset

T = TypeVar("T", bound="FtpSettings")


@_attrs_define
class FtpSettings:
    """
    Attributes:
        host (str):
        username (str):
        kind (Literal['ftp'] | Unset):  Default: 'ftp'.
        port (int | Unset):  Default: 21.
        path (str | Unset): Folder relative to the login directory ('' = the login directory) Default: ''.
        tls (FtpTls | Unset):
    """

    host: str
    username: str
    kind: Literal["ftp"] | Unset = "ftp"
    port: int | Unset = 21
    path: str | Unset = ""
    tls: FtpTls | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        host = self.host

        username = self.username

        kind = self.kind

        port = self.port

        path = self.path

        tls: str | Unset = UNSET
        if not isinstance(self.tls, Unset):
            tls = self.tls.value

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
        if tls is not UNSET:
            field_dict["tls"] = tls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        host = d.pop("host")

        username = d.pop("username")

        kind = cast(Literal["ftp"] | Unset, d.pop("kind", UNSET))
        if kind != "ftp" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'ftp', got '{kind}'")

        port = d.pop("port", UNSET)

        path = d.pop("path", UNSET)

        _tls = d.pop("tls", UNSET)
        tls: FtpTls | Unset
        if isinstance(_tls, Unset):
            tls = UNSET
        else:
            tls = FtpTls(_tls)

        ftp_settings = cls(
            host=host,
            username=username,
            kind=kind,
            port=port,
            path=path,
            tls=tls,
        )

        return ftp_settings
