"""SSH tunnel benchmark: Docker API calls through Berth's persistent connection versus a
new `ssh host docker ...` per call (what peers do), against the same test host in one run.

Starts its own one-host test bed (bridge brtbb, 10.218.0.0/24, apart from a developer's
brtb0 and the test suite's brtbs) and tears it down at the end, or attaches to a running
bed when BERTH_TESTBED_ROOT is set (and leaves it up). Needs root, like the test bed.

    python -m bench.ssh_tunnel            # BENCH_CALLS=200 BENCH_SSH_RUNS=200 BENCH_CONCURRENCY=50
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import FrameType

from api.infra.connections import ConnectionManager
from api.infra.ssh import SSHTarget
from tests.testbed import Host, Testbed

CALLS = int(os.environ.get("BENCH_CALLS", "200"))
SSH_RUNS = int(os.environ.get("BENCH_SSH_RUNS", "200"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "50"))
CONCURRENT_ROUNDS = 5
WARMUP = 5
GOAL = 200.0
BRIDGE, SUBNET = "brtbb", "10.218.0.0/24"


@dataclass
class Figures:
    first_connect: float = 0.0
    first_call: float = 0.0
    tunnel: list[float] = field(default_factory=list)
    ssh: list[float] = field(default_factory=list)
    concurrent: list[float] = field(default_factory=list)
    ssh_connections: int = 0


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


async def timed(operation: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await operation()
    return time.perf_counter() - started


def our_ssh_connections(host: Host) -> int:
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", "dst", f"{host.ip}:{host.ssh_port}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout
    return sum(f"pid={os.getpid()}," in line for line in out.splitlines())


async def fresh_ssh_docker_ps(host: Host) -> None:
    proc = await asyncio.create_subprocess_exec(
        *host.ssh_argv(["docker", "ps"], user=host.deploy_user),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    if proc.returncode != 0:
        raise RuntimeError(f"ssh ... docker ps failed ({proc.returncode}): {err.decode()}")


async def measure(host: Host) -> Figures:
    figures = Figures()
    target = SSHTarget(
        host=host.ip,
        port=host.ssh_port,
        username=host.deploy_user,
        private_key=host.client_key.read_text(),
        host_key=host.host_public_key,
    )
    server_id = uuid.uuid4()
    manager = ConnectionManager(max_operations_per_server=CONCURRENCY)
    try:
        started = time.perf_counter()
        async with manager.connect(server_id, target) as connection:
            figures.first_connect = time.perf_counter() - started
            figures.first_call = await timed(connection.docker.list_containers)
        for _ in range(WARMUP):
            async with manager.connect(server_id, target) as connection:
                await connection.docker.list_containers()

        async def one_call() -> None:
            async with manager.connect(server_id, target) as connection:
                await connection.docker.list_containers()

        figures.tunnel = [await timed(one_call) for _ in range(CALLS)]

        async def burst() -> None:
            await asyncio.gather(*(one_call() for _ in range(CONCURRENCY)))

        figures.concurrent = [await timed(burst) for _ in range(CONCURRENT_ROUNDS)]
        figures.ssh_connections = our_ssh_connections(host)

        await fresh_ssh_docker_ps(host)  # warm the page cache for the ssh/docker binaries
        for i in range(SSH_RUNS):
            figures.ssh.append(await timed(lambda: fresh_ssh_docker_ps(host)))
            if (i + 1) % 50 == 0:
                print(f"  ssh ... docker ps: {i + 1}/{SSH_RUNS}", file=sys.stderr)
    finally:
        await manager.close()
    return figures


def report(figures: Figures) -> float:
    tunnel_median = statistics.median(figures.tunnel)
    ssh_median = statistics.median(figures.ssh)
    ratio = ssh_median / tunnel_median
    rows = [
        ("first connect (SSH handshake + socket forward)", ms(figures.first_connect)),
        ("first Docker API call on it", ms(figures.first_call)),
        (f"tunnel: {CALLS} x GET /containers/json, median", ms(tunnel_median)),
        ("tunnel: p95", ms(percentile(figures.tunnel, 0.95))),
        (f"fresh `ssh host docker ps` x {SSH_RUNS}, median", ms(ssh_median)),
        ("fresh ssh: p95", ms(percentile(figures.ssh, 0.95))),
        ("ratio (fresh ssh median / tunnel median)", f"{ratio:9.0f} x"),
        (
            f"{CONCURRENCY} concurrent calls, one connection, median of {CONCURRENT_ROUNDS}",
            ms(statistics.median(figures.concurrent)),
        ),
        (f"{CONCURRENCY} concurrent calls: best", ms(min(figures.concurrent))),
        ("SSH connections used by the tunnel", f"{figures.ssh_connections:9d}"),
    ]
    width = max(len(label) for label, _ in rows)
    print()
    print(f"{'SSH tunnel benchmark':<{width}}  {'value':>12}")
    print("-" * (width + 14))
    for label, value in rows:
        print(f"{label:<{width}}  {value:>12}")
    verdict = "met" if ratio >= GOAL else "NOT met"
    print(f"\ngoal >= {GOAL:.0f}x per call: {verdict}")
    return ratio


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through `finally`: the bed is torn down


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    if root := os.environ.get("BERTH_TESTBED_ROOT"):
        bed, owned = Testbed.attach(root), False
    else:
        print(f"starting a one-host test bed on {BRIDGE} ({SUBNET})...", file=sys.stderr)
        bed = Testbed(
            bridge=BRIDGE, subnet=SUBNET, hosts=1, images=False, traefik=False, services=()
        )
        owned = True
        bed.up()
    try:
        host = bed.host(1)
        print(f"host {host.name} at {host.ip} as {host.deploy_user}", file=sys.stderr)
        figures = asyncio.run(measure(host))
    finally:
        if owned:
            bed.down()
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
