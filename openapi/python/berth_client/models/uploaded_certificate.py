from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="UploadedCertificate")


@_attrs_define
class UploadedCertificate:
    """
    Attributes:
        certificate (str): PEM chain, leaf first
        private_key (str): PEM key; encrypted at rest
    """

    certificate: str
    private_key: str

    def to_dict(self) -> dict[str, Any]:
        certificate = self.certificate

        private_key = self.private_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "certificate": certificate,
                "private_key": private_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        certificate = d.pop("certificate")

        private_key = d.pop("private_key")

        uploaded_certificate = cls(
            certificate=certificate,
            private_key=private_key,
        )

        return uploaded_certificate
