from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin


class Registry(IdMixin, TimestampMixin, Base):
    """Credentials for one container registry, used when servers pull and when builds push.

    `host` is the normalised ``host[:port]`` Docker sees in image references; `namespace`
    optionally narrows the credentials to repositories under a path (``ghcr.io/acme``), so
    one organization can hold two accounts on the same registry.
    """

    __tablename__ = "registries"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        # One set of credentials per address, or choosing between them would be a guess.
        UniqueConstraint("organization_id", "host", "namespace"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(63))
    host: Mapped[str] = mapped_column(String(260))
    namespace: Mapped[str] = mapped_column(String(255), default="")
    username: Mapped[str] = mapped_column(String(255))
    # Envelope-encrypted (api.kit.crypto), bound to the row and its host; never returned.
    password_encrypted: Mapped[str] = mapped_column(Text)
    password_hint: Mapped[str] = mapped_column(String(16), default="")

    @property
    def address(self) -> str:
        """As users write it: ``host[:port][/namespace]``."""
        return f"{self.host}/{self.namespace}" if self.namespace else self.host
