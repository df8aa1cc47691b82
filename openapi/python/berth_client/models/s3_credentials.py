from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="S3Credentials")


@_attrs_define
class S3Credentials:
    """
    Attributes:
        access_key_id (str):
        secret_access_key (str):
    """

    access_key_id: str
    secret_access_key: str

    def to_dict(self) -> dict[str, Any]:
        access_key_id = self.access_key_id

        secret_access_key = self.secret_access_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access_key_id": access_key_id,
                "secret_access_key": secret_access_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_key_id = d.pop("access_key_id")

        secret_access_key = d.pop("secret_access_key")

        s3_credentials = cls(
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
        )

        return s3_credentials
