"""Every attempt of a durable job is on record; `error` speaks for the final outcome only."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.jobs.durable import DurableJobRepository
from api.models import AuditExport, JobStatus
from tests.support.workers import Tenant


async def test_a_lost_then_succeeded_job_keeps_both_attempts_and_its_first_start(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
) -> None:
    created = await committed_client.post(
        f"/api/v1/organizations/{tenant.org.id}/audit-exports", json={}, headers=tenant.headers
    )
    assert created.status_code == 202, created.text
    export_id = created.json()["id"]

    async with committed_sessionmaker() as session, session.begin():
        repo = DurableJobRepository(session, AuditExport)
        assert await repo.claim(export_id, "w1") == 1
    async with committed_sessionmaker() as session:
        first = await session.get(AuditExport, export_id)
        assert first is not None
        first_start = first.started_at
    async with committed_sessionmaker() as session, session.begin():
        # Stale after -1 s: every running row counts as lost.
        requeued = await DurableJobRepository(session, AuditExport).reap_stale(
            timedelta(seconds=-1)
        )
        assert [str(r[0]) for r in requeued if str(r[0]) == export_id] == [export_id]
    async with committed_sessionmaker() as session, session.begin():
        repo = DurableJobRepository(session, AuditExport)
        assert await repo.claim(export_id, "w2") == 2
        assert await repo.finish(export_id, 2, JobStatus.succeeded)
    async with committed_sessionmaker() as session:
        row = await session.get(AuditExport, export_id)
        assert row is not None
        assert row.status is JobStatus.succeeded
        assert row.error is None
        assert row.started_at == first_start
        log = row.attempt_log
        assert [(a["number"], a["outcome"]) for a in log] == [(1, "lost"), (2, "succeeded")]
        assert log[0]["reason"].startswith("attempt 1 lost its worker (no heartbeat since ")
        assert log[1]["reason"] is None
        assert all(a["started_at"] and a["ended_at"] for a in log)
