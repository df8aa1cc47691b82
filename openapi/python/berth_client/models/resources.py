from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Resources")


@_attrs_define
class Resources:
    """
    Attributes:
        cpu_limit (float | None | Unset): Cores
        memory_limit_mb (int | None | Unset):
    """

    cpu_limit: float | None | Unset = UNSET
    memory_limit_mb: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cpu_limit: float | None | Unset
        if isinstance(self.cpu_limit, Unset):
            cpu_limit = UNSET
        else:
            cpu_limit = self.cpu_limit

        memory_limit_mb: int | None | Unset
        if isinstance(self.memory_limit_mb, Unset):
            memory_limit_mb = UNSET
        else:
            memory_limit_mb = self.memory_limit_mb

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cpu_limit is not UNSET:
            field_dict["cpu_limit"] = cpu_limit
        if memory_limit_mb is not UNSET:
            field_dict["memory_limit_mb"] = memory_limit_mb

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_cpu_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cpu_limit = _parse_cpu_limit(d.pop("cpu_limit", UNSET))

        def _parse_memory_limit_mb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        memory_limit_mb = _parse_memory_limit_mb(d.pop("memory_limit_mb", UNSET))

        resources = cls(
            cpu_limit=cpu_limit,
            memory_limit_mb=memory_limit_mb,
        )

        return resources
