from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GcsCredentials")


@_attrs_define
class GcsCredentials:
    """
    Attributes:
        service_account_json (None | str | Unset): The service account's JSON key file; empty = anonymous (public or
            emulated buckets only)
    """

    service_account_json: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        service_account_json: None | str | Unset
        if isinstance(self.service_account_json, Unset):
            service_account_json = UNSET
        else:
            service_account_json = self.service_account_json

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if service_account_json is not UNSET:
            field_dict["service_account_json"] = service_account_json

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_service_account_json(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_account_json = _parse_service_account_json(d.pop("service_account_json", UNSET))

        gcs_credentials = cls(
            service_account_json=service_account_json,
        )

        return gcs_credentials
