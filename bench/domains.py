"""Domains benchmark: how fast a new domain is live, and what 100 domains cost other apps.

On one test host with Berth's proxy (and pebble as its ACME directory), in one run:
1. domain created (POST returns) → the route answers through the proxy, for plain HTTP
   routes (the file write + Traefik's file watcher) and for HTTPS ones whose certificate
   pebble must first issue (HTTP-01 over the test bed's network);
2. request latency through the proxy to an app that was already routed, before any domain
   and after all of them (100 more on another app of the same server), with a probe loop
   on the first app running *while* the 100 are added (any non-200 is an interruption).

Starts its own one-host test bed (bridge brtbdom, 10.219.0.0/24 unless BENCH_BRIDGE /
BENCH_SUBNET say otherwise), embedded PostgreSQL and Redis, the API and a worker; tears all
down at the end. Needs root, like the test bed.

    python -m bench.domains    # BENCH_ROUTES=10 BENCH_TLS_ROUTES=3 BENCH_EXTRA_DOMAINS=100
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import ssl
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.deploy import create_app, first_deploy
from bench.harness import Api, BenchError, ControlPlane, percentile, terminate
from tests.domains.stack import add_dns, pebble_env, pebble_roots
from tests.testbed import Host, Testbed

ROUTES = int(os.environ.get("BENCH_ROUTES", "10"))
TLS_ROUTES = int(os.environ.get("BENCH_TLS_ROUTES", "3"))
EXTRA = int(os.environ.get("BENCH_EXTRA_DOMAINS", "100"))
LATENCY_REQUESTS = int(os.environ.get("BENCH_LATENCY_REQUESTS", "500"))
TIME_LIMIT = int(os.environ.get("BENCH_TIME_LIMIT", "900"))
BRIDGE = os.environ.get("BENCH_BRIDGE", "brtbdom")
SUBNET = os.environ.get("BENCH_SUBNET", "10.219.0.0/24")
BASE_DOMAIN = "bench.test"
ZONE = "domains.bench.test"
PROBE_INTERVAL = 0.02
WARMUP = 20
SETTLE = 5.0
LIVE_WITHIN = 60.0


@dataclass
class Figures:
    http_live: list[float] = field(default_factory=list)
    tls_live: list[float] = field(default_factory=list)
    create_rtt: list[float] = field(default_factory=list)
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    # host probed while the 100 are added -> (probes, failures)
    during: dict[str, tuple[int, list[str]]] = field(default_factory=dict)


async def ready_server(api: Api, org_id: str, host: Host, bed: Testbed) -> str:
    env = pebble_env(bed)
    await api("PATCH", f"/organizations/{org_id}", json={"acme_email": "ops@bench.test"})
    server = await api(
        "POST",
        f"/organizations/{org_id}/servers",
        json={
            "name": "bench",
            "host": host.ip,
            "username": "root",
            "private_key": host.client_key.read_text(),
            "base_domain": BASE_DOMAIN,
            "acme_directory_url": env["TB_ACME_DIRECTORY"],
            "acme_ca_bundle": Path(env["TB_ACME_TLS_CA"]).read_text(),  # noqa: ASYNC240
        },
    )
    server_id = str(server["id"])
    scanned = await api("POST", f"/servers/{server_id}/host-key/scan")
    if scanned["pending_host_key_fingerprint"] != host.fingerprint:
        raise BenchError("the scanned host key is not the test host's")
    await api(
        "POST", f"/servers/{server_id}/host-key/confirm", json={"fingerprint": host.fingerprint}
    )
    setup = await api("POST", f"/servers/{server_id}/setups")
    done = await api.settled(f"/server-setups/{setup['id']}", 300)
    if done["status"] != "succeeded":
        raise BenchError(f"server setup failed: {done}")
    return server_id


async def until_live(client: httpx.AsyncClient, url: str, host: str, started: float) -> float:
    deadline = started + LIVE_WITHIN
    while time.perf_counter() < deadline:
        try:
            response = await client.get(url, headers={"Host": host}, extensions=_sni(url, host))
            if response.status_code == 200 and response.text.strip() == "hello v1":
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        await asyncio.sleep(PROBE_INTERVAL)
    raise BenchError(f"{host} was not live within {LIVE_WITHIN}s")


def _sni(url: str, host: str) -> dict[str, Any]:
    return {"sni_hostname": host} if url.startswith("https") else {}


async def latencies(client: httpx.AsyncClient, host: str) -> list[float]:
    for _ in range(WARMUP):  # a fresh connection and cold caches are not what we compare
        await client.get("/", headers={"Host": host})
    samples = []
    for _ in range(LATENCY_REQUESTS):
        started = time.perf_counter()
        response = await client.get("/", headers={"Host": host})
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise BenchError(f"{host} answered {response.status_code} while measuring")
    return samples


async def probe_loop(
    client: httpx.AsyncClient, host: str, figures: Figures, stop: asyncio.Event
) -> None:
    count, failures = 0, []
    deadline = time.perf_counter() + TIME_LIMIT
    while not stop.is_set() and time.perf_counter() < deadline:
        try:
            response = await client.get("/", headers={"Host": host})
            if response.status_code != 200:
                failures.append(str(response.status_code))
        except httpx.HTTPError as exc:
            failures.append(type(exc).__name__)
        count += 1
        await asyncio.sleep(PROBE_INTERVAL)
    figures.during[host] = (count, failures)


async def measure(base: str, bed: Testbed) -> Figures:
    host = bed.host(1)
    figures = Figures()
    roots = Path(tempfile.mkdtemp(prefix="berth-bench-roots-")) / "roots.pem"
    roots.write_text(pebble_roots(bed))
    tls = ssl.create_default_context(cafile=str(roots))
    async with (
        httpx.AsyncClient(base_url=base, timeout=30) as client,
        httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy,
        httpx.AsyncClient(verify=tls, timeout=5) as secure,
    ):
        api = Api(client)
        org_id = await api.login()
        print("adding the host and running setup...", file=sys.stderr)
        server_id = await ready_server(api, org_id, host, bed)
        project = await api("POST", f"/organizations/{org_id}/projects", json={"name": "bench"})
        environments = await api("GET", f"/projects/{project['id']}/environments")
        environment_id = str(environments["items"][0]["id"])
        web = await create_app(api, environment_id, server_id, "web", bed.app_images["v1"])
        other = await create_app(api, environment_id, server_id, "other", bed.app_images["v1"])
        for app in (web, other):
            await first_deploy(api, proxy, app)

        # Before anything else touches the proxy: no ACME work or config reload in flight.
        figures.before = await latencies(proxy, web["hostname"])
        print(f"{ROUTES} HTTP routes, {TLS_ROUTES} HTTPS routes...", file=sys.stderr)
        for i in range(ROUTES):
            name = f"plain{i}.{ZONE}"
            started = time.perf_counter()
            await api(
                "POST",
                f"/applications/{other['id']}/domains",
                json={"host": name, "certificate": "none"},
            )
            figures.http_live.append(await until_live(proxy, f"http://{host.ip}/", name, started))
        for i in range(TLS_ROUTES):
            name = f"tls{i}.{ZONE}"
            add_dns(bed, name, host.ip)
            started = time.perf_counter()
            await api("POST", f"/applications/{other['id']}/domains", json={"host": name})
            figures.tls_live.append(await until_live(secure, f"https://{host.ip}/", name, started))

        print(f"{EXTRA} more domains, then latency again...", file=sys.stderr)
        stop = asyncio.Event()
        # The other app's own first domain too: its document is rewritten 100 times, and
        # the slot swap must never show Traefik a missing or half-written route.
        probed = (web["hostname"], f"plain0.{ZONE}")
        probers = [asyncio.create_task(probe_loop(proxy, h, figures, stop)) for h in probed]
        for i in range(EXTRA):
            started = time.perf_counter()
            await api(
                "POST",
                f"/applications/{other['id']}/domains",
                json={"host": f"extra{i}.{ZONE}", "certificate": "none"},
            )
            figures.create_rtt.append(time.perf_counter() - started)
        await until_live(
            proxy, f"http://{host.ip}/", f"extra{EXTRA - 1}.{ZONE}", time.perf_counter()
        )
        stop.set()
        await asyncio.gather(*probers)
        # Let the last reloads and the ACME work finish, as they had before the first round.
        await asyncio.sleep(SETTLE)
        figures.after = await latencies(proxy, web["hostname"])
    shutil.rmtree(roots.parent, ignore_errors=True)
    return figures


def report(figures: Figures) -> None:
    def row(label: str, samples: list[float]) -> str:
        median, p90 = statistics.median(samples) * 1000, percentile(samples, 0.9) * 1000
        return f"{label:<58} {median:9.1f} ms {p90:9.1f} ms"

    print()
    print("Domains benchmark (one test host, Traefik 3 file provider, pebble as the CA)")
    print(f"{'':<58} {'median':>12} {'p90':>12}")
    print("-" * 84)
    print(row(f"domain created -> HTTP route live ({ROUTES}x)", figures.http_live))
    if figures.tls_live:
        print(row(f"domain created -> HTTPS live, cert issued ({TLS_ROUTES}x)", figures.tls_live))
    print(row(f"POST domain round trip (server write included, {EXTRA}x)", figures.create_rtt))
    added = ROUTES + TLS_ROUTES + EXTRA
    print(row("request through the proxy to an existing app, no domains", figures.before))
    print(row(f"the same, after {added} domains on that server", figures.after))
    slower = statistics.median(figures.after) / statistics.median(figures.before)
    print(f"{'after / before (median)':<58} {slower:9.2f} x")
    for host, (count, failed) in figures.during.items():
        detail = f": {sorted(set(failed))[:5]}" if failed else ""
        print(f"failed probes of {host} while {EXTRA} were added: {len(failed)}/{count}{detail}")


def _timed_out(signum: int, frame: object) -> None:
    raise SystemExit(f"bench.domains: aborted after {TIME_LIMIT}s, something hung; cleaning up")


def main() -> int:
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGALRM, _timed_out)
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-domains-"))
    workdir.chmod(0o711)  # the postgres user must reach its data directory below
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
            figures = asyncio.run(measure(plane.base, bed))
        except BaseException:
            print(plane.logs(), file=sys.stderr)
            raise
        finally:
            signal.alarm(0)
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
