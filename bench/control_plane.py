"""Control-plane image benchmark: image size, cold start of one API replica to ready, idle
memory of an API and a worker replica, and list throughput of 1 vs 2 API replicas behind
haproxy — the chart's rendered containers (tests/helm/test_workloads.py) on a test host.

The raw operation beside each figure: a container of the same image running
`python -c pass` (the floor any replica's start pays), and wrk against /healthz (no
database) beside the list endpoint.

    python -m bench.control_plane   # root; BENCH_BRIDGE/BENCH_SUBNET, or BENCH_TESTBED_ROOT
                                    # to use a running bed; BENCH_ROUNDS=5 cold starts
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

# PyYAML comes with schemathesis (a dev dependency); its stubs are not installed.
import yaml  # type: ignore[import-untyped]

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import generate_master_key
from tests.helm.test_chart import CHART, RELEASE, helm
from tests.helm.test_workloads import Workloads, haproxy
from tests.support.relay import relay
from tests.testbed import Testbed
from tests.testbed.controlplane import build_control_plane_image
from tests.testbed.images import DEFAULT_CACHE_DIR

BRIDGE = os.environ.get("BENCH_BRIDGE", "brtbcp")
SUBNET = os.environ.get("BENCH_SUBNET", "10.223.0.0/24")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "8"))
ADMIN_PASSWORD = "bench-" + uuid.uuid4().hex


def _until_ready(url: str, timeout: float = 60) -> float:
    started = time.monotonic()
    with httpx.Client(timeout=2) as client:
        while time.monotonic() - started < timeout:
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url).status_code == 200:
                    return time.monotonic() - started
            time.sleep(0.02)
    raise RuntimeError(f"{url} not ready within {timeout}s")


def _memory_mib(workloads: Workloads, name: str) -> float:
    usage = workloads.host.docker(
        ["stats", "--no-stream", "--format", "{{.MemUsage}}", name]
    ).stdout.split("/")[0]
    number, unit = re.fullmatch(r"\s*([\d.]+)\s*([KMG]i?B)\s*", usage).groups()  # type: ignore[union-attr]
    return float(number) * {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}[unit]


def _wrk(url: str, headers: dict[str, str]) -> tuple[float, float]:
    """Requests per second and p99 (ms) of wrk: 2 threads, 16 connections."""
    argv = ["wrk", "-t2", "-c16", f"-d{WRK_SECONDS}s", "--latency"]
    for key, value in headers.items():
        argv += ["-H", f"{key}: {value}"]
    out = subprocess.run(
        [*argv, url], capture_output=True, text=True, timeout=WRK_SECONDS + 30, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return rps, float(p99) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measure(bed: Testbed, workdir: Path, pg: EmbeddedPostgres, redis: EmbeddedRedis) -> None:
    host = bed.hosts[0]
    started = time.monotonic()
    image = build_control_plane_image(host, workdir, bed.cache_dir)
    build_seconds = time.monotonic() - started
    size = int(host.docker(["image", "inspect", "-f", "{{.Size}}", image]).stdout)
    base = host.docker(["image", "ls", "-q", "berth-base"]).stdout.split()[0]
    base_size = int(host.docker(["image", "inspect", "-f", "{{.Size}}", base]).stdout)
    raw: list[float] = []
    for _ in range(ROUNDS):
        t0 = time.monotonic()
        host.docker(["run", "--rm", "--read-only", image, "python", "-c", "pass"])
        raw.append(time.monotonic() - t0)

    with (
        relay(bed.gateway, ("127.0.0.1", pg.port)) as pg_port,
        relay(bed.gateway, ("127.0.0.1", redis.port)) as redis_port,
    ):
        values = workdir / "values.yaml"
        values.write_text(
            yaml.safe_dump(
                {
                    "image": dict(zip(("repository", "tag"), image.split(":"), strict=True)),
                    "secrets": {
                        "masterKey": generate_master_key(),
                        "sessionSecret": "b" * 40,
                        "adminPassword": ADMIN_PASSWORD,
                    },
                    "postgresql": {
                        "url": f"postgresql://{pg.user}:{pg.password}@{bed.gateway}:{pg_port}/{pg.database}"
                    },
                    "redis": {"url": f"redis://:{redis.password}@{bed.gateway}:{redis_port}/0"},
                }
            )
        )
        rendered = helm("template", *RELEASE, CHART, "-f", values).stdout
        workloads = Workloads(host, image, [d for d in yaml.safe_load_all(rendered) if d])
        try:
            workloads.start("berth-migrate-1", "bench-migrate")
            if workloads.wait_exit("bench-migrate", timeout=180) != 0:
                raise RuntimeError(workloads.logs("bench-migrate"))
            cold: list[float] = []
            for i in range(ROUNDS):
                port = free_port()
                t0 = time.monotonic()
                name = workloads.start("berth-api", f"bench-cold-{i}", port=port)
                _until_ready(f"http://{host.ip}:{port}/readyz")
                cold.append(time.monotonic() - t0)  # docker run included, as a pod's start
                host.docker(["rm", "-f", name])
                workloads.started.remove(name)
            ports = [free_port(), free_port()]
            for i, port in enumerate(ports):
                workloads.start("berth-api", f"bench-api-{i}", port=port)
                _until_ready(f"http://{host.ip}:{port}/readyz")
            workloads.start("berth-worker", "bench-worker")
            time.sleep(10)  # idle: past start-up allocations and the first periodic jobs
            api_mib = _memory_mib(workloads, "bench-api-0")
            worker_mib = _memory_mib(workloads, "bench-worker")
            token, org = asyncio.run(_token(f"http://{host.ip}:{ports[0]}"))
            auth = {"Authorization": f"Bearer {token}"}
            figures: dict[int, dict[str, tuple[float, float]]] = {}
            for replicas in (1, 2):
                backends = [f"{host.ip}:{p}" for p in ports[:replicas]]
                with haproxy(backends, workdir) as lb:
                    _until_ready(f"{lb}/readyz")
                    figures[replicas] = {
                        "healthz": _wrk(f"{lb}/healthz", {}),
                        "list": _wrk(f"{lb}/api/v1/organizations/{org}/projects", auth),
                    }
        finally:
            workloads.remove_all()

    report(
        image=(size, base_size, build_seconds), raw=raw, cold=cold,
        memory=(api_mib, worker_mib), figures=figures,
    )  # fmt: skip


def report(
    *,
    image: tuple[int, int, float],
    raw: list[float],
    cold: list[float],
    memory: tuple[float, float],
    figures: dict[int, dict[str, tuple[float, float]]],
) -> None:
    size, base_size, build_seconds = image
    api_mib, worker_mib = memory
    print(
        f"image                 {size / 1e6:7.1f} MB  (base {base_size / 1e6:.1f} MB: "
        f"Debian minbase + python3; build {build_seconds:.1f}s, cache warm)"
    )
    print(f"raw container start   median {statistics.median(raw):5.2f}s  (python -c pass)")
    print(
        f"API cold start->ready median {statistics.median(cold):5.2f}s  max {max(cold):.2f}s"
        f"  ({ROUNDS} rounds; goal <= 3 s)"
    )
    print(f"idle memory           API {api_mib:.0f} MiB, worker {worker_mib:.0f} MiB")
    for what in ("healthz", "list"):
        one, two = figures[1][what], figures[2][what]
        print(
            f"{what:8} 1 replica  {one[0]:7.0f} req/s p99 {one[1]:6.1f} ms | "
            f"2 replicas {two[0]:7.0f} req/s p99 {two[1]:6.1f} ms | x{two[0] / one[0]:.2f}"
        )
    print("(2 cores shared by wrk, haproxy, PostgreSQL, Redis and the replicas; goal x1.8)")


async def _token(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        login = await client.post(
            "/api/v1/auth/login", json={"email": "admin@berth.local", "password": ADMIN_PASSWORD}
        )
        login.raise_for_status()
        headers = {
            "X-CSRF-Token": login.json()["csrf_token"],
            "Cookie": "; ".join(f"{k}={v}" for k, v in login.cookies.items()),
        }
        client.cookies.clear()
        org = (await client.get("/api/v1/organizations", headers=headers)).json()[0]["id"]
        for i in range(20):
            await client.post(
                f"/api/v1/organizations/{org}/projects", json={"name": f"p{i}"}, headers=headers
            )
        token = await client.post(
            f"/api/v1/organizations/{org}/tokens",
            json={"name": f"bench-{uuid.uuid4().hex[:6]}", "scopes": ["read"]},
            headers=headers,
        )
        token.raise_for_status()
        return str(token.json()["token"]), str(org)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-cp-"))
    workdir.chmod(0o711)  # the postgres user must reach its data directory below
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        if root := os.environ.get("BENCH_TESTBED_ROOT"):
            bed = Testbed.attach(root)
        else:
            bed = Testbed(
                bridge=BRIDGE, subnet=SUBNET, hosts=1, swarm=False, traefik=False,
                services=(), images=False, cache_dir=DEFAULT_CACHE_DIR,
            )  # fmt: skip
            cleanup.callback(bed.down)
            print(f"starting a one-host test bed on {BRIDGE} ({SUBNET})...", file=sys.stderr)
            bed.up()
        pg = EmbeddedPostgres(workdir / "pg", free_port())
        redis = EmbeddedRedis(workdir / "redis", free_port())
        if pg.data_root != workdir / "pg":
            cleanup.callback(shutil.rmtree, pg.data_root, ignore_errors=True)
        cleanup.callback(pg.stop)
        pg.start()
        cleanup.callback(redis.stop)
        redis.start()
        measure(bed, workdir, pg, redis)
    return 0


if __name__ == "__main__":
    sys.exit(main())
