from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.certificate_mode import CertificateMode
from ..models.www_redirect import WwwRedirect

if TYPE_CHECKING:
    from ..models.domain_read_headers import DomainReadHeaders


T = TypeVar("T", bound="DomainRead")


@_attrs_define
class DomainRead:
    """
    Attributes:
        id (UUID):
        application_id (UUID):
        server_id (UUID):
        host (str): As routed (punycode)
        host_unicode (str):
        path_prefix (str):
        strip_prefix (bool):
        port (int | None):
        certificate (CertificateMode):
        redirect_https (bool):
        www_redirect (WwwRedirect):
        basic_auth_users (list[str]): User names; passwords are never returned
        headers (DomainReadHeaders):
        certificate_not_after (datetime.datetime | None): Expiry of an uploaded certificate
        created_at (datetime.datetime):
    """

    id: UUID
    application_id: UUID
    server_id: UUID
    host: str
    host_unicode: str
    path_prefix: str
    strip_prefix: bool
    port: int | None
    certificate: CertificateMode
    redirect_https: bool
    www_redirect: WwwRedirect
    basic_auth_users: list[str]
    headers: DomainReadHeaders
    certificate_not_after: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        application_id = str(self.application_id)

        server_id = str(self.server_id)

        host = self.host

        host_unicode = self.host_unicode

        path_prefix = self.path_prefix

        strip_prefix = self.strip_prefix

        port: int | None
        port = self.port

        certificate = self.certificate.value

        redirect_https = self.redirect_https

        www_redirect = self.www_redirect.value

        basic_auth_users = self.basic_auth_users

        headers = self.headers.to_dict()

        certificate_not_after: None | str
        if isinstance(self.certificate_not_after, datetime.datetime):
            certificate_not_after = self.certificate_not_after.isoformat()
        else:
            certificate_not_after = self.certificate_not_after

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "application_id": application_id,
                "server_id": server_id,
                "host": host,
                "host_unicode": host_unicode,
                "path_prefix": path_prefix,
                "strip_prefix": strip_prefix,
                "port": port,
                "certificate": certificate,
                "redirect_https": redirect_https,
                "www_redirect": www_redirect,
                "basic_auth_users": basic_auth_users,
                "headers": headers,
                "certificate_not_after": certificate_not_after,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.domain_read_headers import DomainReadHeaders  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        application_id = UUID(d.pop("application_id"))

        server_id = UUID(d.pop("server_id"))

        host = d.pop("host")

        host_unicode = d.pop("host_unicode")

        path_prefix = d.pop("path_prefix")

        strip_prefix = d.pop("strip_prefix")

        def _parse_port(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        port = _parse_port(d.pop("port"))

        certificate = CertificateMode(d.pop("certificate"))

        redirect_https = d.pop("redirect_https")

        www_redirect = WwwRedirect(d.pop("www_redirect"))

        basic_auth_users = cast(list[str], d.pop("basic_auth_users"))

        headers = DomainReadHeaders.from_dict(d.pop("headers"))

        def _parse_certificate_not_after(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                certificate_not_after_type_0 = datetime.datetime.fromisoformat(data)

                return certificate_not_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        certificate_not_after = _parse_certificate_not_after(d.pop("certificate_not_after"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        domain_read = cls(
            id=id,
            application_id=application_id,
            server_id=server_id,
            host=host,
            host_unicode=host_unicode,
            path_prefix=path_prefix,
            strip_prefix=strip_prefix,
            port=port,
            certificate=certificate,
            redirect_https=redirect_https,
            www_redirect=www_redirect,
            basic_auth_users=basic_auth_users,
            headers=headers,
            certificate_not_after=certificate_not_after,
            created_at=created_at,
        )

        domain_read.additional_properties = d
        return domain_read

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
