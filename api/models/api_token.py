from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ARRAY, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, IdMixin, TimestampMixin
from api.models.user import User


class TokenScope(enum.StrEnum):
    read = "read"
    write = "write"
    deploy = "deploy"
    admin = "admin"


class ApiToken(IdMixin, TimestampMixin, Base):
    """A CI credential bound to one organisation, acting as its creator within its scopes."""

    __tablename__ = "api_tokens"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    # Shown in listings so a leaked token can be recognised; never enough to use it.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(lazy="raise")
