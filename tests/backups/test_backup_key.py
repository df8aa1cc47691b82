"""The organization's age key pair: one per organization, public for servers, the private
half sealed and given out only by an admin's audited export."""

from __future__ import annotations

import asyncio

import httpx
import pyrage
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.backups.keys import backup_key_service, private_key_context, reveal_private_key
from api.kit.crypto import Keyring, SecretDecryptionError
from api.models import AuditEvent, BackupKey, Role
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


async def test_the_public_key_is_made_once_and_encrypts_what_the_export_decrypts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    first = await client.get(f"/api/v1/organizations/{org.id}/backup-key", headers=admin)
    again = await client.get(f"/api/v1/organizations/{org.id}/backup-key", headers=admin)
    assert first.status_code == 200, first.text
    public_key = first.json()["public_key"]
    assert public_key.startswith("age1")
    assert again.json()["public_key"] == public_key
    assert "AGE-SECRET-KEY" not in first.text
    assert first.json()["exported_at"] is None

    # What a server would do with the public key alone...
    recipient = pyrage.x25519.Recipient.from_str(public_key)
    ciphertext = pyrage.encrypt(b"pg_dump output", [recipient])
    # ...and what disaster recovery does with the export.
    exported = await client.post(f"/api/v1/organizations/{org.id}/backup-key/export", headers=admin)
    assert exported.status_code == 200, exported.text
    body = exported.json()
    assert body["public_key"] == public_key
    assert body["exported_at"] is not None
    identity = pyrage.x25519.Identity.from_str(body["private_key"])
    assert pyrage.decrypt(ciphertext, [identity]) == b"pg_dump output"

    events = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.organization_id == org.id, AuditEvent.action == "backup_key.export"
            )
        )
    ).all()
    assert len(events) == 1
    assert "AGE-SECRET-KEY" not in str(events[0].data)


async def test_the_private_key_is_sealed_and_bound_to_its_organization(
    session: AsyncSession, app: FastAPI
) -> None:
    keyring: Keyring = app.state.keyring
    org, other = await create_org(session), await create_org(session)
    key = await backup_key_service.get_or_create(session, keyring, org.id)
    assert "AGE-SECRET-KEY" not in key.private_key_encrypted
    assert reveal_private_key(keyring, key).startswith("AGE-SECRET-KEY-1")
    with pytest.raises(SecretDecryptionError):
        keyring.decrypt(
            key.private_key_encrypted, context=private_key_context(other.id, key.public_key)
        )


async def test_viewers_and_members_cannot_export_outsiders_see_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, viewer = await user_with_role(session, org, Role.viewer)
    _, member = await user_with_role(session, org, Role.member)
    outsider_org = await create_org(session)
    _, outsider = await user_with_role(session, outsider_org, Role.owner)
    path = f"/api/v1/organizations/{org.id}/backup-key"
    assert (await client.get(path, headers=viewer)).status_code == 200
    for headers in (viewer, member):
        assert_problem(
            await client.post(f"{path}/export", headers=headers), 403, "permission-denied"
        )
    assert (await client.get(path, headers=outsider)).status_code == 404
    assert (await client.post(f"{path}/export", headers=outsider)).status_code == 404


async def test_concurrent_first_calls_agree_on_one_key(
    committed_sessionmaker: async_sessionmaker[AsyncSession], app: FastAPI
) -> None:
    keyring: Keyring = app.state.keyring
    async with committed_sessionmaker() as setup, setup.begin():
        org = await create_org(setup)
    try:

        async def first_use() -> str:
            async with committed_sessionmaker() as session, session.begin():
                key = await backup_key_service.get_or_create(session, keyring, org.id)
                return key.public_key

        keys = await asyncio.gather(*(first_use() for _ in range(4)))
        assert len(set(keys)) == 1
    finally:
        async with committed_sessionmaker() as cleanup, cleanup.begin():
            await cleanup.execute(delete(BackupKey).where(BackupKey.organization_id == org.id))
            await cleanup.delete(org)
