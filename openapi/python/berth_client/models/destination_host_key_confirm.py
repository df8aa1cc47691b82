from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DestinationHostKeyConfirm")


@_attrs_define
class DestinationHostKeyConfirm:
    """
    Attributes:
        fingerprint (str): The SHA256 fingerprint the scan showed, e.g. SHA256:abc…
    """

    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        fingerprint = self.fingerprint

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "fingerprint": fingerprint,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        fingerprint = d.pop("fingerprint")

        destination_host_key_confirm = cls(
            fingerprint=fingerprint,
        )

        return destination_host_key_confirm
