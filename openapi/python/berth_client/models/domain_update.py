from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.certificate_mode import CertificateMode
from ..models.www_redirect import WwwRedirect
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.basic_auth_user import BasicAuthUser
    from ..models.domain_update_headers_type_0 import DomainUpdateHeadersType0
    from ..models.uploaded_certificate import UploadedCertificate


T = TypeVar("T", bound="DomainUpdate")


@_attrs_define
class DomainUpdate:
    """Host and path prefix name the route: to change them, add a domain and remove this one.
    `basic_auth` and `headers` replace the whole list/map; `port: null` means the app's.

        Attributes:
            strip_prefix (bool | None | Unset):
            port (int | None | Unset):
            certificate (CertificateMode | None | Unset):
            redirect_https (bool | None | Unset):
            www_redirect (None | Unset | WwwRedirect):
            basic_auth (list[BasicAuthUser] | None | Unset):
            headers (DomainUpdateHeadersType0 | None | Unset):
            uploaded_certificate (None | Unset | UploadedCertificate):
    """

    strip_prefix: bool | None | Unset = UNSET
    port: int | None | Unset = UNSET
    certificate: CertificateMode | None | Unset = UNSET
    redirect_https: bool | None | Unset = UNSET
    www_redirect: None | Unset | WwwRedirect = UNSET
    basic_auth: list[BasicAuthUser] | None | Unset = UNSET
    headers: DomainUpdateHeadersType0 | None | Unset = UNSET
    uploaded_certificate: None | Unset | UploadedCertificate = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.domain_update_headers_type_0 import DomainUpdateHeadersType0  # noqa: PLC0415
        from ..models.uploaded_certificate import UploadedCertificate  # noqa: PLC0415

        strip_prefix: bool | None | Unset
        if isinstance(self.strip_prefix, Unset):
            strip_prefix = UNSET
        else:
            strip_prefix = self.strip_prefix

        port: int | None | Unset
        if isinstance(self.port, Unset):
            port = UNSET
        else:
            port = self.port

        certificate: None | str | Unset
        if isinstance(self.certificate, Unset):
            certificate = UNSET
        elif isinstance(self.certificate, CertificateMode):
            certificate = self.certificate.value
        else:
            certificate = self.certificate

        redirect_https: bool | None | Unset
        if isinstance(self.redirect_https, Unset):
            redirect_https = UNSET
        else:
            redirect_https = self.redirect_https

        www_redirect: None | str | Unset
        if isinstance(self.www_redirect, Unset):
            www_redirect = UNSET
        elif isinstance(self.www_redirect, WwwRedirect):
            www_redirect = self.www_redirect.value
        else:
            www_redirect = self.www_redirect

        basic_auth: list[dict[str, Any]] | None | Unset
        if isinstance(self.basic_auth, Unset):
            basic_auth = UNSET
        elif isinstance(self.basic_auth, list):
            basic_auth = []
            for basic_auth_type_0_item_data in self.basic_auth:
                basic_auth_type_0_item = basic_auth_type_0_item_data.to_dict()
                basic_auth.append(basic_auth_type_0_item)

        else:
            basic_auth = self.basic_auth

        headers: dict[str, Any] | None | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        elif isinstance(self.headers, DomainUpdateHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        uploaded_certificate: dict[str, Any] | None | Unset
        if isinstance(self.uploaded_certificate, Unset):
            uploaded_certificate = UNSET
        elif isinstance(self.uploaded_certificate, UploadedCertificate):
            uploaded_certificate = self.uploaded_certificate.to_dict()
        else:
            uploaded_certificate = self.uploaded_certificate

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if strip_prefix is not UNSET:
            field_dict["strip_prefix"] = strip_prefix
        if port is not UNSET:
            field_dict["port"] = port
        if certificate is not UNSET:
            field_dict["certificate"] = certificate
        if redirect_https is not UNSET:
            field_dict["redirect_https"] = redirect_https
        if www_redirect is not UNSET:
            field_dict["www_redirect"] = www_redirect
        if basic_auth is not UNSET:
            field_dict["basic_auth"] = basic_auth
        if headers is not UNSET:
            field_dict["headers"] = headers
        if uploaded_certificate is not UNSET:
            field_dict["uploaded_certificate"] = uploaded_certificate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.basic_auth_user import BasicAuthUser  # noqa: PLC0415
        from ..models.domain_update_headers_type_0 import DomainUpdateHeadersType0  # noqa: PLC0415
        from ..models.uploaded_certificate import UploadedCertificate  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_strip_prefix(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        strip_prefix = _parse_strip_prefix(d.pop("strip_prefix", UNSET))

        def _parse_port(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        port = _parse_port(d.pop("port", UNSET))

        def _parse_certificate(data: object) -> CertificateMode | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                certificate_type_0 = CertificateMode(data)

                return certificate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CertificateMode | None | Unset, data)

        certificate = _parse_certificate(d.pop("certificate", UNSET))

        def _parse_redirect_https(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        redirect_https = _parse_redirect_https(d.pop("redirect_https", UNSET))

        def _parse_www_redirect(data: object) -> None | Unset | WwwRedirect:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                www_redirect_type_0 = WwwRedirect(data)

                return www_redirect_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WwwRedirect, data)

        www_redirect = _parse_www_redirect(d.pop("www_redirect", UNSET))

        def _parse_basic_auth(data: object) -> list[BasicAuthUser] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                basic_auth_type_0 = []
                _basic_auth_type_0 = data
                for basic_auth_type_0_item_data in _basic_auth_type_0:
                    basic_auth_type_0_item = BasicAuthUser.from_dict(basic_auth_type_0_item_data)

                    basic_auth_type_0.append(basic_auth_type_0_item)

                return basic_auth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[BasicAuthUser] | None | Unset, data)

        basic_auth = _parse_basic_auth(d.pop("basic_auth", UNSET))

        def _parse_headers(data: object) -> DomainUpdateHeadersType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                headers_type_0 = DomainUpdateHeadersType0.from_dict(data)

                return headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DomainUpdateHeadersType0 | None | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        def _parse_uploaded_certificate(data: object) -> None | Unset | UploadedCertificate:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                uploaded_certificate_type_0 = UploadedCertificate.from_dict(data)

                return uploaded_certificate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UploadedCertificate, data)

        uploaded_certificate = _parse_uploaded_certificate(d.pop("uploaded_certificate", UNSET))

        domain_update = cls(
            strip_prefix=strip_prefix,
            port=port,
            certificate=certificate,
            redirect_https=redirect_https,
            www_redirect=www_redirect,
            basic_auth=basic_auth,
            headers=headers,
            uploaded_certificate=uploaded_certificate,
        )

        return domain_update
