"""Runs one durable job: claim the row, heartbeat while working, record the outcome.

arq delivers a job at least once; the row decides whether there is anything to do. Every
write after the claim is fenced on the claimed attempt, so a worker that lost its lease
(the reaper re-queued the row after missed heartbeats) can't clobber its successor.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.context import set_request_id
from api.kit.jobs.durable import DurableJobRepository, DurableKind, JobCancelled
from api.models.durable import JobStatus
from worker.context import WorkerContext

log = structlog.get_logger("berth.jobs")


class RetryableJobError(Exception):
    """A transient failure (e.g. a server briefly unreachable): try again if attempts remain."""


@dataclass(frozen=True)
class Lease:
    row_id: Any
    attempt: int


Work = Callable[[AsyncSession, Any, Lease], Awaitable[None]]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# Decides, in the claim's transaction, whether the row may start now (e.g. a per-server
# limit); a refused row stays queued and is started when capacity frees up.
Admit = Callable[[AsyncSession, Any], Awaitable[bool]]


async def run_durable(
    ctx: WorkerContext,
    kind: DurableKind,
    row_id: Any,
    request_id: str | None,
    work: Work,
    *,
    admit: Admit | None = None,
) -> str:
    set_request_id(request_id)
    structlog.contextvars.bind_contextvars(job=kind.function, row_id=str(row_id))
    sessionmaker = ctx["sessionmaker"]

    async with sessionmaker() as session, session.begin():
        if admit is not None and not await admit(session, row_id):
            log.info("job deferred: no capacity now; it starts when capacity frees up")
            return "deferred"
        attempt = await DurableJobRepository(session, kind.model).claim(row_id, ctx["worker_id"])
    if attempt is None:
        log.info("job skipped: row is not queued (already done, running elsewhere, or gone)")
        return "skipped"
    structlog.contextvars.bind_contextvars(attempt=attempt)
    log.info("job started")
    return await _run_leased(ctx, kind, Lease(row_id, attempt), work)


async def _run_leased(ctx: WorkerContext, kind: DurableKind, lease: Lease, work: Work) -> str:
    sessionmaker = ctx["sessionmaker"]
    settings = ctx["settings"].jobs
    row_id, attempt = lease.row_id, lease.attempt

    async def body() -> None:
        async with sessionmaker() as session:
            row = await session.get(kind.model, row_id)
            await work(session, row, lease)
            # Outcome and results commit together, and only if we still hold the lease.
            if not await DurableJobRepository(session, kind.model).finish(
                row_id, attempt, JobStatus.succeeded
            ):
                await session.rollback()
                raise _LeaseLost
            await session.commit()

    lease_lost = asyncio.Event()
    work_task = asyncio.create_task(body())

    async def heartbeat() -> None:
        while True:
            await asyncio.sleep(settings.heartbeat_interval_seconds)
            async with sessionmaker() as session, session.begin():
                alive = await DurableJobRepository(session, kind.model).heartbeat(row_id, attempt)
            if not alive:
                lease_lost.set()
                work_task.cancel()
                return

    beat_task = asyncio.create_task(heartbeat())
    try:
        await work_task
    except _LeaseLost:
        log.warning("job finished after losing its lease; result discarded")
        return "lease-lost"
    except asyncio.CancelledError:
        me = asyncio.current_task()
        if lease_lost.is_set() and not (me and me.cancelling()):
            log.warning("job stopped: lease lost (row re-queued or cancelled elsewhere)")
            return "lease-lost"
        work_task.cancel()
        await _record(sessionmaker, kind, lease, JobStatus.failed, "cancelled or timed out")
        raise
    except JobCancelled as exc:
        log.info("job cancelled", reason=str(exc))
        await _record(sessionmaker, kind, lease, JobStatus.cancelled, str(exc))
        return "cancelled"
    except RetryableJobError as exc:
        await _retry_or_fail(sessionmaker, kind, lease, _reason(exc), ctx)
        return "retry"
    except Exception as exc:
        log.exception("job failed")
        await _record(sessionmaker, kind, lease, JobStatus.failed, _reason(exc))
        return "failed"
    finally:
        beat_task.cancel()
    log.info("job succeeded")
    return "succeeded"


class _LeaseLost(Exception):
    pass


async def _record(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: DurableKind,
    lease: Lease,
    status: JobStatus,
    error: str | None,
) -> None:
    async with sessionmaker() as session, session.begin():
        await DurableJobRepository(session, kind.model).finish(
            lease.row_id, lease.attempt, status, error
        )


async def _retry_or_fail(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: DurableKind,
    lease: Lease,
    reason: str,
    ctx: WorkerContext,
) -> None:
    async with sessionmaker() as session, session.begin():
        row = await session.get(kind.model, lease.row_id)
        repo = DurableJobRepository(session, kind.model)
        if row is None:
            return
        if lease.attempt >= row.max_attempts:
            await repo.finish(
                lease.row_id,
                lease.attempt,
                JobStatus.failed,
                f"{reason}; gave up after {lease.attempt} attempts",
            )
            return
        requeued = await repo.requeue(lease.row_id, lease.attempt, f"{reason}; retrying")
        request_id = row.request_id
    if requeued:
        await ctx["redis"].enqueue_job(
            kind.function,
            lease.row_id,
            request_id,
            _job_id=kind.job_id(lease.row_id, lease.attempt),
        )
