"""Registry of durable job kinds: which table stands for which arq function.

The API uses it to name jobs; the worker's runner and reaper use it to claim, heartbeat,
retry and fail rows generically, so a new kind of background work (deployments, backups)
only registers itself here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.models.base import utcnow
from api.models.durable import JobStatus


class JobCancelled(Exception):
    """Raised by a job's work when a user cancelled it: the row ends `cancelled`."""


@dataclass(frozen=True)
class DurableKind:
    function: str
    model: type[Any]

    def job_id(self, row_id: object, attempts: int) -> str:
        # Deterministic per attempt: re-enqueueing the same attempt is deduplicated by arq,
        # a retry after a crash gets a fresh id.
        return f"{self.function}:{row_id}:{attempts}"


_KINDS: dict[str, DurableKind] = {}


def register_kind(function: str, model: type[Any]) -> DurableKind:
    kind = DurableKind(function, model)
    _KINDS[function] = kind
    return kind


def durable_kinds() -> list[DurableKind]:
    return list(_KINDS.values())


_OUTCOMES = {
    JobStatus.succeeded: "succeeded",
    JobStatus.failed: "failed",
    JobStatus.cancelled: "cancelled",
}


def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def _opened(m: Any, at: datetime) -> ColumnElement[Any]:
    """The attempt log with a new open entry for the attempt being claimed."""
    entry = func.jsonb_build_object(
        "number", m.attempts + 1, "started_at", _iso(at), "ended_at", None,
        "outcome", None, "reason", None,
    )  # fmt: skip
    return m.attempt_log.op("||")(func.jsonb_build_array(entry))  # type: ignore[no-any-return]


def _closed(m: Any, at: datetime, outcome: str, reason: Any) -> ColumnElement[Any]:
    """The attempt log with its last (current) entry ended; a no-op on an empty log (rows
    claimed before the log existed)."""
    last = m.attempt_log.op("->")(-1).op("||")(
        func.jsonb_build_object("ended_at", _iso(at), "outcome", outcome, "reason", reason)
    )
    return case(
        (func.jsonb_array_length(m.attempt_log) == 0, m.attempt_log),
        else_=m.attempt_log.op("-")(-1).op("||")(func.jsonb_build_array(last)),
    )


class DurableJobRepository:
    """Conditional updates that implement claim / heartbeat / finish / reap for any kind."""

    def __init__(self, session: AsyncSession, model: type[Any]) -> None:
        self.session = session
        self.model = model

    async def claim(self, row_id: object, worker_id: str | None = None) -> int | None:
        """queued → running; returns the attempt number this worker now owns."""
        m = self.model
        now = utcnow()
        try:
            async with self.session.begin_nested():
                attempt = await self.session.scalar(
                    update(m)
                    .where(m.id == row_id, m.status == JobStatus.queued)
                    .values(
                        status=JobStatus.running,
                        attempts=m.attempts + 1,
                        # When the job first started; each attempt's own start is in the log.
                        started_at=func.coalesce(m.started_at, now),
                        attempt_log=_opened(m, now),
                        heartbeat_at=now,
                        finished_at=None,
                        worker_id=worker_id,
                    )
                    .returning(m.attempts)
                )
        except IntegrityError:
            # A one-at-a-time rule (e.g. one running deployment per application) refused
            # it: the row stays queued and is started when the running one finishes.
            return None
        return int(attempt) if attempt is not None else None

    async def heartbeat(self, row_id: object, attempt: int) -> bool:
        m = self.model
        result = await self.session.execute(
            update(m)
            .where(m.id == row_id, m.status == JobStatus.running, m.attempts == attempt)
            .values(heartbeat_at=utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish(
        self, row_id: object, attempt: int, status: JobStatus, error: str | None = None
    ) -> bool:
        m = self.model
        now = utcnow()
        values: dict[str, Any] = {
            "status": status,
            "finished_at": now,
            "attempt_log": _closed(m, now, _OUTCOMES.get(status, str(status)), error),
        }
        # `error` speaks for the final outcome only: what earlier attempts hit is in the
        # attempt log, so a success clears it.
        if status == JobStatus.succeeded:
            values["error"] = None
        elif error is not None:
            values["error"] = error
        result = await self.session.execute(
            update(m)
            .where(m.id == row_id, m.status == JobStatus.running, m.attempts == attempt)
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def requeue(self, row_id: object, attempt: int, error: str) -> bool:
        """running → queued for another attempt (a retryable failure)."""
        m = self.model
        now = utcnow()
        result = await self.session.execute(
            update(m)
            .where(m.id == row_id, m.status == JobStatus.running, m.attempts == attempt)
            .values(
                status=JobStatus.queued,
                error=error,
                queued_at=now,
                attempt_log=_closed(m, now, "failed", error),
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def reap_stale(self, stale_after: timedelta) -> list[tuple[object, int, str | None]]:
        """Running rows whose worker stopped heartbeating: retry them, or fail them for good.

        Returns (id, attempts, request_id) of the rows put back in the queue.
        """
        m = self.model
        cutoff = utcnow() - stale_after
        lost = func.concat(
            "attempt ",
            m.attempts,
            " lost its worker (no heartbeat since ",
            func.to_char(m.heartbeat_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            ")",
        )
        return await self._requeue_lost(
            (m.status == JobStatus.running) & (m.heartbeat_at < cutoff), lost
        )

    async def take_over(self, worker_id: str) -> list[tuple[object, int, str | None]]:
        """Running rows claimed under `worker_id` by a process that is gone: the caller is
        the restarted worker of that identity, so nothing else can be working on them."""
        m = self.model
        lost = func.concat("attempt ", m.attempts, f" lost its worker ({worker_id} restarted)")
        return await self._requeue_lost(
            (m.status == JobStatus.running) & (m.worker_id == worker_id), lost
        )

    async def _requeue_lost(
        self, lost_rows: ColumnElement[bool], lost: ColumnElement[str]
    ) -> list[tuple[object, int, str | None]]:
        m = self.model
        now = utcnow()
        await self.session.execute(
            update(m)
            .where(lost_rows, m.attempts >= m.max_attempts)
            .values(
                status=JobStatus.failed,
                finished_at=now,
                error=func.concat(lost, "; gave up after ", m.attempts, " attempts"),
                attempt_log=_closed(m, now, "lost", lost),
            )
        )
        rows = await self.session.execute(
            update(m)
            .where(lost_rows, m.attempts < m.max_attempts)
            .values(
                status=JobStatus.queued,
                queued_at=now,
                error=func.concat(lost, "; retrying"),
                attempt_log=_closed(m, now, "lost", lost),
            )
            .returning(m.id, m.attempts, m.request_id)
        )
        return [(r[0], int(r[1]), r[2]) for r in rows]

    async def stuck_queued(self, older_than: timedelta) -> list[tuple[object, int, str | None]]:
        m = self.model
        rows = await self.session.execute(
            select(m.id, m.attempts, m.request_id).where(
                m.status == JobStatus.queued, m.queued_at < utcnow() - older_than
            )
        )
        return [(r[0], int(r[1]), r[2]) for r in rows]
