"""The organization's age key pair: made on first use, public half for servers, private
half sealed, and an admin-only, audited export for disaster recovery.

age (X25519, via pyrage): a small, audited format with one recipient type; servers encrypt
with the public key alone, so whoever takes a server gets no way to read earlier backups.
"""

from __future__ import annotations

import uuid

import pyrage
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.kit.crypto import Keyring
from api.models import BackupKey
from api.models.base import utcnow


def private_key_context(organization_id: uuid.UUID, public_key: str) -> str:
    # Bound to the organization *and* its public key: a sealed private key copied to
    # another organization, or paired with another public key, no longer opens.
    return f"backup_key:{organization_id}:{public_key}"


def reveal_private_key(keyring: Keyring, key: BackupKey) -> str:
    """AGE-SECRET-KEY-1…: for a restore or the audited export, never for a read API."""
    return keyring.decrypt(
        key.private_key_encrypted, context=private_key_context(key.organization_id, key.public_key)
    )


class BackupKeyService:
    async def get_or_create(
        self, session: AsyncSession, keyring: Keyring, organization_id: uuid.UUID
    ) -> BackupKey:
        """The organization's key pair, made once: concurrent first calls agree on one."""
        statement = select(BackupKey).where(BackupKey.organization_id == organization_id)
        found = await session.scalar(statement)
        if found is not None:
            return found
        identity = pyrage.x25519.Identity.generate()
        public_key = str(identity.to_public())
        sealed = keyring.encrypt(
            str(identity), context=private_key_context(organization_id, public_key)
        )
        # ON CONFLICT DO NOTHING: two requests racing to make the first key must not give
        # two servers two different public keys (one backup would then be unreadable).
        await session.execute(
            insert(BackupKey)
            .values(
                id=uuid.uuid4(),
                organization_id=organization_id,
                public_key=public_key,
                private_key_encrypted=sealed,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=[BackupKey.organization_id])
        )
        key = await session.scalar(statement.execution_options(populate_existing=True))
        assert key is not None
        return key

    async def export(self, session: AsyncSession, access: Access, keyring: Keyring) -> BackupKey:
        key = await self.get_or_create(session, keyring, access.organization_id)
        key.exported_at = utcnow()
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="backup_key.export",
            target_type="backup_key",
            target_id=access.organization_id,
            data={"public_key": key.public_key},
        )
        return key


backup_key_service = BackupKeyService()
