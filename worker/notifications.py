"""The notification dispatcher: a task of each worker process that sends due deliveries.

It wakes on PostgreSQL's NOTIFY (sent in the transaction that wrote the rows, so only once
they are committed) and otherwise polls every `dispatch_interval_seconds` for retries that
became due, held coalesced messages and rows a dead worker left. Several workers share the
work through row locks (SKIP LOCKED); sends run concurrently, bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta
from typing import Any

import asyncpg
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.crypto import Keyring
from api.kit.settings import Settings
from api.models.base import utcnow
from api.notifications.delivery import Claim, claim_due, lease_for, send_claimed
from api.notifications.outbox import WAKE_CHANNEL
from api.notifications.repository import DeliveryRepository

log = structlog.get_logger("berth.notifications")

MAX_IN_FLIGHT = 20
PRUNE_EVERY_SECONDS = 3600


class Dispatcher:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        keyring: Keyring,
        settings: Settings,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.keyring = keyring
        self.settings = settings
        self._wake = asyncio.Event()
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._overdue: set[asyncio.Task[Any]] = set()
        self._started: dict[asyncio.Task[Any], float] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._run()), asyncio.create_task(self._listen())]

    async def stop(self) -> None:
        for task in [*self._tasks, *self._in_flight, *self._overdue]:
            task.cancel()
        # Sends cut short here keep their lease; the next worker retries them after it.
        await asyncio.gather(*self._tasks, *self._in_flight, *self._overdue, return_exceptions=True)

    async def _run(self) -> None:
        interval = self.settings.notifications.dispatch_interval_seconds
        pruned_at = 0.0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
            self._wake.clear()
            try:
                await self._dispatch_once()
                if time.monotonic() - pruned_at > PRUNE_EVERY_SECONDS:
                    pruned_at = time.monotonic()
                    await self._prune()
            except Exception:  # a database hiccup: the next round tries again
                log.exception("notification dispatch failed")

    async def _prune(self) -> None:
        days = self.settings.notifications.retention_days
        async with self.sessionmaker() as session, session.begin():
            gone = await DeliveryRepository(session).prune_finished(utcnow() - timedelta(days=days))
        if gone:
            log.info("pruned old notification deliveries", count=gone, older_than_days=days)

    async def _dispatch_once(self) -> None:
        self._forget_overdue()
        free = MAX_IN_FLIGHT - len(self._in_flight)
        if free <= 0:
            return
        async with self.sessionmaker() as session, session.begin():
            claims = await claim_due(session, self.settings, free)
        for claim in claims:
            task = asyncio.create_task(self._send(claim))
            self._in_flight.add(task)
            self._started[task] = time.monotonic()
            task.add_done_callback(self._done)
        if len(claims) == free:
            self._wake.set()  # there may be more waiting

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._in_flight.discard(task)
        self._overdue.discard(task)
        self._started.pop(task, None)

    def _forget_overdue(self) -> None:
        """A send past its lease no longer takes a slot: every send is bounded, but if a
        library ever hangs one anyway, the dispatcher must not stall behind it (its row is
        retried when the lease runs out, like a dead worker's)."""
        limit = lease_for(self.settings).total_seconds()
        now = time.monotonic()
        for task in [t for t in self._in_flight if now - self._started[t] > limit]:
            log.warning("a notification send outlived its lease; no longer waited for")
            self._in_flight.discard(task)
            self._overdue.add(task)  # still referenced, so it is not garbage-collected
            task.cancel()

    async def _send(self, claim: Claim) -> None:
        try:
            status = await send_claimed(self.sessionmaker, self.keyring, self.settings, claim)
            log.info("notification sent", delivery_id=str(claim.delivery_id), status=str(status))
        except Exception:
            log.exception("notification send failed", delivery_id=str(claim.delivery_id))
        finally:
            self._wake.set()  # a slot is free

    async def _listen(self) -> None:
        """LISTEN on a connection of its own; reconnects, and polling covers the gaps."""
        dsn = self.settings.database.url.replace("postgresql+asyncpg://", "postgresql://", 1)
        while True:
            try:
                conn = await asyncpg.connect(dsn, timeout=10)
            except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                log.warning("notification listener cannot connect", error=str(exc))
                await asyncio.sleep(5)
                continue
            try:
                await conn.add_listener(WAKE_CHANNEL, lambda *_: self._wake.set())
                self._wake.set()  # catch up on what was committed while not listening
                while True:  # a dead connection shows only when used
                    await asyncio.sleep(15)
                    await conn.fetchval("SELECT 1", timeout=5)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                log.warning("notification listener lost its connection", error=str(exc))
            finally:
                with contextlib.suppress(Exception):
                    await conn.close(timeout=2)
