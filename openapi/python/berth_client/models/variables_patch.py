from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.variables_patch_variables import VariablesPatchVariables


T = TypeVar("T", bound="VariablesPatch")


@_attrs_define
class VariablesPatch:
    """Set (string) or delete (null) variables; keys not mentioned are left alone.

    Attributes:
        variables (VariablesPatchVariables):
    """

    variables: VariablesPatchVariables

    def to_dict(self) -> dict[str, Any]:
        variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "variables": variables,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variables_patch_variables import VariablesPatchVariables  # noqa: PLC0415

        d = dict(src_dict)
        variables = VariablesPatchVariables.from_dict(d.pop("variables"))

        variables_patch = cls(
            variables=variables,
        )

        return variables_patch
