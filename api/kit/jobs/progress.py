"""Step-by-step progress of a durable job (setup, deployment), committed as it happens so
clients watch it live. Writes are fenced on the attempt, like every durable-job write."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.jobs.live import LivePublisher
from api.models.base import utcnow
from api.models.durable import JobStatus

log = structlog.get_logger("berth.jobs")

LOG_FLUSH_SECONDS = 1.0
MAX_LINE = 4000


class StepProgress:
    def __init__(
        self,
        session: AsyncSession,
        model: type[Any],
        row_id: object,
        attempt: int,
        steps: Sequence[str],
        live: LivePublisher | None = None,
    ) -> None:
        self.session = session
        self.live = live
        self.model = model
        self.row_id = row_id
        self.attempt = attempt
        self.steps: list[dict[str, Any]] = [
            {"name": name, "status": "pending", "detail": ""} for name in steps
        ]
        self.lines: list[str] = []
        self._started: dict[str, float] = {}
        self._published = 0
        self._flushed_at = time.monotonic()
        # Output is committed at most every LOG_FLUSH_SECONDS, and at least that often while
        # lines wait: a build step that prints one line and then works for a minute must not
        # leave that line unsaved until the next one. One writer at a time on the session.
        self._flush_later: asyncio.Task[None] | None = None
        self._write_lock = asyncio.Lock()

    def log(self, message: str) -> None:
        self.lines.append(f"{datetime.now().astimezone().strftime('%H:%M:%S')} {message}")
        log.info(message)

    async def output(self, line: str) -> None:
        """A line of a command's output (a build): published at once, committed to the row
        at most every LOG_FLUSH_SECONDS so a chatty build doesn't write per line."""
        self.lines.append(line[:MAX_LINE])
        await self._publish_lines()
        if time.monotonic() - self._flushed_at >= LOG_FLUSH_SECONDS:
            await self._write()
        elif self._flush_later is None:
            self._flush_later = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(LOG_FLUSH_SECONDS)
        self._flush_later = None  # writing now: no longer cancellable by another write
        await self._write()

    async def quiesce(self) -> None:
        """Drop a pending delayed flush and wait for one in progress, before the caller
        uses the session for something else (a rollback)."""
        if self._flush_later is not None:
            self._flush_later.cancel()
            self._flush_later = None
        async with self._write_lock:
            pass

    async def _publish_lines(self) -> None:
        if self.live is None:
            self._published = len(self.lines)
            return
        while self._published < len(self.lines):
            n = self._published
            self._published += 1
            await self.live.publish(
                "log", {"attempt": self.attempt, "n": n + 1, "line": self.lines[n]}
            )

    async def _write(self, **record: Any) -> None:
        if self._flush_later is not None and self._flush_later is not asyncio.current_task():
            self._flush_later.cancel()  # this write includes its lines
            self._flush_later = None
        m = self.model
        async with self._write_lock:
            await self.session.execute(
                update(m)
                .where(
                    m.id == self.row_id, m.attempts == self.attempt, m.status == JobStatus.running
                )
                .values(steps=self.steps, log="\n".join(self.lines), **record)
            )
            await self.session.commit()
            self._flushed_at = time.monotonic()

    async def step(self, name: str, status: str, detail: str = "", **record: Any) -> None:
        """Record a step's new status (and any extra columns of the row) and commit."""
        entry = next(s for s in self.steps if s["name"] == name)
        if status == "running":
            entry["started_at"] = utcnow().isoformat()
            self._started[name] = time.monotonic()
        else:
            entry["finished_at"] = utcnow().isoformat()
            if name in self._started:
                entry["duration_ms"] = int((time.monotonic() - self._started[name]) * 1000)
        entry["status"], entry["detail"] = status, detail
        self.log(f"{name}: {status}{' - ' + detail if detail else ''}")
        await self._write(**record)
        await self._publish_lines()
        if self.live is not None:
            await self.live.publish("step", {"attempt": self.attempt, "steps": self.steps})
