from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RegistryCreate")


@_attrs_define
class RegistryCreate:
    """
    Attributes:
        name (str):
        address (str): host[:port] as in image references (docker.io for Docker Hub), optionally followed by /namespace
            to use these credentials only for repositories under it. No scheme: registries are always reached over HTTPS.
        username (str):
        password (str): Password or access token; write-only
    """

    name: str
    address: str
    username: str
    password: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        address = self.address

        username = self.username

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "address": address,
                "username": username,
                "password": password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        address = d.pop("address")

        username = d.pop("username")

        password = d.pop("password")

        registry_create = cls(
            name=name,
            address=address,
            username=username,
            password=password,
        )

        return registry_create
