"""Notifications benchmark: event committed → message received, and a fan-out's cost.

Starts its own embedded PostgreSQL and Redis, applies the migrations, runs one arq worker
(whose dispatcher sends notifications) and, in this process, a webhook receiver on loopback
(uvicorn). Then:

1. latency: BENCH_EVENTS (200) events, one transaction each, to one signed webhook channel;
   commit → the receiver has the request (p50/p95/max), next to the raw operation: the
   same POST sent straight from here (no outbox, no worker);
2. fan-out: 1,000 events to 5 channels (5,000 deliveries); how long until all arrived, and
   what an announcing transaction costs while that backlog drains — the commit of a
   transaction that announces an event to 5 channels versus the same transaction announcing
   to none (what a deployment's outcome commit pays), p50/p99.

    python -m bench.notifications
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from alembic import command
from alembic.config import Config
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import Keyring, generate_master_key
from api.models import (
    ChannelKind,
    NotificationChannel,
    NotificationDelivery,
    NotificationSubscription,
    Organization,
)
from api.notifications.events import Event, EventType
from api.notifications.outbox import announce
from api.notifications.secrets import seal
from bench.harness import percentile

ROOT = Path(__file__).resolve().parents[1]
EVENTS = int(os.environ.get("BENCH_EVENTS", "200"))
FANOUT_EVENTS = int(os.environ.get("BENCH_FANOUT_EVENTS", "1000"))
FANOUT_CHANNELS = 5
SECRET = "bench-signing-secret-0123456789"  # noqa: S105 - a throwaway local instance
WAIT = 120.0


class Receiver:
    """Records when each delivery id arrived."""

    def __init__(self) -> None:
        self.port = free_port()
        self.arrived: dict[str, float] = {}
        self.count = 0
        self.event = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        delivery = headers.get(b"x-berth-delivery", b"").decode()
        self.arrived.setdefault(delivery, time.perf_counter())
        self.count += 1
        self.event.set()
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def wait_until(predicate: Any, what: str, progress: Any = None) -> None:
    deadline = time.monotonic() + WAIT
    while not predicate():
        if time.monotonic() > deadline:
            where = f" ({progress()})" if progress else ""
            raise RuntimeError(f"timed out waiting for {what}{where}")
        await asyncio.sleep(0.005)


def summary(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (
        f"p50 {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 0.95):7.1f} ms  "
        f"p99 {percentile(ms, 0.99):7.1f} ms  max {max(ms):7.1f} ms  (n={len(ms)})"
    )


def main() -> None:
    """Start PostgreSQL, Redis and a worker (blocking work, outside the event loop), then
    measure."""
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-notify-"))
    workdir.chmod(0o711)
    stack = contextlib.ExitStack()
    try:
        pg = EmbeddedPostgres(workdir / "pg", free_port(), durable=False)
        redis = EmbeddedRedis(workdir / "redis", free_port(), durable=False)
        if pg.data_root != workdir / "pg":
            stack.callback(shutil.rmtree, pg.data_root, ignore_errors=True)
        stack.callback(pg.stop)
        pg.start()
        stack.callback(redis.stop)
        redis.start()
        config = Config(str(ROOT / "migrations" / "alembic.ini"))
        config.attributes["database_url"] = pg.url
        command.upgrade(config, "head")
        master = generate_master_key()
        receiver = Receiver()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BERTH_")},
            "BERTH_DATABASE__URL": pg.url,
            "BERTH_REDIS__URL": redis.url,
            "BERTH_SECURITY__MASTER_KEY": master,
            "BERTH_LOG_LEVEL": "WARNING",
            "BERTH_NOTIFICATIONS__ALLOW_INSECURE_TRANSPORT": "true",
            "BERTH_NOTIFICATIONS__ALLOWED_PRIVATE_NETWORKS": '["127.0.0.0/8"]',
            "PYTHONPATH": str(ROOT),
        }
        log = stack.enter_context((workdir / "worker.log").open("wb"))
        worker = subprocess.Popen(
            [sys.executable, "-m", "arq", "worker.main.WorkerSettings"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(worker.wait, 10)
        stack.callback(worker.terminate)
        try:
            asyncio.run(measure(pg.url, Keyring.from_encoded(master), receiver))
        except BaseException:
            print((workdir / "worker.log").read_text(errors="replace")[-3000:])
            print("PGLOG", pg.log_file.read_text(errors="replace")[-3000:])
            raise
    finally:
        stack.close()
        shutil.rmtree(workdir, ignore_errors=True)


async def measure(database_url: str, keyring: Keyring, receiver: Receiver) -> None:  # noqa: PLR0915 - one linear scenario reads best in one place
    server = uvicorn.Server(
        uvicorn.Config(
            receiver, host="127.0.0.1", port=receiver.port, lifespan="off", log_level="error"
        )
    )
    serving = asyncio.create_task(server.serve())
    await wait_until(lambda: server.started, "the receiver")
    try:
        engine = create_async_engine(database_url, pool_size=5)
        sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        org_id = uuid.uuid4()
        solo_org = uuid.uuid4()
        quiet_org = uuid.uuid4()
        async with sessionmaker() as session, session.begin():
            for oid in (org_id, solo_org, quiet_org):
                session.add(Organization(id=oid, name=f"bench {oid}", slug=f"b-{oid.hex[:10]}"))
            await session.flush()
            for owner, count in ((solo_org, 1), (org_id, FANOUT_CHANNELS)):
                for n in range(count):
                    channel = NotificationChannel(
                        id=uuid.uuid4(),
                        organization_id=owner,
                        name=f"hook-{n}",
                        kind=ChannelKind.webhook,
                    )
                    url = f"http://127.0.0.1:{receiver.port}/{n}"
                    seal(keyring, channel, {"url": url, "signing_secret": SECRET})
                    session.add(channel)
                    await session.flush()
                    session.add(
                        NotificationSubscription(
                            organization_id=owner,
                            channel_id=channel.id,
                            event_types=[str(EventType.deployment_failed)],
                        )
                    )

        def event(org: uuid.UUID) -> Event:
            return Event(
                type=EventType.deployment_failed,
                organization_id=org,
                target_type="deployment",
                target_id=uuid.uuid4(),
                subject="bench / production / api",
                path="/orgs/x/deployments/y",
                reason="release: image not found",
            )

        async def announce_one(org: uuid.UUID) -> tuple[float, float, list[str]]:
            """(the transaction's duration, when it committed, the delivery ids)."""
            announced = event(org)
            async with sessionmaker() as session:
                started = time.perf_counter()
                await announce(session, announced)
                await session.commit()
                done = time.perf_counter()
                ids = await session.scalars(
                    select(NotificationDelivery.id).where(
                        NotificationDelivery.target_id == announced.target_id
                    )
                )
                return done - started, done, [str(i) for i in ids]

        # Warm-up: the worker's dispatcher is listening once a first event gets through.
        _, _, warm = await announce_one(solo_org)
        await wait_until(lambda: warm[0] in receiver.arrived, "the worker to deliver")

        latencies: list[float] = []
        for _ in range(EVENTS):
            _, committed_at, ids = await announce_one(solo_org)
            await wait_until(lambda ids=ids: ids[0] in receiver.arrived, "a delivery")
            latencies.append(receiver.arrived[ids[0]] - committed_at)
            await asyncio.sleep(0.01)

        raw: list[float] = []
        async with httpx.AsyncClient() as client:
            for _ in range(EVENTS):
                started = time.perf_counter()
                await client.post(
                    f"http://127.0.0.1:{receiver.port}/raw",
                    content=b"{}",
                    headers={"X-Berth-Delivery": str(uuid.uuid4())},
                )
                raw.append(time.perf_counter() - started)

        # Fan-out: 1,000 events x 5 channels, committed as fast as one client can.
        before = receiver.count
        expected = before + FANOUT_EVENTS * FANOUT_CHANNELS
        fan_started = time.perf_counter()
        fanout_commits: list[float] = []
        for _ in range(FANOUT_EVENTS):
            commit_time, _, _ = await announce_one(org_id)
            fanout_commits.append(commit_time)
        committed = time.perf_counter() - fan_started
        # While the backlog drains: the commit of an announcing transaction, and of one
        # whose organization has no subscriber (the raw transaction).
        loaded: list[float] = []
        quiet: list[float] = []
        while receiver.count < expected and len(loaded) < 300:
            loaded.append((await announce_one(org_id))[0])
            quiet.append((await announce_one(quiet_org))[0])
            expected += FANOUT_CHANNELS
        try:
            await wait_until(
                lambda: receiver.count >= expected,
                "the fan-out to drain",
                lambda: f"{receiver.count - before} of {expected - before} received",
            )
        except RuntimeError:
            async with sessionmaker() as session:
                rows = await session.execute(
                    select(
                        NotificationDelivery.status, NotificationDelivery.last_error, func.count()
                    ).group_by(NotificationDelivery.status, NotificationDelivery.last_error)
                )
                for row in rows:
                    print("  left:", *row)
                activity = await session.execute(
                    text(
                        "SELECT state, wait_event_type, wait_event, left(query, 120) "
                        "FROM pg_stat_activity WHERE datname = current_database()"
                    )
                )
                for row in activity:
                    print("  pg:", *row)
            raise
        drained = time.perf_counter() - fan_started

        print(f"notifications benchmark (worker: 1 process, receiver on loopback, {EVENTS} events)")
        print(f"  commit -> received, via outbox + worker: {summary(latencies)}")
        print(f"  raw POST to the same receiver:           {summary(raw)}")
        total = expected - before
        print(
            f"  fan-out: {FANOUT_EVENTS} events x {FANOUT_CHANNELS} channels committed in "
            f"{committed:.1f} s (+{len(loaded)} more events while it drained); all {total} "
            f"messages received after {drained:.1f} s ({total / drained:.0f} msg/s)"
        )
        print(f"  transaction announcing to 5 (bulk):     {summary(fanout_commits)}")
        if loaded:
            print(f"  transaction announcing to 5, draining:  {summary(loaded)}")
            print(f"  transaction announcing to none, same:   {summary(quiet)}")
        await engine.dispose()
    finally:
        server.should_exit = True
        await serving


if __name__ == "__main__":
    main()
