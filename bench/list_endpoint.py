"""The authenticated list endpoint at a fixed offered rate, on one API process.

Starts the control plane as `make run` does (bench/harness.py: embedded PostgreSQL and
Redis, one uvicorn, one worker), seeds an organisation with 50 projects and an API token,
then offers `GET /api/v1/organizations/{id}/projects` (token auth, tenant scope, a page of
20) at `BENCH_RATE` req/s (200) for `BENCH_DURATION` s (20) with an open-loop client
(bench/open_loop.py), next to `GET /healthz` (no auth, no database) as the raw baseline.
Besides latency it prints the API process's own CPU time per request (from /proc), which
unlike latency hardly depends on what else the shared machine runs: 1000 / (CPU ms per
request) is the rate one process can hold on a free core. `BENCH_ROUNDS` (3) rounds,
medians printed. No root, no test bed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench import open_loop
from bench.foundation import seed
from bench.harness import ControlPlane

RATE = float(os.environ.get("BENCH_RATE", "200"))
DURATION = float(os.environ.get("BENCH_DURATION", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARMUP_S = 3.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


async def measure(
    host: str, port: int, path: str, headers: dict[str, str], pid: int
) -> tuple[open_loop.LoadResult, float]:
    await open_loop.run(host, port, path, rate=RATE, duration=WARMUP_S, headers=headers)
    before = cpu_seconds(pid)
    result = await open_loop.run(host, port, path, rate=RATE, duration=DURATION, headers=headers)
    spent = cpu_seconds(pid) - before
    served = len(result.latencies_ms) + result.errors
    return result, spent * 1000 / max(1, served)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-list-"))
    workdir.chmod(0o711)
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        plane = ControlPlane(workdir, cleanup)
        plane.start(proxy_image="unused.invalid/traefik:none")
        api_pid = plane.processes["api"].pid
        org_id, secret = asyncio.run(seed(plane.base))
        url = urlsplit(plane.base)
        host, port = url.hostname or "127.0.0.1", url.port or 80
        sides = {
            "GET /healthz (raw baseline)": ("/healthz", {}),
            "GET projects (token + DB)": (
                f"/api/v1/organizations/{org_id}/projects",
                {"Authorization": f"Bearer {secret}"},
            ),
        }
        figures: dict[str, list[tuple[open_loop.LoadResult, float]]] = {k: [] for k in sides}
        for _ in range(ROUNDS):
            for name, (path, headers) in sides.items():
                figures[name].append(asyncio.run(measure(host, port, path, headers, api_pid)))
        print(
            f"== {RATE:.0f} req/s offered for {DURATION:.0f} s, open loop, one API process "
            f"(median of {ROUNDS} rounds)"
        )
        columns = ("req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "conns", "cpu ms/r")
        print(f"{'endpoint':30} " + " ".join(f"{c:>8}" for c in columns))
        medians: dict[str, dict[str, float]] = {}
        for name, rows in figures.items():
            m = {
                "rate": statistics.median(r.achieved_rate for r, _ in rows),
                "p50": statistics.median(r.p(0.5) for r, _ in rows),
                "p90": statistics.median(r.p(0.9) for r, _ in rows),
                "p99": statistics.median(r.p(0.99) for r, _ in rows),
                "max": statistics.median(max(r.latencies_ms, default=0) for r, _ in rows),
                "errors": sum(r.errors for r, _ in rows),
                "conns": max(r.connections for r, _ in rows),
                "cpu": statistics.median(c for _, c in rows),
            }
            medians[name] = m
            print(
                f"{name:30} {m['rate']:8.1f} {m['p50']:8.2f} {m['p90']:8.2f} {m['p99']:8.2f} "
                f"{m['max']:8.2f} {int(m['errors']):8d} {int(m['conns']):8d} {m['cpu']:8.2f}"
            )
        raw, listed = medians.values()
        print(
            f"list / healthz: p99 {listed['p99'] / raw['p99']:.1f}x, "
            f"CPU per request {listed['cpu'] / raw['cpu']:.1f}x; "
            f"one free core would hold ~{1000 / listed['cpu']:.0f} list req/s"
        )
        print("goal: 200 req/s held, p99 <= 50 ms, 0 errors")
        return 0


if __name__ == "__main__":
    sys.exit(main())
