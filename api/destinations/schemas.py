"""Destinations' payloads: one variant per kind, settings apart from write-only credentials.

Every field that ends up in the rclone config or in an object key is validated here, with
the storage's own naming rules: a bucket name, prefix or path that the storage would refuse
fails as a 422 now, not as a failed backup at 3 a.m., and nothing a user types can climb
out of its prefix (`..`), start at the root (`/etc`), or carry a line break into the config.
"""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from api.kit.identifiers import validate_host
from api.kit.schemas import ResourceName, Schema, WriteSchema
from api.models.destination import DestinationKind, FtpTls, HostKeyState

_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
_S3_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_GCS_BUCKET = re.compile(r"^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$")
_AZURE_CONTAINER = re.compile(r"^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")
_AZURE_ACCOUNT = re.compile(r"^[a-z0-9]{3,24}$")
_REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
# Access keys and secrets of S3-compatible services (AWS, Spaces, R2, SeaweedFS, GCS HMAC)
# are base64-ish: holding them to that keeps the INI config unambiguous.
_TOKENISH = re.compile(r"^[A-Za-z0-9+/=_.~-]+$")
_SAS = re.compile(r"^[A-Za-z0-9%&=+/:._~-]+$")
_LOGIN = re.compile(r"^[A-Za-z0-9._@+-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_relative_path(value: str) -> str:
    """A prefix or path under the destination's root: relative, no `.`/`..` segments."""
    if value.startswith("/"):
        raise ValueError(
            "must be relative (no leading '/'): it is taken under the bucket or the login directory"
        )
    value = value.rstrip("/")
    if not value:
        return ""
    for segment in value.split("/"):
        if segment in ("", ".", ".."):
            raise ValueError("must not contain empty, '.' or '..' segments")
        if not _SEGMENT.match(segment):
            raise ValueError(f"segment {segment!r} may only use letters, digits, '.', '_' and '-'")
    return value


def validate_s3_bucket(value: str) -> str:
    if not _S3_BUCKET.match(value) or ".." in value or ".-" in value or "-." in value:
        raise ValueError(
            "must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a "
            "letter or digit (S3's bucket naming rules)"
        )
    if _is_ip(value):
        raise ValueError("must not be formatted as an IP address")
    return value


def validate_gcs_bucket(value: str) -> str:
    if not _GCS_BUCKET.match(value) or value.startswith("goog") or "google" in value:
        raise ValueError(
            "must be 3-63 lowercase letters, digits, '.', '_' or '-', starting and ending "
            "with a letter or digit, and must not start with 'goog' (GCS's naming rules)"
        )
    if _is_ip(value):
        raise ValueError("must not be formatted as an IP address")
    return value


def validate_azure_container(value: str) -> str:
    if not _AZURE_CONTAINER.match(value):
        raise ValueError(
            "must be 3-63 lowercase letters, digits or single '-', starting and ending with "
            "a letter or digit (Azure's container naming rules)"
        )
    return value


def validate_azure_account(value: str) -> str:
    if not _AZURE_ACCOUNT.match(value):
        raise ValueError("must be 3-24 lowercase letters and digits (a storage account name)")
    return value


def validate_endpoint(value: str) -> str:
    """Syntax of a storage endpoint; which addresses may be reached is the service's call
    (it knows the operator's policy), so literals are checked there, names at each check."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http"):
        raise ValueError("must be an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials (user:pass@): use the credential fields")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query or a #fragment")
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise ValueError(f"has an invalid port: {exc}") from exc
    if not host:
        raise ValueError("has no host")
    if _CONTROL.search(value) or " " in value:
        raise ValueError("must not contain spaces or control characters")
    if parts.path not in ("", "/"):
        # Only Azure's emulator-style endpoints carry the account in the path.
        validate_relative_path(parts.path.lstrip("/"))
    return value.rstrip("/")


def _token(what: str) -> Any:
    def check(value: str) -> str:
        if not _TOKENISH.match(value):
            raise ValueError(f"{what} may only hold letters, digits and + / = _ . ~ -")
        return value

    return AfterValidator(check)


def _login(value: str) -> str:
    if not _LOGIN.match(value):
        raise ValueError("must be 1-64 letters, digits or . _ @ + -")
    return value


def _no_control(value: str) -> str:
    if _CONTROL.search(value.replace("\n", "").replace("\r", "")):
        raise ValueError("must not contain control characters")
    return value


def _service_account(value: str) -> str:
    try:
        document = json.loads(value)
    except ValueError as exc:
        raise ValueError("must be the service account's JSON key file") from exc
    if not isinstance(document, dict) or document.get("type") != "service_account":
        raise ValueError('must be a JSON key file with "type": "service_account"')
    for required in ("client_email", "private_key"):
        if not isinstance(document.get(required), str):
            raise ValueError(f"the JSON key file has no {required}")
    return value


def _private_key(value: str) -> str:
    text = value.strip()
    if not text.startswith("-----BEGIN ") or "PRIVATE KEY-----" not in text:
        raise ValueError("must be a PEM or OpenSSH private key (-----BEGIN … PRIVATE KEY-----)")
    return text + "\n"


def _sas(value: str) -> str:
    value = value.removeprefix("?")
    if not _SAS.match(value) or "sig=" not in value:
        raise ValueError("must be a SAS token (sv=…&…&sig=…)")
    return value


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


Prefix = Annotated[
    str,
    StringConstraints(max_length=512),
    AfterValidator(validate_relative_path),
    Field(description="Objects go under this prefix ('' = the bucket's root); relative"),
]
RemotePath = Annotated[
    str,
    StringConstraints(max_length=1024),
    AfterValidator(validate_relative_path),
    Field(description="Folder relative to the login directory ('' = the login directory)"),
]
Endpoint = Annotated[
    str, StringConstraints(min_length=8, max_length=512), AfterValidator(validate_endpoint)
]
Hostname = Annotated[
    str, StringConstraints(min_length=1, max_length=253), AfterValidator(validate_host)
]
Port = Annotated[int, Field(ge=1, le=65535)]
Login = Annotated[str, AfterValidator(_login)]
Secret = Annotated[str, StringConstraints(min_length=1, max_length=1024, strip_whitespace=False)]


# ------------------------------------------------------------------ settings (readable)
class _Settings(Schema):
    # Strict like every write schema: settings are half of a create payload, and an unknown
    # field (a typo of `prefix`) must be an error, not silently ignored.
    model_config = ConfigDict(from_attributes=True, extra="forbid", str_strip_whitespace=True)


class S3Settings(_Settings):
    kind: Literal[DestinationKind.s3] = DestinationKind.s3
    endpoint: Endpoint | None = Field(
        default=None,
        description="https://… of an S3-compatible service (MinIO, Spaces, SeaweedFS); empty = AWS",
    )
    region: Annotated[str, StringConstraints(pattern=_REGION.pattern)] = "us-east-1"
    bucket: Annotated[str, AfterValidator(validate_s3_bucket)]
    prefix: Prefix = ""
    path_style: bool = Field(
        default=False, description="Address buckets as endpoint/bucket (MinIO, SeaweedFS)"
    )


class GcsSettings(_Settings):
    kind: Literal[DestinationKind.gcs] = DestinationKind.gcs
    bucket: Annotated[str, AfterValidator(validate_gcs_bucket)]
    prefix: Prefix = ""
    endpoint: Endpoint | None = Field(
        default=None, description="Only for a private or emulated GCS; empty = Google's"
    )


class AzureSettings(_Settings):
    kind: Literal[DestinationKind.azure] = DestinationKind.azure
    account: Annotated[str, AfterValidator(validate_azure_account)]
    container: Annotated[str, AfterValidator(validate_azure_container)]
    prefix: Prefix = ""
    endpoint: Endpoint | None = Field(
        default=None,
        description="Blob service URL; empty = https://<account>.blob.core.windows.net",
    )


class SftpSettings(_Settings):
    kind: Literal[DestinationKind.sftp] = DestinationKind.sftp
    host: Hostname
    port: Port = 22
    username: Login
    path: RemotePath = ""


class FtpSettings(_Settings):
    kind: Literal[DestinationKind.ftp] = DestinationKind.ftp
    host: Hostname
    port: Port = 21
    username: Login
    path: RemotePath = ""
    tls: FtpTls = Field(
        default=FtpTls.explicit,
        description="explicit (AUTH TLS on the control port), implicit (TLS from the first "
        "byte, usually port 990), or none: plain FTP sends the password in clear, so it "
        "is refused unless the operator allows it (BERTH_BACKUPS__ALLOW_PLAIN_FTP)",
    )


DestinationSettings = Annotated[
    S3Settings | GcsSettings | AzureSettings | SftpSettings | FtpSettings,
    Field(discriminator="kind"),
]


# --------------------------------------------------------------- credentials (write-only)
class S3Credentials(WriteSchema):
    access_key_id: Annotated[Secret, _token("the access key id")]
    secret_access_key: Annotated[Secret, _token("the secret access key")]


class GcsCredentials(WriteSchema):
    service_account_json: (
        Annotated[
            str,
            StringConstraints(min_length=2, max_length=16384, strip_whitespace=False),
            AfterValidator(_service_account),
        ]
        | None
    ) = Field(
        default=None,
        description="The service account's JSON key file; empty = anonymous (public or "
        "emulated buckets only)",
    )


class AzureCredentials(WriteSchema):
    key: Annotated[Secret, _token("the account key")] | None = None
    sas_token: Annotated[Secret, AfterValidator(_sas)] | None = Field(
        default=None, description="A container SAS token (sv=…&sig=…), instead of the key"
    )

    @model_validator(mode="after")
    def _one_of(self) -> AzureCredentials:
        if (self.key is None) == (self.sas_token is None):
            raise ValueError("give exactly one of key or sas_token")
        return self


class SftpCredentials(WriteSchema):
    private_key: (
        Annotated[
            str,
            StringConstraints(min_length=1, max_length=16384, strip_whitespace=False),
            AfterValidator(_private_key),
        ]
        | None
    ) = Field(default=None, description="An unencrypted OpenSSH or PEM private key")
    password: Annotated[Secret, AfterValidator(_no_control)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> SftpCredentials:
        if (self.private_key is None) == (self.password is None):
            raise ValueError("give exactly one of private_key or password")
        return self


class FtpCredentials(WriteSchema):
    password: Annotated[Secret, AfterValidator(_no_control)]


# ----------------------------------------------------------------- create / update
class _S3Spec(S3Settings):
    credentials: S3Credentials


class _GcsSpec(GcsSettings):
    credentials: GcsCredentials = Field(default_factory=GcsCredentials)


class _AzureSpec(AzureSettings):
    credentials: AzureCredentials


class _SftpSpec(SftpSettings):
    credentials: SftpCredentials


class _FtpSpec(FtpSettings):
    credentials: FtpCredentials


DestinationSpec = Annotated[
    _S3Spec | _GcsSpec | _AzureSpec | _SftpSpec | _FtpSpec, Field(discriminator="kind")
]


class DestinationCreate(WriteSchema):
    name: ResourceName
    spec: DestinationSpec = Field(
        description="Where and how: the kind's settings and its write-only credentials"
    )


class DestinationUpdate(WriteSchema):
    name: ResourceName | None = None
    spec: DestinationSpec | None = Field(
        default=None,
        description="Replaces the settings *and* the credentials together: stored "
        "credentials are only ever sent where they were entered for. Changing an SFTP "
        "host or port forgets its pinned host key.",
    )


class DestinationHostKeyConfirm(WriteSchema):
    fingerprint: Annotated[str, StringConstraints(min_length=8, max_length=100)] = Field(
        description="The SHA256 fingerprint the scan showed, e.g. SHA256:abc…"
    )


# ------------------------------------------------------------------------- reads
class DestinationRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    kind: DestinationKind
    settings: DestinationSettings
    credentials_set: list[str] = Field(
        description="Which credential fields are stored (never their values)"
    )
    host_key_state: HostKeyState = Field(
        description="SFTP only: unknown → pending (scanned) → trusted; changed when a "
        "scan saw another key than the pinned one. Other kinds: not_applicable"
    )
    host_key_fingerprint: str | None
    pending_host_key_fingerprint: str | None
    warnings: list[str] = Field(description="Weaknesses the operator allowed, e.g. plain FTP")
    created_at: datetime
    updated_at: datetime | None


class DestinationCheckRead(Schema):
    destination_id: uuid.UUID
    ok: Literal[True] = True
    detail: str
    probe_object: str = Field(description="The object written, read back and deleted")
    duration_ms: int
    checked_at: datetime
