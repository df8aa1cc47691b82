"""Two checks of one server overlapping in time record its status change exactly once."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.infra.connections import ConnectionManager
from api.models import AuditEvent, Server, ServerStatus
from api.servers.service import server_service
from tests.support.workers import Tenant
from tests.testbed import Testbed


async def test_overlapping_checks_audit_one_status_change(
    committed_app: FastAPI,
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    testbed: Testbed,
) -> None:
    host = testbed.host(1)
    created = await committed_client.post(
        f"/api/v1/organizations/{tenant.org.id}/servers",
        json={
            "name": "checked-twice",
            "host": host.ip,
            "port": host.ssh_port,
            "username": "root",
            "private_key": host.client_key.read_text(),
        },
        headers=tenant.headers,
    )
    assert created.status_code == 201, created.text
    server_id = created.json()["id"]
    scanned = await committed_client.post(
        f"/api/v1/servers/{server_id}/host-key/scan", headers=tenant.headers
    )
    confirmed = await committed_client.post(
        f"/api/v1/servers/{server_id}/host-key/confirm",
        json={"fingerprint": scanned.json()["pending_host_key_fingerprint"]},
        headers=tenant.headers,
    )
    assert confirmed.status_code == 200, confirmed.text

    connections = ConnectionManager()
    try:
        # Two sessions (two database connections) both load the server as `unknown`
        # before either check records anything: the worker's refresh meeting a "check now".
        async with committed_sessionmaker() as first, committed_sessionmaker() as second:
            loaded = [
                await session.get(Server, uuid.UUID(server_id)) for session in (first, second)
            ]
            assert all(s is not None and s.status is ServerStatus.unknown for s in loaded)

            async def check(session: AsyncSession, server: Server | None) -> ServerStatus:
                assert server is not None
                await server_service.check(
                    session, None, committed_app.state.keyring, connections, server
                )
                await session.commit()
                return server.status

            statuses = await asyncio.gather(check(first, loaded[0]), check(second, loaded[1]))
    finally:
        await connections.close()

    assert list(statuses) == [ServerStatus.reachable, ServerStatus.reachable]
    async with committed_sessionmaker() as session:
        changes = (
            await session.scalars(
                select(AuditEvent.data)
                .where(AuditEvent.target_id == uuid.UUID(server_id))
                .where(AuditEvent.action == "server.status.change")
            )
        ).all()
    assert [(c["from"], c["to"]) for c in changes] == [("unknown", "reachable")]
