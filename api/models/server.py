from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum


class ServerKind(enum.StrEnum):
    ssh = "ssh"
    local = "local"  # the control plane's own Docker daemon


class HostKeyStatus(enum.StrEnum):
    unknown = "unknown"  # never scanned
    pending = "pending"  # scanned, waiting for the operator to confirm the fingerprint
    trusted = "trusted"
    changed = "changed"  # the server presented another key: blocked until re-confirmed


class ServerStatus(enum.StrEnum):
    unknown = "unknown"
    reachable = "reachable"
    unreachable = "unreachable"


class Server(IdMixin, TimestampMixin, Base):
    __tablename__ = "servers"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(63))
    kind: Mapped[ServerKind] = mapped_column(str_enum(ServerKind, "server_kind"))
    host: Mapped[str] = mapped_column(String(253), default="")
    port: Mapped[int] = mapped_column(default=22)
    username: Mapped[str] = mapped_column(String(32), default="")
    # Envelope-encrypted OpenSSH private key; never returned by the API.
    private_key_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    public_key: Mapped[str] = mapped_column(Text, default="")
    host_key: Mapped[str | None] = mapped_column(Text, default=None)
    host_key_fingerprint: Mapped[str | None] = mapped_column(String(100), default=None)
    host_key_status: Mapped[HostKeyStatus] = mapped_column(
        str_enum(HostKeyStatus, "host_key_status"), default=HostKeyStatus.unknown
    )
    pending_host_key: Mapped[str | None] = mapped_column(Text, default=None)
    pending_host_key_fingerprint: Mapped[str | None] = mapped_column(String(100), default=None)
    advertise_addr: Mapped[str | None] = mapped_column(String(64), default=None)
    base_domain: Mapped[str | None] = mapped_column(String(253), default=None)
    # The proxy's settings; None: the control plane's default (BERTH_SERVERS__*), so a
    # default changed there reaches every server that kept it at its next setup.
    proxy_image: Mapped[str | None] = mapped_column(String(512), default=None)
    acme_directory_url: Mapped[str | None] = mapped_column(String(500), default=None)
    # Extra CAs (PEM) the proxy trusts for a private ACME directory's own TLS (step-ca, pebble).
    acme_ca_bundle: Mapped[str | None] = mapped_column(Text, default=None)

    status: Mapped[ServerStatus] = mapped_column(
        str_enum(ServerStatus, "server_status"), default=ServerStatus.unknown
    )
    status_reason: Mapped[str | None] = mapped_column(Text, default=None)
    last_checked_at: Mapped[datetime | None] = mapped_column(default=None)
    # Docker/Swarm facts and resources from the last check (shape: api.servers.schemas).
    facts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    is_set_up: Mapped[bool] = mapped_column(default=False)
