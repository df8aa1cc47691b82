from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkCreate")


@_attrs_define
class LinkCreate:
    """
    Attributes:
        database_id (UUID):
        variable (str | Unset):  Default: 'DATABASE_URL'.
    """

    database_id: UUID
    variable: str | Unset = "DATABASE_URL"

    def to_dict(self) -> dict[str, Any]:
        database_id = str(self.database_id)

        variable = self.variable

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "database_id": database_id,
            }
        )
        if variable is not UNSET:
            field_dict["variable"] = variable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        database_id = UUID(d.pop("database_id"))

        variable = d.pop("variable", UNSET)

        link_create = cls(
            database_id=database_id,
            variable=variable,
        )

        return link_create
