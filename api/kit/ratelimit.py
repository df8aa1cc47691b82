"""Login throttling in Redis, shared by every API process.

Three fixed-window counters, each bumped *before* the password is checked (so requests
running in parallel can't all slip under a limit) and given back when the login succeeds:

- (account, client address): one client guessing one account is refused with 429;
- client address: one client guessing many accounts is refused with 429;
- account, from any address: never refused, only slowed. After a few failures every
  attempt on the account waits a delay that doubles with each further failure, up to a
  cap, whoever sends it and whether the password is right, so the delay is no oracle.

Refusing per account alone would let anyone who knows an e-mail address keep its owner
out (the owner's correct password would be refused too); slowing instead costs the owner
at most the capped delay while an attack is under way. What still bounds a guesser who
spreads over many addresses is the per-address limit times the addresses they own, and
the password hash's own cost.

The address is the TCP peer as uvicorn reports it; X-Forwarded-For is honoured only from
`forwarded_allow_ips`, so a client can't dodge the limits by inventing headers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from redis.asyncio import Redis

from api.kit.errors import TooManyRequests

# Atomic, and never DECR a key whose window ended meanwhile: that would recreate it
# without an expiry (a counter that lives forever).
_GIVE_BACK = """
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECR', KEYS[i]) end
end
return 0
"""


@dataclass(frozen=True)
class LoginLimits:
    window_seconds: int
    max_failures_per_account_address: int
    max_failures_per_address: int
    account_free_failures: int
    account_delay_seconds: float
    account_max_delay_seconds: float

    def account_delay(self, earlier_failures: int) -> float:
        """The wait before an attempt on an account that already failed this often."""
        excess = earlier_failures - self.account_free_failures
        if excess < 0:
            return 0.0
        # The exponent is capped so a long attack can't overflow the float.
        delay: float = self.account_delay_seconds * 2.0 ** min(excess, 32)
        return min(self.account_max_delay_seconds, delay)


@dataclass(frozen=True)
class LoginAttempt:
    """A reserved attempt: how long to wait before checking the password."""

    account: str
    address: str
    delay_seconds: float
    account_failures: int


class LoginThrottle:
    def __init__(self, redis: Redis, limits: LoginLimits, *, namespace: str = "login") -> None:
        self.redis = redis
        self.limits = limits
        self.namespace = namespace

    def _key(self, kind: str, *values: str) -> str:
        # Hashed: e-mail addresses and client addresses don't belong in Redis in clear.
        digest = hashlib.sha256("\0".join(values).encode()).hexdigest()[:32]
        return f"berth:throttle:{self.namespace}:{kind}:{digest}"

    async def _bump(self, keys: list[str]) -> list[tuple[int, int]]:
        """INCR each key (starting its window if new); (count, seconds left) for each."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, self.limits.window_seconds, nx=True)
                pipe.ttl(key)
            raw = await pipe.execute()
        return [(int(raw[3 * i]), int(raw[3 * i + 2])) for i in range(len(keys))]

    async def begin(self, *, account: str, address: str) -> LoginAttempt:
        """Reserve an attempt, or raise TooManyRequests for a client over its limits."""
        limits = self.limits
        pair_key = self._key("account-address", account, address)
        address_key = self._key("address", address)
        (pair, pair_ttl), (by_address, address_ttl) = await self._bump([pair_key, address_key])
        for count, ttl, limit, what in (
            (pair, pair_ttl, limits.max_failures_per_account_address, "this account"),
            (by_address, address_ttl, limits.max_failures_per_address, "any account"),
        ):
            if count > limit:
                retry = max(ttl, 1)
                raise TooManyRequests(
                    f"too many failed logins from your address for {what}; try again in {retry} s",
                    retry_after=retry,
                )
        # Counted only once the client passed its own limits: refused requests must not
        # slow the owner down any further.
        [(by_account, _)] = await self._bump([self._key("account", account)])
        return LoginAttempt(
            account=account,
            address=address,
            delay_seconds=limits.account_delay(by_account - 1),
            account_failures=by_account - 1,
        )

    async def succeeded(self, attempt: LoginAttempt) -> None:
        """Give the reservation back: a success is no failure, and clears its own client.

        Not a reset of the account: the failures an attacker caused keep slowing it down.
        """
        keys = [
            self._key("account-address", attempt.account, attempt.address),
            self._key("account", attempt.account),
            self._key("address", attempt.address),
        ]
        await self.redis.eval(_GIVE_BACK, len(keys), *keys)  # type: ignore[misc]
