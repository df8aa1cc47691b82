from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DestinationCheckRead")


@_attrs_define
class DestinationCheckRead:
    """
    Attributes:
        destination_id (UUID):
        detail (str):
        probe_object (str): The object written, read back and deleted
        duration_ms (int):
        checked_at (datetime.datetime):
        ok (bool | Unset):  Default: True.
    """

    destination_id: UUID
    detail: str
    probe_object: str
    duration_ms: int
    checked_at: datetime.datetime
    ok: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        destination_id = str(self.destination_id)

        detail = self.detail

        probe_object = self.probe_object

        duration_ms = self.duration_ms

        checked_at = self.checked_at.isoformat()

        ok = self.ok

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "destination_id": destination_id,
                "detail": detail,
                "probe_object": probe_object,
                "duration_ms": duration_ms,
                "checked_at": checked_at,
            }
        )
        if ok is not UNSET:
            field_dict["ok"] = ok

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        destination_id = UUID(d.pop("destination_id"))

        detail = d.pop("detail")

        probe_object = d.pop("probe_object")

        duration_ms = d.pop("duration_ms")

        checked_at = datetime.datetime.fromisoformat(d.pop("checked_at"))

        ok = d.pop("ok", UNSET)

        destination_check_read = cls(
            destination_id=destination_id,
            detail=detail,
            probe_object=probe_object,
            duration_ms=duration_ms,
            checked_at=checked_at,
            ok=ok,
        )

        destination_check_read.additional_properties = d
        return destination_check_read

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
