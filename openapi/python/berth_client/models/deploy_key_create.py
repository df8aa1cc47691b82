from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeployKeyCreate")


@_attrs_define
class DeployKeyCreate:
    """
    Attributes:
        private_key (None | str | Unset): OpenSSH/PEM private key; omit to generate an ed25519 key
    """

    private_key: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        private_key: None | str | Unset
        if isinstance(self.private_key, Unset):
            private_key = UNSET
        else:
            private_key = self.private_key

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if private_key is not UNSET:
            field_dict["private_key"] = private_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_private_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        private_key = _parse_private_key(d.pop("private_key", UNSET))

        deploy_key_create = cls(
            private_key=private_key,
        )

        return deploy_key_create
