from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.certificate_mode import CertificateMode
from ..models.www_redirect import WwwRedirect
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.basic_auth_user import BasicAuthUser
    from ..models.domain_create_headers import DomainCreateHeaders
    from ..models.uploaded_certificate import UploadedCertificate


T = TypeVar("T", bound="DomainCreate")


@_attrs_define
class DomainCreate:
    """
    Attributes:
        host (str): DNS name; an IDN is stored in punycode
        path_prefix (str | Unset):  Default: '/'.
        strip_prefix (bool | Unset): Remove the prefix before the app Default: False.
        port (int | None | Unset): Container port; default: the app's
        certificate (CertificateMode | Unset):
        redirect_https (bool | None | Unset): HTTP answers with a redirect to HTTPS (default: with TLS)
        www_redirect (WwwRedirect | Unset):
        basic_auth (list[BasicAuthUser] | Unset):
        headers (DomainCreateHeaders | Unset): Custom response headers
        uploaded_certificate (None | Unset | UploadedCertificate):
    """

    host: str
    path_prefix: str | Unset = "/"
    strip_prefix: bool | Unset = False
    port: int | None | Unset = UNSET
    certificate: CertificateMode | Unset = UNSET
    redirect_https: bool | None | Unset = UNSET
    www_redirect: WwwRedirect | Unset = UNSET
    basic_auth: list[BasicAuthUser] | Unset = UNSET
    headers: DomainCreateHeaders | Unset = UNSET
    uploaded_certificate: None | Unset | UploadedCertificate = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.uploaded_certificate import UploadedCertificate  # noqa: PLC0415

        host = self.host

        path_prefix = self.path_prefix

        strip_prefix = self.strip_prefix

        port: int | None | Unset
        if isinstance(self.port, Unset):
            port = UNSET
        else:
            port = self.port

        certificate: str | Unset = UNSET
        if not isinstance(self.certificate, Unset):
            certificate = self.certificate.value

        redirect_https: bool | None | Unset
        if isinstance(self.redirect_https, Unset):
            redirect_https = UNSET
        else:
            redirect_https = self.redirect_https

        www_redirect: str | Unset = UNSET
        if not isinstance(self.www_redirect, Unset):
            www_redirect = self.www_redirect.value

        basic_auth: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.basic_auth, Unset):
            basic_auth = []
            for basic_auth_item_data in self.basic_auth:
                basic_auth_item = basic_auth_item_data.to_dict()
                basic_auth.append(basic_auth_item)

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        uploaded_certificate: dict[str, Any] | None | Unset
        if isinstance(self.uploaded_certificate, Unset):
            uploaded_certificate = UNSET
        elif isinstance(self.uploaded_certificate, UploadedCertificate):
            uploaded_certificate = self.uploaded_certificate.to_dict()
        else:
            uploaded_certificate = self.uploaded_certificate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "host": host,
            }
        )
        if path_prefix is not UNSET:
            field_dict["path_prefix"] = path_prefix
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
        from ..models.domain_create_headers import DomainCreateHeaders  # noqa: PLC0415
        from ..models.uploaded_certificate import UploadedCertificate  # noqa: PLC0415

        d = dict(src_dict)
        host = d.pop("host")

        path_prefix = d.pop("path_prefix", UNSET)

        strip_prefix = d.pop("strip_prefix", UNSET)

        def _parse_port(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        port = _parse_port(d.pop("port", UNSET))

        _certificate = d.pop("certificate", UNSET)
        certificate: CertificateMode | Unset
        if isinstance(_certificate, Unset):
            certificate = UNSET
        else:
            certificate = CertificateMode(_certificate)

        def _parse_redirect_https(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        redirect_https = _parse_redirect_https(d.pop("redirect_https", UNSET))

        _www_redirect = d.pop("www_redirect", UNSET)
        www_redirect: WwwRedirect | Unset
        if isinstance(_www_redirect, Unset):
            www_redirect = UNSET
        else:
            www_redirect = WwwRedirect(_www_redirect)

        _basic_auth = d.pop("basic_auth", UNSET)
        basic_auth: list[BasicAuthUser] | Unset = UNSET
        if _basic_auth is not UNSET:
            basic_auth = []
            for basic_auth_item_data in _basic_auth:
                basic_auth_item = BasicAuthUser.from_dict(basic_auth_item_data)

                basic_auth.append(basic_auth_item)

        _headers = d.pop("headers", UNSET)
        headers: DomainCreateHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = DomainCreateHeaders.from_dict(_headers)

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

        domain_create = cls(
            host=host,
            path_prefix=path_prefix,
            strip_prefix=strip_prefix,
            port=port,
            certificate=certificate,
            redirect_https=redirect_https,
            www_redirect=www_redirect,
            basic_auth=basic_auth,
            headers=headers,
            uploaded_certificate=uploaded_certificate,
        )

        return domain_create
