from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VariableRead")


@_attrs_define
class VariableRead:
    """
    Attributes:
        key (str):
        hint (None | str): A masked hint, never the value; only for callers who may change the variable (null for read-
            only roles and tokens)
        updated_at (datetime.datetime | None): When the value last changed
        created_at (datetime.datetime):
        is_set (bool | Unset):  Default: True.
    """

    key: str
    hint: None | str
    updated_at: datetime.datetime | None
    created_at: datetime.datetime
    is_set: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        hint: None | str
        hint = self.hint

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        created_at = self.created_at.isoformat()

        is_set = self.is_set

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "hint": hint,
                "updated_at": updated_at,
                "created_at": created_at,
            }
        )
        if is_set is not UNSET:
            field_dict["is_set"] = is_set

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        def _parse_hint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hint = _parse_hint(d.pop("hint"))

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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        is_set = d.pop("is_set", UNSET)

        variable_read = cls(
            key=key,
            hint=hint,
            updated_at=updated_at,
            created_at=created_at,
            is_set=is_set,
        )

        variable_read.additional_properties = d
        return variable_read

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
