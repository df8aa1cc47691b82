from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, HttpUrl, StringConstraints

from api.kit.identifiers import DomainName, HostAddress, ImageRef, IPAddress, Port, Username
from api.kit.schemas import JobAttempt, ResourceName, Schema, WriteSchema
from api.models import HostKeyStatus, JobStatus, ServerKind, ServerStatus


def _https_only(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        raise ValueError("the ACME directory must be an https:// URL")
    return url


AcmeDirectoryUrl = Annotated[HttpUrl, AfterValidator(_https_only)]


def _ca_bundle(pem: str) -> str:
    from api.infra.traefik import normalize_ca_bundle  # noqa: PLC0415 - keeps schemas light

    return normalize_ca_bundle(pem)


# PEM certificates the proxy trusts for a private ACME directory's TLS (step-ca, pebble).
AcmeCaBundle = Annotated[str, StringConstraints(max_length=500 * 1024), AfterValidator(_ca_bundle)]
PrivateKeyText = Annotated[str, StringConstraints(min_length=64, max_length=16384)]


class ServerCreate(WriteSchema):
    name: ResourceName
    host: HostAddress
    port: Port = 22
    username: Username = Field(
        default="root", description="SSH user; a non-root user in the docker group works too"
    )
    private_key: PrivateKeyText | None = Field(
        default=None,
        description="Unencrypted OpenSSH/PEM private key. Omit to have Berth generate an "
        "ed25519 key; add its public key to the user's authorized_keys.",
    )
    advertise_addr: IPAddress | None = Field(
        default=None, description="Swarm advertise address (default: the host, if an IP)"
    )
    base_domain: DomainName | None = Field(
        default=None, description="Apps get <app>.<base_domain> host names on this server"
    )
    proxy_image: ImageRef | None = Field(
        default=None,
        description="Traefik image the setup runs (a pinned tag or digest; a private mirror "
        "works). Default: the control plane's BERTH_SERVERS__PROXY_IMAGE",
    )
    acme_directory_url: AcmeDirectoryUrl | None = Field(
        default=None,
        description="ACME directory (https). Default: the control plane's "
        "BERTH_SERVERS__ACME_DIRECTORY_URL, else Let's Encrypt production",
    )
    acme_ca_bundle: AcmeCaBundle | None = Field(
        default=None, description="Extra CA certificates (PEM) to trust for the ACME directory"
    )


class ServerUpdate(WriteSchema):
    name: ResourceName | None = None
    host: HostAddress | None = None
    port: Port | None = None
    username: Username | None = None
    private_key: PrivateKeyText | None = None
    advertise_addr: IPAddress | None = None
    base_domain: DomainName | None = None
    # The proxy's settings take effect at the next setup run (POST /servers/{id}/setups);
    # null puts one back to the control plane's default.
    proxy_image: ImageRef | None = Field(
        default=None, description="Traefik image; null: the control plane's default"
    )
    acme_directory_url: AcmeDirectoryUrl | None = Field(
        default=None, description="ACME directory (https); null: the control plane's default"
    )
    acme_ca_bundle: AcmeCaBundle | None = Field(
        default=None, description="Extra CAs (PEM) for the ACME directory; null: none"
    )


class HostKeyConfirm(WriteSchema):
    fingerprint: Annotated[str, StringConstraints(min_length=8, max_length=100)] = Field(
        description="The SHA256 fingerprint shown by the scan, e.g. SHA256:abc…"
    )


class ServerFacts(Schema):
    docker_version: str | None = None
    api_version: str | None = None
    os: str | None = None
    architecture: str | None = None
    cpus: int | None = None
    memory_bytes: int | None = None
    disk_total_bytes: int | None = None
    disk_free_bytes: int | None = None
    swarm_state: str | None = None
    swarm_node_id: str | None = None
    swarm_manager: bool | None = None
    buildkit: bool | None = Field(
        default=None,
        description="Whether the server's docker runs BuildKit builds (needed for build secrets)",
    )
    build_cli: str | None = Field(default=None, description="The docker CLI builds run with")
    build_mode: str | None = Field(default=None, description="buildx, integrated or legacy")


class ServerRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    kind: ServerKind
    host: str
    port: int
    username: str
    public_key: str = Field(description="Add this to the SSH user's ~/.ssh/authorized_keys")
    host_key_status: HostKeyStatus
    host_key_fingerprint: str | None
    pending_host_key_fingerprint: str | None = Field(
        description="Fingerprint the server presented at the last scan, awaiting confirmation"
    )
    advertise_addr: str | None
    base_domain: str | None
    proxy_image: str | None = Field(description="null: the control plane's default")
    acme_directory_url: str | None = Field(description="null: the control plane's default")
    acme_ca_bundle: str | None
    status: ServerStatus
    status_reason: str | None
    last_checked_at: datetime | None
    facts: ServerFacts
    is_set_up: bool
    created_at: datetime
    updated_at: datetime | None


class SetupStep(Schema):
    name: str
    status: Literal["pending", "running", "done", "skipped", "failed"]
    detail: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None


class ServerSetupRead(Schema):
    id: uuid.UUID
    server_id: uuid.UUID
    status: JobStatus
    attempts: list[JobAttempt] = Field(
        validation_alias="attempt_log",
        description="Every attempt, oldest first; `error` speaks for the final outcome only",
    )
    requested_by: str
    steps: list[SetupStep]
    log: str
    error: str | None
    request_id: str | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
