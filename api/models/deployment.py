from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum
from api.models.durable import DurableJobMixin


class DeploymentTrigger(enum.StrEnum):
    api = "api"
    redeploy = "redeploy"
    rollback = "rollback"
    webhook = "webhook"


class DeploymentOutcome(enum.StrEnum):
    """What happened on the server, beyond the job's own status."""

    released = "released"  # the new version serves
    rolled_back = "rolled_back"  # it failed its health checks; the previous one serves
    failed = "failed"  # it never reached the server (source, build, connection)
    cancelled = "cancelled"  # a user stopped it; whatever served before still serves


class Deployment(IdMixin, TimestampMixin, DurableJobMixin, Base):
    __tablename__ = "deployments"
    __table_args__ = (
        # One deployment at a time per application; later ones wait in `queued`.
        Index(
            "ix_deployments_one_running_per_application",
            "application_id",
            unique=True,
            postgresql_where=text("status = 'running'"),
        ),
        # A webhook delivered twice (providers retry) deploys once.
        UniqueConstraint("application_id", "webhook_delivery"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    server_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("servers.id", ondelete="CASCADE"))
    trigger: Mapped[DeploymentTrigger] = mapped_column(
        str_enum(DeploymentTrigger, "deployment_trigger")
    )
    requested_by: Mapped[str] = mapped_column(String(254), default="")
    # What to release: the source and runtime as they were when the deployment was asked
    # for, so a later edit of the application can't change a queued deployment.
    source: Mapped[dict[str, Any]] = mapped_column(JSONB)
    runtime: Mapped[dict[str, Any]] = mapped_column(JSONB)
    build: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    rollback_of_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    image: Mapped[str | None] = mapped_column(String(512), default=None)
    image_digest: Mapped[str | None] = mapped_column(String(100), default=None)
    commit_sha: Mapped[str | None] = mapped_column(String(64), default=None)
    # As read from the checkout on the server (git log -1), cleaned and capped: for people
    # telling deployments apart, never for deciding anything.
    commit_subject: Mapped[str | None] = mapped_column(String(300), default=None)
    commit_author_name: Mapped[str | None] = mapped_column(String(200), default=None)
    commit_author_email: Mapped[str | None] = mapped_column(String(254), default=None)
    outcome: Mapped[DeploymentOutcome | None] = mapped_column(
        str_enum(DeploymentOutcome, "deployment_outcome"), default=None
    )
    # [{name, status, started_at, finished_at, duration_ms, detail}]
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    log: Mapped[str] = mapped_column(Text, default="")
    cancel_requested_at: Mapped[datetime | None] = mapped_column(default=None)
    webhook_delivery: Mapped[str | None] = mapped_column(String(200), default=None)
