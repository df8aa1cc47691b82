from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AzureCredentials")


@_attrs_define
class AzureCredentials:
    """
    Attributes:
        key (None | str | Unset):
        sas_token (None | str | Unset): A container SAS token (sv=…&sig=…), instead of the key
    """

    key: None | str | Unset = UNSET
    sas_token: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        key: None | str | Unset
        if isinstance(self.key, Unset):
            key = UNSET
        else:
            key = self.key

        sas_token: None | str | Unset
        if isinstance(self.sas_token, Unset):
            sas_token = UNSET
        else:
            sas_token = self.sas_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if key is not UNSET:
            field_dict["key"] = key
        if sas_token is not UNSET:
            field_dict["sas_token"] = sas_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        key = _parse_key(d.pop("key", UNSET))

        def _parse_sas_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sas_token = _parse_sas_token(d.pop("sas_token", UNSET))

        azure_credentials = cls(
            key=key,
            sas_token=sas_token,
        )

        return azure_credentials
