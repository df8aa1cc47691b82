from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin
from api.models.durable import DurableJobMixin


class AuditExport(IdMixin, TimestampMixin, DurableJobMixin, Base):
    """An organisation's audit log exported as gzip'd NDJSON by a background job."""

    __tablename__ = "audit_exports"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[str] = mapped_column(String(254))
    since: Mapped[datetime | None] = mapped_column(default=None)
    until: Mapped[datetime | None] = mapped_column(default=None)
    row_count: Mapped[int] = mapped_column(default=0)
    size_bytes: Mapped[int] = mapped_column(default=0)
    # Deferred and raise-loaded: listings must never drag the file along.
    content: Mapped[bytes | None] = mapped_column(
        LargeBinary, default=None, deferred=True, deferred_raiseload=True
    )
