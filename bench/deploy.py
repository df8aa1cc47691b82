"""Deployment benchmark: API accept → new version serving, versus a bare `docker service update`.

On one warm test host, in one run: a Berth deployment of a prebuilt image (`POST
/applications/{id}/deployments`) is timed until the server's Traefik serves the new version,
next to `docker service update --image … --detach` of the same change on a second service
with the same spec (itself created by Berth, so labels, health check and update config match).

Then the git + Dockerfile path: checkout / build / release times with a cold and a warm
build cache (bench.git_deploy).

Starts its own one-host test bed (bridge brtbk, 10.222.0.0/24: apart from brtb0, brtbs, brtbb,
brtbh), its own embedded PostgreSQL and Redis, and the API + worker as `make run` does; tears
everything down at the end. Needs root, like the test bed.

    python -m bench.deploy     # BENCH_DEPLOYS=5, BENCH_GIT_ROUNDS=3,
                               # BENCH_TIME_LIMIT=300+60*(deploys+git rounds) seconds
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

from api.infra.service_spec import MONITOR_MARGIN_SECONDS
from bench.git_deploy import GitFigures, measure_git, report_git
from bench.harness import (
    STATUS_INTERVAL,
    Api,
    BenchError,
    ControlPlane,
    percentile,
    terminate,
)
from tests.testbed import Host, Testbed

DEPLOYS = int(os.environ.get("BENCH_DEPLOYS", "5"))
# ~25 s per round (two updates, each waiting out Swarm's monitor window) + ~1 min to set up
TIME_LIMIT = int(
    os.environ.get(
        "BENCH_TIME_LIMIT",
        str(300 + 60 * (DEPLOYS + int(os.environ.get("BENCH_GIT_ROUNDS", "3")))),
    )
)
BRIDGE, SUBNET = "brtbk", "10.222.0.0/24"
GIT_ROUNDS = int(os.environ.get("BENCH_GIT_ROUNDS", "3"))
BASE_DOMAIN = "bench.test"
GOAL = 1.15
PROBE_INTERVAL = 0.05  # the proxy is polled every 50 ms: the resolution of "serving"
SERVE_WITHIN = 60.0  # per update; a healthy one serves in a few seconds
SETTLE_WITHIN = 180.0  # per update, covers Swarm's monitor window with a wide margin
SETUP_WITHIN = 300.0
STEPS = ("resolve", "release", "converge")
# The e2e test's health check: probes every second, unhealthy after 2 failures.
HEALTH_CHECK: dict[str, Any] = {
    "type": "http",
    "path": "/",
    "interval_seconds": 1,
    "timeout_seconds": 1,
    "retries": 2,
    "start_period_seconds": 1,
}
# Swarm keeps watching new tasks this long before an update counts as completed.
MONITOR_SECONDS = (
    HEALTH_CHECK["start_period_seconds"]
    + HEALTH_CHECK["retries"] * (HEALTH_CHECK["interval_seconds"] + HEALTH_CHECK["timeout_seconds"])
    + MONITOR_MARGIN_SECONDS
)


# ------------------------------------------------------------------ figures


@dataclass
class Probes:
    """What the proxy answered during one update: when the new text first came back, and
    any answer that was neither version (a failed request, which zero downtime forbids)."""

    new_text: str
    old_text: str
    first_new: float | None = None
    count: int = 0
    failures: list[str] = field(default_factory=list)
    served: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class BerthRun:
    version: str
    accept: float  # POST round trip (202)
    serving: float  # POST sent → proxy serves the new text
    succeeded: float  # POST sent → the deployment row says succeeded
    pickup: float  # row queued → row started: the job reaching the worker
    steps: dict[str, float]  # resolve / release / converge, from the row
    probes: Probes


@dataclass
class RawRun:
    version: str
    cli: float  # `docker service update --detach` returned
    serving: float  # command started → proxy serves the new text
    completed: float  # command started → Swarm says the update completed
    probes: Probes


@dataclass
class Figures:
    berth: list[BerthRun] = field(default_factory=list)
    raw: list[RawRun] = field(default_factory=list)
    git: GitFigures | None = None


# ------------------------------------------------------------------ preparation


async def ready_server(api: Api, org_id: str, host: Host) -> str:
    server = await api(
        "POST",
        f"/organizations/{org_id}/servers",
        json={
            "name": "bench",
            "host": host.ip,
            "username": "root",
            "private_key": host.client_key.read_text(),
            "base_domain": BASE_DOMAIN,
        },
    )
    server_id = str(server["id"])
    scanned = await api("POST", f"/servers/{server_id}/host-key/scan")
    fingerprint = scanned["pending_host_key_fingerprint"]
    if fingerprint != host.fingerprint:  # trust what we know the host holds, not what answered
        raise BenchError(f"scanned host key {fingerprint}, the test host has {host.fingerprint}")
    await api("POST", f"/servers/{server_id}/host-key/confirm", json={"fingerprint": fingerprint})
    setup = await api("POST", f"/servers/{server_id}/setups")
    done = await api.settled(f"/server-setups/{setup['id']}", SETUP_WITHIN)
    if done["status"] != "succeeded":
        raise BenchError(f"server setup failed:\n{done.get('log', '')[-4000:]}")
    return server_id


async def create_app(
    api: Api, environment_id: str, server_id: str, name: str, image: str
) -> dict[str, Any]:
    app: dict[str, Any] = await api(
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": name,
            "server_id": server_id,
            "source": {"type": "image", "image": image},
            "runtime": {"port": 8080, "replicas": 1, "health_check": HEALTH_CHECK},
        },
    )
    return app


async def first_deploy(api: Api, proxy: httpx.AsyncClient, app: dict[str, Any]) -> None:
    deployment = await api("POST", f"/applications/{app['id']}/deployments", json={})
    done = await api.settled(f"/deployments/{deployment['id']}", SETTLE_WITHIN)
    if done["status"] != "succeeded":
        raise BenchError(f"first deployment of {app['name']} failed: {done['error']}")
    probes = Probes("hello v1", "hello v1")
    await watch(proxy, app["hostname"], probes, time.perf_counter(), until=probes.served)


def pinned(host: Host, image: str) -> str:
    """`<tag>@sha256:…`, the form Berth releases, from the digest the host pulled."""
    digests = host.docker(["image", "inspect", "--format", '{{join .RepoDigests " "}}', image])
    repository = image.rsplit(":", 1)[0]
    for repo_digest in digests.stdout.split():
        name, digest = repo_digest.split("@", 1)
        if name == repository:
            return f"{image}@{digest}"
    raise BenchError(f"no registry digest for {image} on {host.name}: {digests.stdout!r}")


# ------------------------------------------------------------------ measuring


async def watch(
    proxy: httpx.AsyncClient,
    hostname: str,
    probes: Probes,
    started: float,
    *,
    until: asyncio.Event,
) -> None:
    """Probe the proxy every PROBE_INTERVAL until `until` is set (bounded by SETTLE_WITHIN)."""
    deadline = time.perf_counter() + SETTLE_WITHIN
    while not until.is_set() and time.perf_counter() < deadline:
        try:
            response = await proxy.get("/", headers={"Host": hostname})
            seen = time.perf_counter() - started
            text = response.text.strip()
            probes.count += 1
            if response.status_code != 200:
                probes.failures.append(str(response.status_code))
            elif text == probes.new_text:
                if probes.first_new is None:
                    probes.first_new = seen
                    probes.served.set()
            elif text != probes.old_text:
                probes.failures.append(text[:80])
        except httpx.HTTPError as exc:
            probes.count += 1
            probes.failures.append(type(exc).__name__)
        await asyncio.sleep(PROBE_INTERVAL)
    if not until.is_set():
        raise BenchError(f"{hostname}: gave up after {SETTLE_WITHIN:.0f}s of probing")


def measured_update(
    proxy: httpx.AsyncClient, hostname: str, version: str, old: str, started: float
) -> tuple[Probes, asyncio.Event, asyncio.Task[None]]:
    probes = Probes(f"hello {version}", f"hello {old}")
    done = asyncio.Event()
    watcher = asyncio.create_task(watch(proxy, hostname, probes, started, until=done))
    return probes, done, watcher


async def served(probes: Probes, hostname: str) -> float:
    try:
        await asyncio.wait_for(probes.served.wait(), SERVE_WITHIN)
    except TimeoutError:
        raise BenchError(f"{hostname} never served {probes.new_text!r}") from None
    assert probes.first_new is not None
    return probes.first_new


def _seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


async def berth_update(
    api: Api, proxy: httpx.AsyncClient, app: dict[str, Any], image: str, version: str, old: str
) -> BerthRun:
    started = time.perf_counter()
    probes, done, watcher = measured_update(proxy, app["hostname"], version, old, started)
    try:
        deployment = await api(
            "POST", f"/applications/{app['id']}/deployments", json={"image": image}
        )
        accept = time.perf_counter() - started
        row = await api.settled(f"/deployments/{deployment['id']}", SETTLE_WITHIN)
        succeeded = time.perf_counter() - started
        if row["status"] != "succeeded":
            raise BenchError(f"deployment of {image} {row['outcome']}: {row['error']}")
        serving = await served(probes, app["hostname"])
    finally:
        done.set()
        await watcher
    steps = {
        s["name"]: s["duration_ms"] / 1000 for s in row["steps"] if s["duration_ms"] is not None
    }
    pickup = _seconds_between(row["queued_at"], row["started_at"])
    return BerthRun(version, accept, serving, succeeded, pickup, steps, probes)


async def swarm_update_status(docker: httpx.AsyncClient, service: str) -> dict[str, Any]:
    response = await docker.get(f"/services/{service}")
    response.raise_for_status()
    status: dict[str, Any] = response.json().get("UpdateStatus") or {}
    return status


async def raw_update(
    host: Host,
    docker: httpx.AsyncClient,
    proxy: httpx.AsyncClient,
    app: dict[str, Any],
    image: str,
    version: str,
    old: str,
) -> RawRun:
    service = app["service_name"]
    # Swarm clears UpdateStatus when it accepts a new spec, but our poll may run before the
    # CLI's request lands: only a status started after the previous one is this update's.
    previous = (await swarm_update_status(docker, service)).get("StartedAt")
    argv = ["service", "update", "--image", image, "--detach", "--quiet", service]
    started = time.perf_counter()
    probes, done, watcher = measured_update(proxy, app["hostname"], version, old, started)
    try:
        await asyncio.to_thread(host.docker, argv, timeout=60)
        cli = time.perf_counter() - started
        deadline = time.monotonic() + SETTLE_WITHIN
        while True:
            status = await swarm_update_status(docker, service)
            if status.get("StartedAt") != previous and status.get("State") == "completed":
                break
            if status.get("State", "").startswith("rollback") or status.get("State") == "paused":
                raise BenchError(f"raw update of {service}: {status}")
            if time.monotonic() > deadline:
                raise BenchError(f"raw update of {service} did not complete: {status}")
            await asyncio.sleep(STATUS_INTERVAL)
        completed = time.perf_counter() - started
        serving = await served(probes, app["hostname"])
    finally:
        done.set()
        await watcher
    return RawRun(version, cli, serving, completed, probes)


async def measure(base: str, bed: Testbed, workdir: Path) -> Figures:
    host = bed.host(1)
    tags = bed.app_images  # {"v1": "<registry>/tbapp:v1", "v2": …}
    # A warm host: both versions already in the node's image store, so neither side pulls.
    # Swarm skips the pull for a digest-pinned image it has (both sides release by digest).
    for image in tags.values():
        await asyncio.to_thread(host.docker, ["pull", "-q", image], timeout=120)
    digests = {version: pinned(host, image) for version, image in tags.items()}

    figures = Figures()
    # The host's Docker API from the root namespace, only to read the raw update's status.
    on_socket = httpx.AsyncHTTPTransport(uds=str(host.docker_socket))
    async with (
        httpx.AsyncClient(base_url=base, timeout=30) as client,
        httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=2) as proxy,
        httpx.AsyncClient(base_url="http://docker", transport=on_socket, timeout=10) as docker,
    ):
        api = Api(client)
        org_id = await api.login()
        print("adding the host and running setup...", file=sys.stderr)
        server_id = await ready_server(api, org_id, host)
        project = await api("POST", f"/organizations/{org_id}/projects", json={"name": "bench"})
        environments = await api("GET", f"/projects/{project['id']}/environments")
        environment_id = str(environments["items"][0]["id"])
        web = await create_app(api, environment_id, server_id, "web", tags["v1"])
        raw = await create_app(api, environment_id, server_id, "raw", tags["v1"])
        print("first deployments (v1) of web and raw...", file=sys.stderr)
        for app in (web, raw):
            await first_deploy(api, proxy, app)

        # Interleaved, one update at a time: both sides see the same machine load, and no
        # update competes with another for the node.
        for i in range(DEPLOYS):
            version, old = ("v2", "v1") if i % 2 == 0 else ("v1", "v2")
            b = await berth_update(api, proxy, web, tags[version], version, old)
            figures.berth.append(b)
            r = await raw_update(host, docker, proxy, raw, digests[version], version, old)
            figures.raw.append(r)
            print(
                f"  {i + 1}/{DEPLOYS} -> {version}: berth serving {b.serving:.2f}s "
                f"succeeded {b.succeeded:.2f}s | raw serving {r.serving:.2f}s "
                f"completed {r.completed:.2f}s",
                file=sys.stderr,
            )
        if GIT_ROUNDS:
            print("git + Dockerfile rounds...", file=sys.stderr)
            figures.git = await measure_git(
                api, bed, workdir, environment_id, server_id, GIT_ROUNDS, SETTLE_WITHIN
            )
    return figures


# ------------------------------------------------------------------ report


def report(figures: Figures) -> float:
    berth, raw = figures.berth, figures.raw

    def row(label: str, samples: list[float], unit: str = "s") -> str:
        scale = 1000 if unit == "ms" else 1
        median, p90 = statistics.median(samples) * scale, percentile(samples, 0.9) * scale
        return f"{label:<52} {median:8.2f} {unit:<2} {p90:8.2f} {unit:<2}"

    berth_serving = statistics.median(b.serving for b in berth)
    raw_serving = statistics.median(r.serving for r in raw)
    ratio = berth_serving / raw_serving
    print()
    print(f"Deploy benchmark: {len(berth)} updates per side, alternating v2/v1, one warm host")
    p90 = "p90" if len(berth) >= 10 else "p90 (=max)"  # nearest rank: few runs, the worst
    print(f"{'':<52} {'median':>11} {p90:>11}")
    print("-" * 76)
    print(row("Berth: POST deployment -> new version serving", [b.serving for b in berth]))
    print(row("Berth: POST deployment -> deployment succeeded", [b.succeeded for b in berth]))
    print(row("raw: docker service update -> new version serving", [r.serving for r in raw]))
    print(row("raw: docker service update -> update completed", [r.completed for r in raw]))
    print(f"{'ratio of serving medians (Berth / raw)':<52} {ratio:8.2f} x    (goal <= {GOAL} x)")
    print()
    print("where Berth's time goes (median):")
    print(row("  POST round trip (202 Accepted)", [b.accept for b in berth], "ms"))
    print(row("  queued -> picked up by the worker", [b.pickup for b in berth], "ms"))
    for step in STEPS:
        print(row(f"  step {step}", [b.steps.get(step, 0.0) for b in berth], "ms"))
    print(row("  raw: docker CLI returned (--detach)", [r.cli for r in raw], "ms"))
    failures = {
        "Berth": [f for b in berth for f in b.probes.failures],
        "raw": [f for r in raw for f in r.probes.failures],
    }
    counts = {"Berth": sum(b.probes.count for b in berth), "raw": sum(r.probes.count for r in raw)}
    print()
    for side, failed in failures.items():
        detail = f": {sorted(set(failed))[:5]}" if failed else ""
        print(f"failed proxy probes during updates, {side}: {len(failed)}/{counts[side]}{detail}")
    print(
        "\nSwarm's start-first update dominates both sides: the new task is created and started"
        "\n(~0.5 s), gets traffic only once its health check passes (probes every 1 s) and"
        "\nTraefik's next swarm poll (every 1 s) sees it. Berth adds the hand-off to the worker"
        "\n(arq polls Redis every 0.1 s) and resolve + release over its SSH link."
        "\n'succeeded'/'completed' also wait out Swarm's monitor window"
        f" ({MONITOR_SECONDS} s here), during which\na release that fails its health check"
        " would still be rolled back."
    )
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"goal <= {GOAL} x: {verdict}")
    return ratio


# ------------------------------------------------------------------ main


def _timed_out(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(f"bench.deploy: aborted after {TIME_LIMIT}s, something hung; cleaning up")


def main() -> int:
    if DEPLOYS < 0 or GIT_ROUNDS < 0 or DEPLOYS + GIT_ROUNDS == 0:
        print("BENCH_DEPLOYS and BENCH_GIT_ROUNDS: >= 0, not both 0", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGALRM, _timed_out)
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-deploy-"))
    workdir.chmod(0o711)  # the postgres user must reach its data directory below
    # ExitStack: each piece registers its stop as soon as it exists; teardown runs in
    # reverse (worker and API, Redis, PostgreSQL, the bed, the files) even after a failure.
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        bed = Testbed(bridge=BRIDGE, subnet=SUBNET, hosts=1)
        cleanup.callback(bed.down)
        plane = ControlPlane(workdir, cleanup)
        signal.alarm(TIME_LIMIT)
        try:
            print(f"starting a one-host test bed on {BRIDGE} ({SUBNET})...", file=sys.stderr)
            bed.up()
            if bed.traefik_image is None:
                raise BenchError("the test bed built no Traefik image")
            plane.start(bed.traefik_image)
            figures = asyncio.run(measure(plane.base, bed, workdir))
        except BaseException:
            print(plane.logs(), file=sys.stderr)
            raise
        finally:
            signal.alarm(0)  # before the teardown: it is never interrupted half-way
    if figures.berth:
        report(figures)
    if figures.git is not None:
        report_git(figures.git)
    return 0


if __name__ == "__main__":
    sys.exit(main())
