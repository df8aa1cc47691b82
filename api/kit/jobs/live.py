"""Live progress of durable jobs over Redis pub/sub, for clients watching as it happens.

The database row stays the record (steps and log are committed as the job goes); pub/sub
only carries what happened since, so a watcher reads the row first and then follows the
channel. Publishing is best effort: a Redis hiccup must never fail a deployment.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)


def channel_name(kind: str, row_id: object) -> str:
    return f"berth:live:{kind}:{row_id}"


class LivePublisher:
    def __init__(self, redis: Redis | None, channel: str) -> None:
        self._redis = redis
        self.channel = channel

    async def publish(self, event: str, data: dict[str, Any]) -> None:
        if self._redis is None:
            return
        try:
            await self._redis.publish(self.channel, json.dumps({"event": event, "data": data}))
        except (RedisError, OSError) as exc:
            log.warning("live progress not published", channel=self.channel, error=str(exc))


@contextlib.asynccontextmanager
async def subscription(redis: Redis, channel: str) -> AsyncIterator[LiveSubscription]:
    """Subscribe *before* reading the row, so nothing published in between is missed."""
    pubsub = redis.pubsub()
    await pubsub.subscribe(channel)
    try:
        yield LiveSubscription(pubsub)
    finally:
        with contextlib.suppress(RedisError, OSError):
            await pubsub.unsubscribe(channel)
        await pubsub.aclose()  # type: ignore[no-untyped-call]


class LiveSubscription:
    def __init__(self, pubsub: Any) -> None:
        self._pubsub = pubsub

    async def next(self, timeout: float) -> tuple[str, dict[str, Any]] | None:
        """The next (event, data), or None when nothing arrived within `timeout` seconds."""
        message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout)
        if message is None or message.get("type") != "message":
            return None
        try:
            payload = json.loads(message["data"])
            return str(payload["event"]), dict(payload["data"])
        except (ValueError, KeyError, TypeError):
            return None
