"""How the control plane's cost grows with servers, applications, deployments and clients.

Two parts, each in one run next to its raw (small or empty) case:

1. Data and clients (no root, no test bed). One organisation; list-endpoint latency at a
   fixed offered rate (bench/open_loop.py) while it is nearly empty, then after
   `BENCH_APPS` applications (500, created through the API) and `BENCH_DEPLOYMENTS`
   deployments (10,000, inserted as finished rows: their history is what the lists page
   through). Endpoints: an environment's applications, an application's deployments.
   Then `BENCH_SSE_CLIENTS` (100) clients on one running deployment's event stream: the
   API's RSS growth per client.
2. Servers (root: a test bed of `BENCH_HOSTS` hosts, 20; bridge brsc, 10.226.0.0/24, or
   `BENCH_BRIDGE` / `BENCH_SUBNET`). Each host is added and set up, gets
   `BENCH_APPS_PER_SERVER` applications (25) of the bed's image; one deployment alone
   (the raw per-deployment time), then every application's first deployment at once:
   time to all succeeded next to the bound the per-server limit sets
   (ceil(apps / max_deployments_per_server) x the single time). Then the worker's CPU
   share over `BENCH_IDLE_SECONDS` (90 s: three status refreshes) with every server
   connected, next to the same window before any server existed, and the worker's RSS
   per connected server. `BENCH_HOSTS=0` skips this part, `BENCH_DATA=0` the first.

This machine's two cores are shared: run small counts (BENCH_HOSTS=2
BENCH_APPS_PER_SERVER=2) while others work, and say so with the figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine

from api.models import Deployment, DeploymentTrigger, JobStatus
from bench import open_loop
from bench.deploy import BASE_DOMAIN, HEALTH_CHECK, SETTLE_WITHIN, SETUP_WITHIN
from bench.harness import Api, BenchError, ControlPlane, terminate
from bench.idle_memory import rss_mib
from bench.list_endpoint import cpu_seconds
from tests.testbed import Host, Testbed

DATA = os.environ.get("BENCH_DATA", "1") != "0"  # BENCH_DATA=0 skips the data part
APPS = int(os.environ.get("BENCH_APPS", "500"))
DEPLOYMENTS = int(os.environ.get("BENCH_DEPLOYMENTS", "10000"))
SSE_CLIENTS = int(os.environ.get("BENCH_SSE_CLIENTS", "100"))
HOSTS = int(os.environ.get("BENCH_HOSTS", "20"))
APPS_PER_SERVER = int(os.environ.get("BENCH_APPS_PER_SERVER", "25"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "90"))
RATE = float(os.environ.get("BENCH_RATE", "100"))
DURATION = float(os.environ.get("BENCH_DURATION", "10"))
BRIDGE = os.environ.get("BENCH_BRIDGE", "brsc")
SUBNET = os.environ.get("BENCH_SUBNET", "10.226.0.0/24")
TIME_LIMIT = int(os.environ.get("BENCH_TIME_LIMIT", str(900 + 60 * HOSTS)))
# The data part's server is never reached: a loopback port nothing listens on, and its
# host key is never confirmed, so no job connects to it.
UNREACHABLE = {"name": "data", "host": "127.0.0.1", "port": 9, "username": "root"}
IMAGE = "registry.invalid/bench/app:v1"


async def ready_server(api: Api, org_id: str, host: Host) -> str:
    """bench.deploy's setup of one host, with a name per host (there, one server)."""
    server = await api(
        "POST",
        f"/organizations/{org_id}/servers",
        json={
            "name": host.name,
            "host": host.ip,
            "username": "root",
            "private_key": host.client_key.read_text(),
            "base_domain": BASE_DOMAIN,
        },
    )
    server_id = str(server["id"])
    scanned = await api("POST", f"/servers/{server_id}/host-key/scan")
    if scanned["pending_host_key_fingerprint"] != host.fingerprint:
        raise BenchError(f"{host.name}: scanned a host key other than the test host's")
    await api(
        "POST", f"/servers/{server_id}/host-key/confirm", json={"fingerprint": host.fingerprint}
    )
    setup = await api("POST", f"/servers/{server_id}/setups")
    done = await api.settled(f"/server-setups/{setup['id']}", SETUP_WITHIN)
    if done["status"] != "succeeded":
        raise BenchError(f"{host.name}: setup failed:\n{done.get('log', '')[-4000:]}")
    return server_id


def app_body(name: str, server_id: str, image: str) -> dict[str, Any]:
    return {
        "name": name,
        "server_id": server_id,
        "source": {"type": "image", "image": image},
        "runtime": {"port": 8080, "replicas": 1, "health_check": HEALTH_CHECK},
    }


async def environment_of(api: Api, org_id: str, name: str) -> str:
    project = await api("POST", f"/organizations/{org_id}/projects", json={"name": name})
    environments = await api("GET", f"/projects/{project['id']}/environments")
    return str(environments["items"][0]["id"])


async def p99s(
    plane: ControlPlane, token: str, paths: dict[str, str]
) -> dict[str, tuple[float, float, int]]:
    """Per endpoint: p99 at RATE, the API's CPU ms per request (the figure the shared
    machine's other load hardly moves), and the errors (timeouts, non-200 answers)."""
    url = urlsplit(plane.base)
    headers = {"Authorization": f"Bearer {token}"}
    api_pid = plane.processes["api"].pid
    figures: dict[str, tuple[float, float, int]] = {}
    for name, path in paths.items():
        host, port = url.hostname or "127.0.0.1", url.port or 80
        await open_loop.run(host, port, path, rate=RATE, duration=2, headers=headers)
        before = cpu_seconds(api_pid)
        result = await open_loop.run(
            host, port, path, rate=RATE, duration=DURATION, headers=headers
        )
        cpu_ms = (cpu_seconds(api_pid) - before) * 1000 / max(1, len(result.latencies_ms))
        figures[name] = (result.p(0.99), cpu_ms, result.errors)
    return figures


async def seed_deployments(database_url: str, apps: list[dict[str, Any]], count: int) -> None:
    """Finished deployments spread over the applications, inserted in batches."""
    engine = create_async_engine(database_url)
    try:
        rows = [
            {
                "organization_id": uuid.UUID(app["organization_id"]),
                "application_id": uuid.UUID(app["id"]),
                "server_id": uuid.UUID(app["server_id"]),
                "trigger": DeploymentTrigger.api,
                "source": app["source"],
                "runtime": app["runtime"],
                "image": IMAGE,
                "status": JobStatus.succeeded,
                "attempts": 1,
            }
            for i in range(count)
            for app in (apps[i % len(apps)],)
        ]
        async with engine.begin() as conn:
            for start in range(0, len(rows), 1000):
                await conn.execute(insert(Deployment), rows[start : start + 1000])
    finally:
        await engine.dispose()


async def insert_running(database_url: str, app: dict[str, Any]) -> str:
    """A deployment row as a worker holds it mid-release (fresh heartbeat): its event
    stream stays open until the reaper finds the heartbeat stale (30 s)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            now = datetime.now(UTC)
            deployment_id = await conn.scalar(
                insert(Deployment)
                .values(
                    organization_id=uuid.UUID(app["organization_id"]),
                    application_id=uuid.UUID(app["id"]),
                    server_id=uuid.UUID(app["server_id"]),
                    trigger=DeploymentTrigger.api,
                    source=app["source"],
                    runtime=app["runtime"],
                    status=JobStatus.running,
                    attempts=1,
                    started_at=now,
                    heartbeat_at=now,
                    worker_id="bench",
                )
                .returning(Deployment.id)
            )
        return str(deployment_id)
    finally:
        await engine.dispose()


async def sse_growth(plane: ControlPlane, token: str, deployment_id: str) -> tuple[float, int]:
    """API RSS growth per open event-stream client, and how many were still open."""
    api_pid = plane.processes["api"].pid
    before = rss_mib(api_pid)
    opened: list[asyncio.Event] = [asyncio.Event() for _ in range(SSE_CLIENTS)]
    stop = asyncio.Event()
    open_at_end = 0

    async def client(ready: asyncio.Event) -> None:
        nonlocal open_at_end
        path = f"/api/v1/deployments/{deployment_id}/events"
        async with (
            httpx.AsyncClient(base_url=plane.base, timeout=30) as http,
            http.stream("GET", path, headers={"Authorization": f"Bearer {token}"}) as response,
        ):
            if response.status_code != 200:
                raise BenchError(f"events: {response.status_code}")
            reader = response.aiter_lines()
            async for line in reader:
                if line.startswith("event:"):
                    break  # the snapshot arrived: the stream is set up
            ready.set()
            await stop.wait()
            if not response.is_closed:
                open_at_end += 1

    tasks = [asyncio.create_task(client(event)) for event in opened]
    try:
        async with asyncio.timeout(60):
            await asyncio.gather(*(event.wait() for event in opened))
        await asyncio.sleep(2)
        after = rss_mib(api_pid)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return (after - before) / SSE_CLIENTS, open_at_end


async def data_part(plane: ControlPlane) -> None:
    async with httpx.AsyncClient(base_url=plane.base, timeout=60) as http:
        api = Api(http)
        org_id = await api.login()
        token = http.headers["Authorization"].removeprefix("Bearer ")
        server = await api("POST", f"/organizations/{org_id}/servers", json=UNREACHABLE)
        environment_id = await environment_of(api, org_id, "scale")
        first = await api(
            "POST",
            f"/environments/{environment_id}/applications",
            json=app_body("app-0", str(server["id"]), IMAGE),
        )
        await seed_deployments(plane.database_url, [first], 1)
        paths = {
            "environment's applications": f"/api/v1/environments/{environment_id}/applications",
            "application's deployments": f"/api/v1/applications/{first['id']}/deployments",
        }
        empty = await p99s(plane, token, paths)
        print(
            f"creating {APPS} applications, inserting {DEPLOYMENTS} deployments...", file=sys.stderr
        )
        apps = [first]
        for i in range(1, APPS):
            apps.append(
                await api(
                    "POST",
                    f"/environments/{environment_id}/applications",
                    json=app_body(f"app-{i}", str(server["id"]), IMAGE),
                )
            )
        await seed_deployments(plane.database_url, apps, max(0, DEPLOYMENTS - 1))
        full = await p99s(plane, token, paths)
        per_app = DEPLOYMENTS // max(1, APPS)
        print(f"\n== list p99 at {RATE:.0f} req/s for {DURATION:.0f} s, open loop")
        print(
            f"{'endpoint':28} {'1 app, 1 deployment':>26}   "
            f"{f'{APPS} apps, {DEPLOYMENTS} deps':>26}"
        )
        for name in paths:
            (p_empty, c_empty, e_empty), (p_full, c_full, e_full) = empty[name], full[name]
            print(
                f"{name:28} p99 {p_empty:7.2f} ms cpu {c_empty:5.2f} ms   "
                f"p99 {p_full:7.2f} ms cpu {c_full:5.2f} ms   "
                f"ratio p99 {p_full / p_empty:5.2f}x cpu {c_full / c_empty:4.2f}x  "
                f"errors {e_empty}/{e_full}"
            )
        print(f"(~{per_app} deployments per application; goal: within 1.5x of the empty case)")

        live = await insert_running(plane.database_url, apps[-1])
        per_client, still_open = await sse_growth(plane, token, live)
        print(f"\n== deployment events stream, {SSE_CLIENTS} clients on one running deployment")
        print(
            f"API RSS growth per client  {per_client * 1024:8.1f} KiB "
            f"({still_open} open at the end)"
        )


async def servers_part(plane: ControlPlane, bed: Testbed, idle_cpu_before: float) -> None:
    worker_pid = plane.processes["worker"].pid
    image = bed.app_images["v1"]
    async with httpx.AsyncClient(base_url=plane.base, timeout=60) as http:
        api = Api(http)
        org_id = await api.login()
        rss_no_server = rss_mib(worker_pid)
        print(f"setting up {HOSTS} servers...", file=sys.stderr)
        server_ids = await asyncio.gather(*(ready_server(api, org_id, h) for h in bed.hosts))
        environment_id = await environment_of(api, org_id, "fleet")
        apps = [
            await api(
                "POST",
                f"/environments/{environment_id}/applications",
                json=app_body(f"s{n}-app-{i}", server_id, image),
            )
            for n, server_id in enumerate(server_ids)
            for i in range(APPS_PER_SERVER)
        ]

        async def deploy(app: dict[str, Any]) -> float:
            started = time.perf_counter()
            row = await api("POST", f"/applications/{app['id']}/deployments", json={})
            done = await api.settled(f"/deployments/{row['id']}", SETTLE_WITHIN * 4)
            if done["status"] != "succeeded":
                raise BenchError(f"{app['name']}: {done['error']}")
            return time.perf_counter() - started

        single = await deploy(apps[0])
        started = time.perf_counter()
        await asyncio.gather(*(deploy(app) for app in apps[1:]))
        together = time.perf_counter() - started
        rss_connected = rss_mib(worker_pid)
        limit = int(os.environ.get("BERTH_SERVERS__MAX_DEPLOYMENTS_PER_SERVER", "2"))
        waves = math.ceil(APPS_PER_SERVER / limit)
        print(f"\n== {HOSTS} servers x {APPS_PER_SERVER} applications")
        print(f"one deployment alone                 {single:7.1f} s")
        print(f"the other {len(apps) - 1:4d} deployments at once   {together:7.1f} s")
        print(
            f"bound set by {limit} per server: {waves} waves x single = {waves * single:.1f} s "
            f"(ratio {together / (waves * single):.2f}; serialised would be "
            f"{(len(apps) - 1) * single:.0f} s)"
        )
        before = cpu_seconds(worker_pid)
        wall = time.perf_counter()
        await asyncio.sleep(IDLE_SECONDS)
        share = (cpu_seconds(worker_pid) - before) / (time.perf_counter() - wall)
        print(
            f"worker CPU while idle, {HOSTS} servers connected: {share * 100:5.2f}% of one core "
            f"(no server: {idle_cpu_before * 100:.2f}%; goal <= 5%)"
        )
        print(
            f"worker RSS: {rss_no_server:.1f} MiB with no server, {rss_connected:.1f} MiB with "
            f"{HOSTS} connected: {(rss_connected - rss_no_server) / HOSTS:.1f} MiB per server "
            "(the first also pays for importing asyncssh and aiodocker, ~20 MiB)"
        )


def worker_idle_share(plane: ControlPlane, seconds: float) -> float:
    pid = plane.processes["worker"].pid
    before, wall = cpu_seconds(pid), time.perf_counter()
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / (time.perf_counter() - wall)


def main() -> int:
    signal.signal(signal.SIGTERM, terminate)
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-scale-"))
    workdir.chmod(0o711)
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        plane = ControlPlane(workdir, cleanup)
        signal.alarm(TIME_LIMIT)
        try:
            bed: Testbed | None = None
            if HOSTS > 0:
                bed = Testbed(bridge=BRIDGE, subnet=SUBNET, hosts=HOSTS)
                cleanup.callback(bed.down)
                print(f"starting {HOSTS} test hosts on {BRIDGE} ({SUBNET})...", file=sys.stderr)
                bed.up()
            proxy = bed.traefik_image if bed and bed.traefik_image else "unused.invalid/t:none"
            plane.start(proxy)
            if DATA:
                asyncio.run(data_part(plane))
            if bed is not None:
                idle = worker_idle_share(plane, min(IDLE_SECONDS, 30))
                asyncio.run(servers_part(plane, bed, idle))
        except BaseException:
            print(plane.logs(), file=sys.stderr)
            raise
        finally:
            signal.alarm(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
