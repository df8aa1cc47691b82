"""The durable-job pattern proved on a real job type, with real worker processes."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import AuditExport, JobStatus
from tests.support.workers import Tenant, WorkerProcesses, wait_for


async def _export_row(
    sessionmaker: async_sessionmaker[AsyncSession], export_id: str
) -> AuditExport | None:
    async with sessionmaker() as session:
        return await session.get(AuditExport, export_id)


async def _seed_events(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant, count: int
) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(
            text(
                "INSERT INTO audit_events (id, organization_id, actor_type, actor_label, action,"
                " target_type, data, created_at)"
                " SELECT gen_random_uuid(), :org, 'system', 'seed', 'seed.event', 'seed',"
                " jsonb_build_object('n', n), now() - make_interval(secs => n)"
                " FROM generate_series(1, :count) AS n"
            ),
            {"org": tenant.org.id, "count": count},
        )


async def test_export_runs_in_the_worker_and_downloads(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
) -> None:
    await _seed_events(committed_sessionmaker, tenant, 50)
    workers.start()
    created = await committed_client.post(
        f"/api/v1/organizations/{tenant.org.id}/audit-exports",
        json={},
        headers={**tenant.headers, "X-Request-ID": "export-req-1"},
    )
    assert created.status_code == 202, created.text
    export = created.json()
    assert export["status"] == "queued"
    assert export["request_id"] == "export-req-1"

    async def done() -> bool:
        r = await committed_client.get(
            f"/api/v1/audit-exports/{export['id']}", headers=tenant.headers
        )
        return bool(r.json()["status"] == "succeeded")

    await wait_for(done, within=30, what=f"export to succeed; logs:\n{workers.logs()}")
    download = await committed_client.get(
        f"/api/v1/audit-exports/{export['id']}/download", headers=tenant.headers
    )
    assert download.status_code == 200
    lines = gzip.decompress(download.content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    # 50 seeded events plus the export request itself, oldest first.
    assert len(records) == 51
    assert records[-1]["action"] == "audit_export.create"
    assert [r["created_at"] for r in records] == sorted(r["created_at"] for r in records)
    # The request's correlation id followed the job into the worker's logs.
    assert "export-req-1" in workers.logs()


async def test_worker_killed_mid_job_ends_succeeded_after_retry(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
) -> None:
    # Big enough that the export is still running when we pull the plug.
    await _seed_events(committed_sessionmaker, tenant, 150_000)
    first = workers.start()
    created = await committed_client.post(
        f"/api/v1/organizations/{tenant.org.id}/audit-exports", json={}, headers=tenant.headers
    )
    export_id = created.json()["id"]

    async def running() -> bool:
        row = await _export_row(committed_sessionmaker, export_id)
        return row is not None and row.status is JobStatus.running

    await wait_for(running, within=30, what="the export to start")
    workers.kill(first)
    row = await _export_row(committed_sessionmaker, export_id)
    assert row is not None
    assert row.status is JobStatus.running  # died mid-job: nobody finished it

    workers.start()

    async def settled() -> bool:
        row = await _export_row(committed_sessionmaker, export_id)
        return row is not None and row.status in (JobStatus.succeeded, JobStatus.failed)

    await wait_for(settled, within=90, what=f"the export to settle; logs:\n{workers.logs()}")
    row = await _export_row(committed_sessionmaker, export_id)
    assert row is not None
    assert row.status is JobStatus.succeeded, row.error
    assert row.attempts == 2
    assert row.row_count == 150_001
    # The error is the final outcome's only; the lost attempt keeps its reason in the log.
    assert row.error is None
    assert [a["outcome"] for a in row.attempt_log] == ["lost", "succeeded"]
    assert "lost its worker" in (row.attempt_log[0]["reason"] or "")


async def test_worker_killed_on_the_last_attempt_fails_with_a_reason(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
) -> None:
    await _seed_events(committed_sessionmaker, tenant, 150_000)
    async with committed_sessionmaker() as session, session.begin():
        export = AuditExport(
            organization_id=tenant.org.id,
            requested_by="test",
            max_attempts=1,
            queued_at=datetime.now(UTC) - timedelta(minutes=5),
        )
        session.add(export)
    export_id = str(export.id)
    # Nothing was enqueued: the reaper must notice the queued row and enqueue it.
    first = workers.start()

    async def running() -> bool:
        row = await _export_row(committed_sessionmaker, export_id)
        return row is not None and row.status is JobStatus.running

    await wait_for(running, within=30, what="the reaper to enqueue the orphaned row")
    workers.kill(first)
    workers.start()

    async def failed() -> bool:
        row = await _export_row(committed_sessionmaker, export_id)
        return row is not None and row.status is JobStatus.failed

    await wait_for(failed, within=60, what=f"the row to fail; logs:\n{workers.logs()}")
    row = await _export_row(committed_sessionmaker, export_id)
    assert row is not None
    assert row.error is not None
    assert "lost its worker" in row.error
    assert "gave up after 1 attempts" in row.error
    assert row.finished_at is not None
