"""The scheduler: enqueues the periodic jobs, from exactly one process at a time.

`python -m worker.scheduler` (the image's `scheduler` command), with
`BERTH_JOBS__PERIODIC=scheduler` set for it and for the workers.

Why a leader elected through a PostgreSQL advisory lock, not a one-replica Deployment with
the `Recreate` strategy: Kubernetes does not promise at most one pod of a Deployment (a
partitioned node's pod keeps running while its replacement starts), and at most one is
what "once per period" needs; a lone replica also leaves no scheduler for the minutes a
dead node takes to be noticed. PostgreSQL, the system of record every replica already
uses, gives both: the lock is held by one session only, and when that session's process or
connection dies the server releases it at once, so a standby takes over within
`leader_retry_seconds`. Why not arq's cron in every worker: its jobs are deduplicated by a
per-period job id only while the previous result is kept, and `run_at_startup` fires once
per worker start, so N workers (and each restart) run the reaper and the refresh extra times.

The leader also enqueues under a per-period job id (`<name>:<period start ms>`), so even a
leader change inside one period — the old leader's last enqueue racing the new one's
first — cannot run a period twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from dataclasses import dataclass

import structlog
from arq import create_pool
from arq.connections import ArqRedis
from arq.connections import RedisSettings as ArqRedisSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.kit.db import create_engine
from api.kit.logging import configure_logging
from api.kit.settings import Settings, get_settings

log = structlog.get_logger("berth.scheduler")

# pg_try_advisory_lock's key: one number for "the Berth scheduler" in this database
# (b"BERTHSCH" as a signed 64-bit integer). Other applications sharing the database
# would have to pick the same number by accident.
LEADER_LOCK_KEY = int.from_bytes(b"BERTHSCH", "big", signed=True)
_CHECK_TIMEOUT = 5.0


@dataclass(frozen=True)
class Periodic:
    name: str
    every_seconds: int

    def period_start(self, now: float) -> int:
        """Start of the period holding `now`, in ms: the same on every scheduler."""
        step = self.every_seconds * 1000
        return int(now * 1000) // step * step

    def job_id(self, period_start_ms: int) -> str:
        return f"{self.name}:{period_start_ms}"


def periodic_jobs(settings: Settings) -> tuple[Periodic, ...]:
    return (
        Periodic("jobs.reap", settings.jobs.reaper_interval_seconds),
        Periodic("servers.refresh", settings.servers.refresh_interval_seconds),
        Periodic("databases.refresh", settings.servers.refresh_interval_seconds),
        Periodic("certificates.check", settings.notifications.certificate_check_interval_seconds),
    )


async def try_lead(engine: AsyncEngine) -> AsyncConnection | None:
    """A connection holding the leader lock, or None when another session holds it."""
    conn = await engine.connect()
    try:
        got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY})
        # Leave no transaction open on a connection kept for hours (a session-level lock
        # outlives its transaction).
        await conn.commit()
    except BaseException:
        await conn.close()
        raise
    if got:
        return conn
    await conn.close()
    return None


async def still_leading(conn: AsyncConnection) -> bool:
    """The lock lives as long as its session: a session that answers still holds it."""
    try:
        await asyncio.wait_for(conn.scalar(text("SELECT 1")), _CHECK_TIMEOUT)
        await conn.commit()
    except Exception:  # any failure: the session may be gone and the lock with it
        return False
    return True


async def enqueue_due(
    redis: ArqRedis, jobs: tuple[Periodic, ...], last: dict[str, int], now: float
) -> list[str]:
    """Enqueue each job whose current period has not been enqueued by this leader yet."""
    enqueued: list[str] = []
    for job in jobs:
        start = job.period_start(now)
        if last.get(job.name) == start:
            continue
        # arq ignores a job id that is queued, running or still has a result: a period
        # enqueued by a previous leader is not run again.
        if await redis.enqueue_job(job.name, _job_id=job.job_id(start)) is not None:
            enqueued.append(job.job_id(start))
        last[job.name] = start
    return enqueued


async def run_scheduler(settings: Settings, stop: asyncio.Event) -> None:
    engine = create_engine(settings.database, application_name="berth-scheduler")
    redis = await create_pool(ArqRedisSettings.from_dsn(settings.redis.url))
    jobs = periodic_jobs(settings)
    leader: AsyncConnection | None = None
    try:
        while not stop.is_set():
            if leader is None:
                try:
                    leader = await try_lead(engine)
                except Exception as exc:  # database down: stay a follower and retry
                    log.warning("cannot reach the database to elect a leader", error=str(exc))
                if leader is None:
                    await _sleep(stop, settings.jobs.leader_retry_seconds)
                    continue
                log.info("became the scheduler leader")
                last: dict[str, int] = {}
            if not await still_leading(leader):
                log.warning("lost the database session holding the leader lock; stepping down")
                with contextlib.suppress(Exception):
                    await leader.close()
                leader = None
                continue
            try:
                for job_id in await enqueue_due(redis, jobs, last, time.time()):
                    log.info("enqueued periodic job", job_id=job_id)
            except Exception as exc:  # Redis down: the periods are retried next tick
                log.warning("cannot enqueue periodic jobs", error=str(exc))
            await _sleep(stop, 1.0)
    finally:
        if leader is not None:
            with contextlib.suppress(Exception):
                await leader.close()  # closing the session releases the lock
        await redis.aclose()
        await engine.dispose()


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def main() -> int:
    settings = get_settings()
    configure_logging(fmt=settings.log_format, level=settings.log_level)

    async def go() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await run_scheduler(settings, stop)

    asyncio.run(go())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
