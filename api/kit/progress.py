"""Step-by-step progress of a durable job (setup, deployment), committed as it happens so
clients watch it live. Writes are fenced on the attempt, like every durable-job write."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.models.base import utcnow
from api.models.durable import JobStatus

log = structlog.get_logger("berth.jobs")


class StepProgress:
    def __init__(
        self,
        session: AsyncSession,
        model: type[Any],
        row_id: object,
        attempt: int,
        steps: Sequence[str],
    ) -> None:
        self.session = session
        self.model = model
        self.row_id = row_id
        self.attempt = attempt
        self.steps: list[dict[str, Any]] = [
            {"name": name, "status": "pending", "detail": ""} for name in steps
        ]
        self.lines: list[str] = []
        self._started: dict[str, float] = {}

    def log(self, message: str) -> None:
        self.lines.append(f"{datetime.now().astimezone().strftime('%H:%M:%S')} {message}")
        log.info(message)

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
        m = self.model
        await self.session.execute(
            update(m)
            .where(m.id == self.row_id, m.attempts == self.attempt, m.status == JobStatus.running)
            .values(steps=self.steps, log="\n".join(self.lines), **record)
        )
        await self.session.commit()
