from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationUpdate")


@_attrs_define
class OrganizationUpdate:
    """
    Attributes:
        name (None | str | Unset):
        acme_email (None | str | Unset): ACME (Let's Encrypt) account e-mail used on every server
    """

    name: None | str | Unset = UNSET
    acme_email: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        acme_email: None | str | Unset
        if isinstance(self.acme_email, Unset):
            acme_email = UNSET
        else:
            acme_email = self.acme_email

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if acme_email is not UNSET:
            field_dict["acme_email"] = acme_email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_acme_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acme_email = _parse_acme_email(d.pop("acme_email", UNSET))

        organization_update = cls(
            name=name,
            acme_email=acme_email,
        )

        return organization_update
