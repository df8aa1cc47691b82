from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, utcnow


class BackupKey(IdMixin, Base):
    """An organization's age (X25519) key pair for its backups.

    Servers only ever receive `public_key`, so a compromised server cannot read old
    backups. The private key is sealed with the control plane's master key and leaves it
    only for a restore (on a tmpfs, for its length) or through the audited export.
    """

    __tablename__ = "backup_keys"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        # One pair per organization: two would leave some backups unreadable with the other.
        ForeignKey("organizations.id", ondelete="CASCADE"),
        unique=True,
    )
    public_key: Mapped[str] = mapped_column(String(100))
    # Envelope-encrypted (api.kit.crypto), bound to the organization and its public key.
    private_key_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    exported_at: Mapped[datetime | None] = mapped_column(default=None)
