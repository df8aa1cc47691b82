from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegistryRead")


@_attrs_define
class RegistryRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        name (str):
        address (str): host[:port][/namespace]
        host (str): The registry host images name, e.g. ghcr.io
        namespace (str): Repositories these credentials cover ('' = all)
        username (str):
        password_hint (str): A masked hint, never the password
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
        has_password (bool | Unset):  Default: True.
    """

    id: UUID
    organization_id: UUID
    name: str
    address: str
    host: str
    namespace: str
    username: str
    password_hint: str
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    has_password: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        name = self.name

        address = self.address

        host = self.host

        namespace = self.namespace

        username = self.username

        password_hint = self.password_hint

        created_at = self.created_at.isoformat()

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        has_password = self.has_password

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "name": name,
                "address": address,
                "host": host,
                "namespace": namespace,
                "username": username,
                "password_hint": password_hint,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if has_password is not UNSET:
            field_dict["has_password"] = has_password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        name = d.pop("name")

        address = d.pop("address")

        host = d.pop("host")

        namespace = d.pop("namespace")

        username = d.pop("username")

        password_hint = d.pop("password_hint")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        has_password = d.pop("has_password", UNSET)

        registry_read = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            address=address,
            host=host,
            namespace=namespace,
            username=username,
            password_hint=password_hint,
            created_at=created_at,
            updated_at=updated_at,
            has_password=has_password,
        )

        registry_read.additional_properties = d
        return registry_read

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
