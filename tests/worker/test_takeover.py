"""Fast takeover: a worker started under a dead worker's identity retries its running rows
at start-up instead of waiting for their heartbeat to go stale."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import AuditExport, JobStatus
from api.models.base import utcnow
from tests.support.workers import Tenant, WorkerProcesses, wait_for


async def _export(client: httpx.AsyncClient, tenant: Tenant) -> str:
    created = await client.post(
        f"/api/v1/organizations/{tenant.org.id}/audit-exports", json={}, headers=tenant.headers
    )
    assert created.status_code == 202, created.text
    return str(created.json()["id"])


async def _pretend_running(
    sessionmaker: async_sessionmaker[AsyncSession], export_id: str, worker_id: str
) -> None:
    """The state a SIGKILLed worker leaves: running, attempt 1, a fresh heartbeat."""
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(AuditExport)
            .where(AuditExport.id == export_id)
            .values(
                status=JobStatus.running,
                attempts=1,
                started_at=utcnow(),
                heartbeat_at=utcnow() + timedelta(hours=1),  # never stale during the test
                worker_id=worker_id,
            )
        )


async def _row(sessionmaker: async_sessionmaker[AsyncSession], export_id: str) -> AuditExport:
    async with sessionmaker() as session:
        row = await session.get(AuditExport, export_id)
        assert row is not None
        return row


async def test_restarted_worker_takes_over_only_its_own_identitys_running_rows(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
) -> None:
    mine = await _export(committed_client, tenant)
    other = await _export(committed_client, tenant)
    await _pretend_running(committed_sessionmaker, mine, "host-a:slot-1")
    # Another live worker's job: its heartbeat is fresh and it is not ours to take.
    await _pretend_running(committed_sessionmaker, other, "host-b:slot-1")

    workers.env["BERTH_JOBS__WORKER_ID"] = "host-a:slot-1"
    workers.env["BERTH_JOBS__HEARTBEAT_STALE_SECONDS"] = "3600"  # so only takeover explains it
    workers.start()

    async def succeeded() -> bool:
        return (await _row(committed_sessionmaker, mine)).status is JobStatus.succeeded

    await wait_for(succeeded, within=30, what=f"the takeover; logs:\n{workers.logs()}")
    row = await _row(committed_sessionmaker, mine)
    assert row.attempts == 2
    assert row.worker_id == "host-a:slot-1"
    # The final outcome is a success: the lost attempt is on record in the log, not in error.
    assert row.error is None
    assert "took over the running jobs" in workers.logs()
    untouched = await _row(committed_sessionmaker, other)
    assert untouched.status is JobStatus.running
    assert untouched.attempts == 1


async def test_a_worker_without_a_given_identity_takes_nothing_over(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
) -> None:
    export = await _export(committed_client, tenant)
    await _pretend_running(committed_sessionmaker, export, "host-a:slot-1")
    workers.env["BERTH_JOBS__HEARTBEAT_STALE_SECONDS"] = "3600"
    workers.start()
    # A second export runs to the end: the worker is up and has passed its start-up.
    probe = await _export(committed_client, tenant)

    async def probe_done() -> bool:
        return (await _row(committed_sessionmaker, probe)).status is JobStatus.succeeded

    await wait_for(probe_done, within=30, what=f"the probe export; logs:\n{workers.logs()}")
    row = await _row(committed_sessionmaker, export)
    assert (row.status, row.attempts) == (JobStatus.running, 1)
    # The probe was claimed under the worker's own fresh identity, recorded on the row.
    claimed_by = (await _row(committed_sessionmaker, probe)).worker_id
    assert claimed_by is not None
    assert claimed_by != "host-a:slot-1"
