"""Enqueue-after-commit: services record jobs on the session; they reach arq only after commit.

The row that represents the work (status `queued`) is the durable intent; the arq job is
only a wake-up call carrying the row id. If Redis is down at flush time the row stays
`queued` and the reaper re-enqueues it, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.context import get_request_id

log = structlog.get_logger(__name__)

_PENDING_KEY = "berth.pending_jobs"
_CALLBACKS_KEY = "berth.after_commit"


class JobPool(Protocol):
    async def enqueue_job(self, function: str, *args: Any, _job_id: str | None = None) -> Any: ...


@dataclass(frozen=True)
class PendingJob:
    function: str
    job_id: str
    args: tuple[Any, ...]


def enqueue_after_commit(session: AsyncSession, function: str, job_id: str, *args: Any) -> None:
    pending: list[PendingJob] = session.info.setdefault(_PENDING_KEY, [])
    pending.append(PendingJob(function=function, job_id=job_id, args=args))


def call_after_commit(session: AsyncSession, callback: Callable[[], Awaitable[None]]) -> None:
    """Run a side effect (a live notification) only once the request's data is committed."""
    session.info.setdefault(_CALLBACKS_KEY, []).append(callback)


def discard_pending_jobs(session: AsyncSession) -> None:
    session.info.pop(_PENDING_KEY, None)
    session.info.pop(_CALLBACKS_KEY, None)


async def flush_pending_jobs(session: AsyncSession, pool: JobPool) -> None:
    pending: list[PendingJob] = session.info.pop(_PENDING_KEY, [])
    for job in pending:
        try:
            await pool.enqueue_job(job.function, *job.args, get_request_id(), _job_id=job.job_id)
        except Exception:  # the durable row is still queued: the reaper will retry
            log.warning("enqueue failed; left for the reaper", job_id=job.job_id, exc_info=True)
    for callback in session.info.pop(_CALLBACKS_KEY, []):
        try:
            await callback()
        except Exception:  # best effort by definition: the data is committed
            log.warning("after-commit callback failed", exc_info=True)
