from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AzureSettings")


@_attrs_define
class AzureSettings:
    """
    Attributes:
        account (str):
        container (str):
        kind (Literal['azure'] | Unset):  Default: 'azure'.
        prefix (str | Unset): Objects go under this prefix ('' = the bucket's root); relative Default: ''.
        endpoint (None | str | Unset): Blob service URL; empty = https://<account>.blob.core.windows.net
    """

    account: str
    container: str
    kind: Literal["azure"] | Unset = "azure"
    prefix: str | Unset = ""
    endpoint: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        container = self.container

        kind = self.kind

        prefix = self.prefix

        endpoint: None | str | Unset
        if isinstance(self.endpoint, Unset):
            endpoint = UNSET
        else:
            endpoint = self.endpoint

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account": account,
                "container": container,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        container = d.pop("container")

        kind = cast(Literal["azure"] | Unset, d.pop("kind", UNSET))
        if kind != "azure" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'azure', got '{kind}'")

        prefix = d.pop("prefix", UNSET)

        def _parse_endpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint = _parse_endpoint(d.pop("endpoint", UNSET))

        azure_settings = cls(
            account=account,
            container=container,
            kind=kind,
            prefix=prefix,
            endpoint=endpoint,
        )

        return azure_settings
