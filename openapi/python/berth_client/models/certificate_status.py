from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.certificate_mode import CertificateMode
from ..models.certificate_status_status import CertificateStatusStatus

T = TypeVar("T", bound="CertificateStatus")


@_attrs_define
class CertificateStatus:
    """What the server's proxy has for this domain, read from its ACME storage and its log.

    Attributes:
        domain_id (UUID):
        host (str):
        certificate (CertificateMode):
        status (CertificateStatusStatus):
        reason (None | str): The CA's or the proxy's reason when failed or pending
        not_after (datetime.datetime | None):
        issuer (None | str):
        failed_at (datetime.datetime | None):
    """

    domain_id: UUID
    host: str
    certificate: CertificateMode
    status: CertificateStatusStatus
    reason: None | str
    not_after: datetime.datetime | None
    issuer: None | str
    failed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        domain_id = str(self.domain_id)

        host = self.host

        certificate = self.certificate.value

        status = self.status.value

        reason: None | str
        reason = self.reason

        not_after: None | str
        if isinstance(self.not_after, datetime.datetime):
            not_after = self.not_after.isoformat()
        else:
            not_after = self.not_after

        issuer: None | str
        issuer = self.issuer

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "domain_id": domain_id,
                "host": host,
                "certificate": certificate,
                "status": status,
                "reason": reason,
                "not_after": not_after,
                "issuer": issuer,
                "failed_at": failed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        domain_id = UUID(d.pop("domain_id"))

        host = d.pop("host")

        certificate = CertificateMode(d.pop("certificate"))

        status = CertificateStatusStatus(d.pop("status"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_not_after(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                not_after_type_0 = datetime.datetime.fromisoformat(data)

                return not_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        not_after = _parse_not_after(d.pop("not_after"))

        def _parse_issuer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        issuer = _parse_issuer(d.pop("issuer"))

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)

                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))

        certificate_status = cls(
            domain_id=domain_id,
            host=host,
            certificate=certificate,
            status=status,
            reason=reason,
            not_after=not_after,
            issuer=issuer,
            failed_at=failed_at,
        )

        certificate_status.additional_properties = d
        return certificate_status

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
