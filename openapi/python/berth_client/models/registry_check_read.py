from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registry_check_read_auth_scheme import RegistryCheckReadAuthScheme

T = TypeVar("T", bound="RegistryCheckRead")


@_attrs_define
class RegistryCheckRead:
    """
    Attributes:
        registry_id (UUID):
        address (str):
        auth_scheme (RegistryCheckReadAuthScheme): How the registry authenticated us ('none': it allows anonymous
            access)
        detail (str):
        checked_at (datetime.datetime):
    """

    registry_id: UUID
    address: str
    auth_scheme: RegistryCheckReadAuthScheme
    detail: str
    checked_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        registry_id = str(self.registry_id)

        address = self.address

        auth_scheme = self.auth_scheme.value

        detail = self.detail

        checked_at = self.checked_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "registry_id": registry_id,
                "address": address,
                "auth_scheme": auth_scheme,
                "detail": detail,
                "checked_at": checked_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        registry_id = UUID(d.pop("registry_id"))

        address = d.pop("address")

        auth_scheme = RegistryCheckReadAuthScheme(d.pop("auth_scheme"))

        detail = d.pop("detail")

        checked_at = datetime.datetime.fromisoformat(d.pop("checked_at"))

        registry_check_read = cls(
            registry_id=registry_id,
            address=address,
            auth_scheme=auth_scheme,
            detail=detail,
            checked_at=checked_at,
        )

        registry_check_read.additional_properties = d
        return registry_check_read

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
