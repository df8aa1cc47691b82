"""The worker's periodic refresh notices a server going away and coming back."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import AuditEvent, Server, ServerStatus
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed


async def _status(sessionmaker: async_sessionmaker[AsyncSession], server_id: str) -> Server:
    async with sessionmaker() as session:
        server = await session.get(Server, uuid.UUID(server_id))
        assert server is not None
        return server


async def test_refresh_records_unreachable_and_back_with_audit_events(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
) -> None:
    host = testbed.host(1)
    headers = tenant.headers
    created = await committed_client.post(
        f"/api/v1/organizations/{tenant.org.id}/servers",
        json={
            "name": "refreshed",
            "host": host.ip,
            "username": host.deploy_user,
            "private_key": host.client_key.read_text(),
        },
        headers=headers,
    )
    server_id = created.json()["id"]
    scanned = await committed_client.post(
        f"/api/v1/servers/{server_id}/host-key/scan", headers=headers
    )
    await committed_client.post(
        f"/api/v1/servers/{server_id}/host-key/confirm",
        json={"fingerprint": scanned.json()["pending_host_key_fingerprint"]},
        headers=headers,
    )
    workers.env["BERTH_SERVERS__REFRESH_INTERVAL_SECONDS"] = "1"
    workers.start()

    async def status_is(wanted: ServerStatus) -> bool:
        return (await _status(committed_sessionmaker, server_id)).status is wanted

    await wait_for(lambda: status_is(ServerStatus.reachable), within=30, what="first refresh")
    server = await _status(committed_sessionmaker, server_id)
    assert server.facts["docker_version"]
    assert server.facts["cpus"] >= 1

    # Sessions hang off the listener: kill them first, then the listener.
    assert testbed.kill_ssh_connections(host) >= 1
    testbed.stop_sshd(host)
    try:
        await wait_for(
            lambda: status_is(ServerStatus.unreachable),
            within=30,
            what=f"refresh to notice the server is gone; logs:\n{workers.logs()}",
        )
        assert (await _status(committed_sessionmaker, server_id)).status_reason
    finally:
        testbed.start_sshd(host)
    # Backoff after failures is capped, so the refresh reconnects on its own.
    await wait_for(lambda: status_is(ServerStatus.reachable), within=60, what="server to be back")

    async with committed_sessionmaker() as session:
        changes = (
            await session.scalars(
                select(AuditEvent.data)
                .where(AuditEvent.target_id == uuid.UUID(server_id))
                .where(AuditEvent.action == "server.status.change")
                .order_by(AuditEvent.created_at)
            )
        ).all()
    assert [(c["from"], c["to"]) for c in changes] == [
        ("unknown", "reachable"),
        ("reachable", "unreachable"),
        ("unreachable", "reachable"),
    ]
