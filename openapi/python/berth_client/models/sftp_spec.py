from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sftp_credentials import SftpCredentials


T = TypeVar("T", bound="SftpSpec")


@_attrs_define
class SftpSpec:
    """
    Attributes:
        host (str):
        username (str):
        credentials (SftpCredentials):
        kind (Literal['sftp'] | Unset):  Default: 'sftp'.
        port (int | Unset):  Default: 22.
        path (str | Unset): Folder relative to the login directory ('' = the login directory) Default: ''.
    """

    host: str
    username: str
    credentials: SftpCredentials
    kind: Literal["sftp"] | Unset = "sftp"
    port: int | Unset = 22
    path: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        host = self.host

        username = self.username

        credentials = self.credentials.to_dict()

        kind = self.kind

        port = self.port

        path = self.path

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "host": host,
                "username": username,
                "credentials": credentials,
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
        from ..models.sftp_credentials import SftpCredentials  # noqa: PLC0415

        d = dict(src_dict)
        host = d.pop("host")

        username = d.pop("username")

        credentials = SftpCredentials.from_dict(d.pop("credentials"))

        kind = cast(Literal["sftp"] | Unset, d.pop("kind", UNSET))
        if kind != "sftp" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'sftp', got '{kind}'")

        port = d.pop("port", UNSET)

        path = d.pop("path", UNSET)

        sftp_spec = cls(
            host=host,
            username=username,
            credentials=credentials,
            kind=kind,
            port=port,
            path=path,
        )

        return sftp_spec
