from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from api.domains import certificates
from api.infra import traefik_domains as td
from api.kit.identifiers import Port
from api.kit.schemas import Schema, WriteSchema
from api.models import CertificateMode, WwwRedirect

Password = Annotated[str, StringConstraints(min_length=8, max_length=72)]  # bcrypt reads 72 bytes
Username = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._@+-]{1,64}$")]


class BasicAuthUser(WriteSchema):
    username: Username
    password: Password = Field(description="Stored and sent to the proxy as a bcrypt hash only")

    @field_validator("password")
    @classmethod
    def _fits_bcrypt(cls, value: str) -> str:
        # bcrypt ignores what follows byte 72: a longer password would be silently weaker.
        if len(value.encode()) > 72:
            raise ValueError("password must be at most 72 bytes in UTF-8")
        return value


class UploadedCertificate(WriteSchema):
    certificate: str = Field(max_length=64 * 1024, description="PEM chain, leaf first")
    private_key: str = Field(max_length=16 * 1024, description="PEM key; encrypted at rest")


class DomainCreate(WriteSchema):
    host: str = Field(
        max_length=253,
        description="DNS name; an IDN is stored in punycode",
        examples=["shop.example"],
    )
    path_prefix: str = Field(default="/", max_length=td.MAX_PATH_PREFIX)
    strip_prefix: bool = Field(default=False, description="Remove the prefix before the app")
    port: Port | None = Field(default=None, description="Container port; default: the app's")
    certificate: CertificateMode = CertificateMode.letsencrypt_http
    redirect_https: bool | None = Field(
        default=None, description="HTTP answers with a redirect to HTTPS (default: with TLS)"
    )
    www_redirect: WwwRedirect = WwwRedirect.none
    basic_auth: list[BasicAuthUser] = Field(default_factory=list, max_length=td.MAX_AUTH_USERS)
    headers: dict[str, str] = Field(
        default_factory=dict, max_length=td.MAX_HEADERS, description="Custom response headers"
    )
    uploaded_certificate: UploadedCertificate | None = None

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return certificates.normalize_host(value)

    @field_validator("path_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        return td.validate_path_prefix(value)

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        return td.validate_headers(value)

    @field_validator("basic_auth")
    @classmethod
    def _distinct_users(cls, value: list[BasicAuthUser]) -> list[BasicAuthUser]:
        if len({u.username for u in value}) != len(value):
            raise ValueError("user names must be distinct")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> DomainCreate:
        if self.redirect_https is None:
            self.redirect_https = self.certificate != CertificateMode.none
        if self.redirect_https and self.certificate == CertificateMode.none:
            raise ValueError("redirect_https needs a certificate (not 'none')")
        uploaded = self.certificate == CertificateMode.uploaded
        if uploaded != (self.uploaded_certificate is not None):
            raise ValueError("uploaded_certificate is required for, and only for, 'uploaded'")
        if self.strip_prefix and self.path_prefix == "/":
            raise ValueError("strip_prefix needs a path prefix other than '/'")
        td.www_alias(self.host, self.www_redirect.value)
        if self.uploaded_certificate is not None:
            certificates.check_pair(
                self.uploaded_certificate.certificate,
                self.uploaded_certificate.private_key,
                self.host,
            )
        return self


class DomainUpdate(WriteSchema):
    """Host and path prefix name the route: to change them, add a domain and remove this one.
    `basic_auth` and `headers` replace the whole list/map; `port: null` means the app's."""

    strip_prefix: bool | None = None
    port: Port | None = None
    certificate: CertificateMode | None = None
    redirect_https: bool | None = None
    www_redirect: WwwRedirect | None = None
    basic_auth: list[BasicAuthUser] | None = Field(default=None, max_length=td.MAX_AUTH_USERS)
    headers: dict[str, str] | None = Field(default=None, max_length=td.MAX_HEADERS)
    uploaded_certificate: UploadedCertificate | None = None

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else td.validate_headers(value)

    @field_validator("basic_auth")
    @classmethod
    def _distinct_users(cls, value: list[BasicAuthUser] | None) -> list[BasicAuthUser] | None:
        if value is not None and len({u.username for u in value}) != len(value):
            raise ValueError("user names must be distinct")
        return value


class DomainRead(Schema):
    id: uuid.UUID
    application_id: uuid.UUID
    server_id: uuid.UUID
    host: str = Field(description="As routed (punycode)")
    host_unicode: str
    path_prefix: str
    strip_prefix: bool
    port: int | None
    certificate: CertificateMode
    redirect_https: bool
    www_redirect: WwwRedirect
    basic_auth_users: list[str] = Field(description="User names; passwords are never returned")
    headers: dict[str, str]
    certificate_not_after: datetime | None = Field(description="Expiry of an uploaded certificate")
    created_at: datetime


CertificateState = Literal["pending", "issued", "failed", "uploaded", "none"]


class CertificateStatus(Schema):
    """What the server's proxy has for this domain, read from its ACME storage and its log."""

    domain_id: uuid.UUID
    host: str
    certificate: CertificateMode
    status: CertificateState
    reason: str | None = Field(description="The CA's or the proxy's reason when failed or pending")
    not_after: datetime | None
    issuer: str | None
    failed_at: datetime | None
