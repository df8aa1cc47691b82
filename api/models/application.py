from __future__ import annotations

import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum


class DesiredState(enum.StrEnum):
    running = "running"
    stopped = "stopped"


class Application(IdMixin, TimestampMixin, Base):
    """A deployable unit in an environment, placed on one server.

    `source` and `runtime` are JSON documents validated by discriminated pydantic models
    (api.applications.schemas): a new source type is a new model, not a column set.
    """

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("environment_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    environment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("environments.id", ondelete="CASCADE"), index=True
    )
    server_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("servers.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(63))
    source: Mapped[dict[str, Any]] = mapped_column(JSONB)
    build: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    runtime: Mapped[dict[str, Any]] = mapped_column(JSONB)
    desired_state: Mapped[DesiredState] = mapped_column(
        str_enum(DesiredState, "desired_state"), default=DesiredState.running
    )
    # The Swarm service name on the server, fixed at creation (renaming an app must not
    # orphan its running service).
    service_name: Mapped[str] = mapped_column(String(63), unique=True)
    current_deployment_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # Read-only key for private git repositories over ssh; encrypted, never returned.
    deploy_key_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    deploy_key_fingerprint: Mapped[str | None] = mapped_column(String(100), default=None)
    deploy_key_public: Mapped[str | None] = mapped_column(Text, default=None)
    # Shared secret of the push webhooks (HMAC key / token); encrypted, shown once.
    webhook_secret_encrypted: Mapped[str | None] = mapped_column(Text, default=None)

    @property
    def deploy_key(self) -> dict[str, str] | None:
        if self.deploy_key_fingerprint is None or self.deploy_key_public is None:
            return None
        return {"fingerprint": self.deploy_key_fingerprint, "public_key": self.deploy_key_public}
