from __future__ import annotations

import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum


class DestinationKind(enum.StrEnum):
    s3 = "s3"
    gcs = "gcs"
    azure = "azure"
    sftp = "sftp"
    ftp = "ftp"


class FtpTls(enum.StrEnum):
    explicit = "explicit"
    implicit = "implicit"
    none = "none"


class HostKeyState(enum.StrEnum):
    not_applicable = "not_applicable"
    unknown = "unknown"
    pending = "pending"
    trusted = "trusted"
    changed = "changed"


class Destination(IdMixin, TimestampMixin, Base):
    """Where an organization's backups are stored: a bucket, container or remote folder.

    A discriminated union, not a column per provider: `kind` says which schema `settings`
    follows (api/destinations/schemas.py), and the kind's secrets are one encrypted JSON
    document. An SFTP destination pins its server's host key exactly as servers do (scan,
    then confirm the fingerprint): a backup is never handed to an unverified host.
    """

    __tablename__ = "destinations"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(63))
    kind: Mapped[DestinationKind] = mapped_column(str_enum(DestinationKind, "destination_kind"))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Envelope-encrypted JSON (api.kit.crypto), bound to the row and where it may be sent.
    credentials_encrypted: Mapped[str] = mapped_column(Text)
    credentials_set: Mapped[list[str]] = mapped_column(JSONB, default=list)
    host_key_state: Mapped[HostKeyState] = mapped_column(
        str_enum(HostKeyState, "destination_host_key_state"),
        default=HostKeyState.not_applicable,
    )
    host_key: Mapped[str | None] = mapped_column(Text, default=None)
    host_key_fingerprint: Mapped[str | None] = mapped_column(String(100), default=None)
    pending_host_key: Mapped[str | None] = mapped_column(Text, default=None)
    pending_host_key_fingerprint: Mapped[str | None] = mapped_column(String(100), default=None)
