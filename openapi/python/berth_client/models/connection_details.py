from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConnectionDetails")


@_attrs_define
class ConnectionDetails:
    """Shown only by the audited reveal.

    Attributes:
        url (str): Internal URL, as linked applications get it
        host (str):
        port (int):
        database (str):
        username (str):
        password (str):
        external_url (None | str | Unset): When published
    """

    url: str
    host: str
    port: int
    database: str
    username: str
    password: str
    external_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        host = self.host

        port = self.port

        database = self.database

        username = self.username

        password = self.password

        external_url: None | str | Unset
        if isinstance(self.external_url, Unset):
            external_url = UNSET
        else:
            external_url = self.external_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "host": host,
                "port": port,
                "database": database,
                "username": username,
                "password": password,
            }
        )
        if external_url is not UNSET:
            field_dict["external_url"] = external_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        host = d.pop("host")

        port = d.pop("port")

        database = d.pop("database")

        username = d.pop("username")

        password = d.pop("password")

        def _parse_external_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_url = _parse_external_url(d.pop("external_url", UNSET))

        connection_details = cls(
            url=url,
            host=host,
            port=port,
            database=database,
            username=username,
            password=password,
            external_url=external_url,
        )

        connection_details.additional_properties = d
        return connection_details

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
