"""Periodic safety net: no durable row stays `queued` or `running` forever.

- `running` rows whose heartbeat stopped (worker killed, host rebooted) are re-queued with
  a fresh job id, or failed with the reason once attempts are exhausted;
- `queued` rows older than the grace period are re-enqueued under their deterministic job
  id — arq ignores the call if the job is still waiting, and recreates it if Redis lost it.

A worker restarted under the identity of one that died (`make run`'s supervisor does that)
doesn't wait for the heartbeat to go stale: `take_over` retries that identity's running
rows as the worker starts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.jobs.durable import DurableJobRepository, durable_kinds
from api.kit.settings import JobSettings

log = structlog.get_logger("berth.reaper")


async def reap(ctx: dict[str, Any]) -> dict[str, int]:
    sessionmaker: async_sessionmaker[AsyncSession] = ctx["sessionmaker"]
    settings: JobSettings = ctx["settings"].jobs
    counts = {"requeued": 0, "reenqueued": 0}
    for kind in durable_kinds():
        async with sessionmaker() as session, session.begin():
            repo = DurableJobRepository(session, kind.model)
            requeued = await repo.reap_stale(timedelta(seconds=settings.heartbeat_stale_seconds))
            stuck = await repo.stuck_queued(timedelta(seconds=settings.queued_grace_seconds))
        ids = {r[0] for r in requeued}
        for row_id, attempts, request_id in [*requeued, *(s for s in stuck if s[0] not in ids)]:
            job = await ctx["redis"].enqueue_job(
                kind.function, row_id, request_id, _job_id=kind.job_id(row_id, attempts)
            )
            if job is not None:
                log.warning("re-enqueued durable job", job=kind.function, row_id=str(row_id))
                counts["reenqueued"] += 1
        counts["requeued"] += len(requeued)
        if requeued:
            log.warning(
                "re-queued rows whose worker stopped", job=kind.function, count=len(requeued)
            )
    return counts


async def take_over(ctx: dict[str, Any]) -> int:
    """Retry the running rows of this worker's identity: their process is gone (only one
    process runs under an identity at a time), so the heartbeat needn't go stale first."""
    sessionmaker: async_sessionmaker[AsyncSession] = ctx["sessionmaker"]
    worker_id: str = ctx["worker_id"]
    total = 0
    for kind in durable_kinds():
        async with sessionmaker() as session, session.begin():
            requeued = await DurableJobRepository(session, kind.model).take_over(worker_id)
        for row_id, attempts, request_id in requeued:
            await ctx["redis"].enqueue_job(
                kind.function, row_id, request_id, _job_id=kind.job_id(row_id, attempts)
            )
        if requeued:
            log.warning(
                "took over the running jobs of this worker's dead predecessor",
                job=kind.function,
                worker_id=worker_id,
                rows=[str(r[0]) for r in requeued],
            )
        total += len(requeued)
    return total
