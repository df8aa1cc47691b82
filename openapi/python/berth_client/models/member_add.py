from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberAdd")


@_attrs_define
class MemberAdd:
    """
    Attributes:
        email (str):
        role (Role):
        initial_password (None | str | Unset):
        full_name (str | Unset):  Default: ''.
    """

    email: str
    role: Role
    initial_password: None | str | Unset = UNSET
    full_name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role = self.role.value

        initial_password: None | str | Unset
        if isinstance(self.initial_password, Unset):
            initial_password = UNSET
        else:
            initial_password = self.initial_password

        full_name = self.full_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "role": role,
            }
        )
        if initial_password is not UNSET:
            field_dict["initial_password"] = initial_password
        if full_name is not UNSET:
            field_dict["full_name"] = full_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        role = Role(d.pop("role"))

        def _parse_initial_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        initial_password = _parse_initial_password(d.pop("initial_password", UNSET))

        full_name = d.pop("full_name", UNSET)

        member_add = cls(
            email=email,
            role=role,
            initial_password=initial_password,
            full_name=full_name,
        )

        return member_add
