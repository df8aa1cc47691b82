from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin
from api.models.durable import DurableJobMixin


class ServerSetup(IdMixin, TimestampMixin, DurableJobMixin, Base):
    """One run of 'validate and set up' on a server, with its steps and log."""

    __tablename__ = "server_setups"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    server_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("servers.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[str] = mapped_column(Text, default="")
    # [{name, status (pending/running/done/skipped/failed), detail, started_at, finished_at}]
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    log: Mapped[str] = mapped_column(Text, default="")
