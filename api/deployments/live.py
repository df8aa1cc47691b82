"""Watching a deployment live: Server-Sent Events and long-polling, fed by Redis pub/sub.

A watcher subscribes first, then reads the row (steps and the log committed so far), then
follows the channel, skipping lines it already sent. The worker commits progress before
publishing it, so nothing falls between the read and the subscription. The row is read
again every few seconds without news: a job failed by the reaper (its worker died)
publishes nothing, and the stream must still end.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.jobs.live import channel_name, subscription
from api.models import Deployment
from api.models.durable import ACTIVE_JOB_STATUSES

if TYPE_CHECKING:
    from fastapi.sse import ServerSentEvent

RECHECK_SECONDS = 5.0


def deployment_channel(deployment_id: uuid.UUID) -> str:
    return channel_name("deployment", deployment_id)


def status_event(row: Deployment) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "status": str(row.status),
        "outcome": str(row.outcome) if row.outcome else None,
        "error": row.error,
        "image": row.image,
        "commit_sha": row.commit_sha,
        "attempts": row.attempts,
    }


def is_finished(row: Deployment) -> bool:
    return row.status not in ACTIVE_JOB_STATUSES


async def _load(
    sessionmaker: async_sessionmaker[AsyncSession], deployment_id: uuid.UUID
) -> Deployment | None:
    async with sessionmaker() as session:
        return await session.get(Deployment, deployment_id)


async def deployment_events(
    redis: Redis,
    sessionmaker: async_sessionmaker[AsyncSession],
    deployment_id: uuid.UUID,
    *,
    max_seconds: float,
) -> AsyncIterator[ServerSentEvent]:
    """`snapshot` (steps + log so far), then `log` / `step` events as they happen, then one
    `status` event when the deployment ends (or `timeout` after max_seconds)."""
    # Imported here: the worker imports this module for its channel names, and FastAPI
    # would be ~7 MiB of its idle memory for nothing.
    from fastapi.sse import ServerSentEvent  # noqa: PLC0415

    deadline = time.monotonic() + max_seconds
    async with subscription(redis, deployment_channel(deployment_id)) as sub:
        row = await _load(sessionmaker, deployment_id)
        if row is None:
            return
        attempt = row.attempts
        sent = len(row.log.splitlines()) if row.log else 0
        yield ServerSentEvent(
            event="snapshot",
            data={**status_event(row), "steps": row.steps, "log": row.log},
        )
        if is_finished(row):
            yield ServerSentEvent(event="status", data=status_event(row))
            return
        while time.monotonic() < deadline:
            message = await sub.next(timeout=RECHECK_SECONDS)
            if message is None:
                row = await _load(sessionmaker, deployment_id)
                if row is None or is_finished(row):
                    if row is not None:
                        yield ServerSentEvent(event="status", data=status_event(row))
                    return
                continue
            event, data = message
            if event == "log":
                if data.get("attempt") != attempt:
                    # A retry starts its log afresh: follow the new attempt from its start.
                    attempt, sent = int(data.get("attempt", attempt)), 0
                if int(data.get("n", 0)) <= sent:
                    continue
                sent = int(data["n"])
                yield ServerSentEvent(event="log", data={"line": data.get("line", "")})
            elif event == "step":
                yield ServerSentEvent(event="step", data={"steps": data.get("steps", [])})
            elif event == "status":
                yield ServerSentEvent(event="status", data=data)
                if data.get("status") not in {str(s) for s in ACTIVE_JOB_STATUSES}:
                    return
        yield ServerSentEvent(event="timeout", data={"after_seconds": max_seconds})


async def wait_until_finished(
    redis: Redis,
    sessionmaker: async_sessionmaker[AsyncSession],
    deployment_id: uuid.UUID,
    *,
    max_seconds: float,
) -> None:
    """Return when the deployment ended or max_seconds passed (the caller reads the row)."""
    deadline = time.monotonic() + max_seconds
    async with subscription(redis, deployment_channel(deployment_id)) as sub:
        row = await _load(sessionmaker, deployment_id)
        while row is not None and not is_finished(row):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            message = await sub.next(timeout=min(remaining, RECHECK_SECONDS))
            if message is None or message[0] == "status":
                row = await _load(sessionmaker, deployment_id)
