"""Fixed-window failure counters in Redis (login throttling).

Keys are per account and per client address. The address is the TCP peer as uvicorn
reports it; X-Forwarded-For is honoured only from `forwarded_allow_ips`, so a client can't
dodge the limit by inventing headers.
"""

from __future__ import annotations

import hashlib

from redis.asyncio import Redis

from api.kit.errors import TooManyRequests


class FailureThrottle:
    def __init__(self, redis: Redis, *, namespace: str, window_seconds: int) -> None:
        self.redis = redis
        self.namespace = namespace
        self.window = window_seconds

    def _key(self, kind: str, value: str) -> str:
        digest = hashlib.sha256(value.encode()).hexdigest()[:32]
        return f"berth:throttle:{self.namespace}:{kind}:{digest}"

    async def ensure_allowed(self, limits: dict[str, tuple[str, int]]) -> None:
        """`limits` maps a kind (e.g. "account") to (value, max failures in the window)."""
        keys = {kind: self._key(kind, value) for kind, (value, _) in limits.items()}
        async with self.redis.pipeline(transaction=False) as pipe:
            for key in keys.values():
                pipe.get(key)
                pipe.ttl(key)
            raw = await pipe.execute()
        for i, (kind, (_, limit)) in enumerate(limits.items()):
            count, ttl = raw[2 * i], raw[2 * i + 1]
            if count is not None and int(count) >= limit:
                retry = max(int(ttl), 1)
                raise TooManyRequests(
                    f"too many failed attempts for this {kind}; try again in {retry} s",
                    retry_after=retry,
                )

    async def record_failure(self, values: dict[str, str]) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for kind, value in values.items():
                key = self._key(kind, value)
                pipe.incr(key)
                pipe.expire(key, self.window, nx=True)
            await pipe.execute()

    async def reset(self, kind: str, value: str) -> None:
        await self.redis.delete(self._key(kind, value))
