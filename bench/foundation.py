"""Foundation benchmark: idle memory of the control plane and list-endpoint latency.

Starts its own embedded PostgreSQL and Redis, the API (one uvicorn process) and one arq
worker exactly as `make run` does, seeds an organization with 50 projects, then drives
`GET /api/v1/organizations/{id}/projects` with wrk at a fixed rate, next to `/healthz`.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import generate_master_key

ROOT = Path(__file__).resolve().parents[1]
RATE = int(os.environ.get("BENCH_RATE", "200"))
DURATION = int(os.environ.get("BENCH_DURATION", "30"))
# Few connections: wrk paces each connection with `delay()`, and connections released
# together arrive together. With 2, at most two requests ever queue behind each other,
# which keeps the load close to a steady stream at RATE (wrk2's open loop isn't packaged).
CONNECTIONS = 2
ADMIN_PASSWORD = "bench-admin-password"  # noqa: S105 - a throwaway local instance


def rss_mib(pid: int) -> float:
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total = int(line.split()[1])
    return total / 1024


def wrk(
    url: str, token: str, delay_ms: float, duration: int, connections: int = CONNECTIONS
) -> dict[str, float]:
    env = {**os.environ, "BENCH_TOKEN": token, "BENCH_DELAY_MS": f"{delay_ms:.1f}"}
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CONNECTIONS),
            "-d",
            f"{duration}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "wrk_rate.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"^RESULT (.*)$", out, re.M)
    assert match, out
    values = {k: float(v) for k, v in (kv.split("=") for kv in match.group(1).split())}
    values["rate"] = values["requests"] / values["duration_s"]
    return values


def paced(url: str, token: str) -> dict[str, float]:
    """Calibrate the service time on one connection, then pace CONNECTIONS to hit RATE:
    each waits (connections / rate - service time) between its requests."""
    probe = wrk(url, token, 0, 3, connections=1)
    service_ms = probe["p50_ms"]
    delay = max(0.0, CONNECTIONS * 1000 / RATE - service_ms)
    return wrk(url, token, delay, DURATION)


async def seed(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        login = await client.post(
            "/api/v1/auth/login", json={"email": "admin@bench.test", "password": ADMIN_PASSWORD}
        )
        login.raise_for_status()
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        org_id = (await client.get("/api/v1/organizations")).json()[0]["id"]
        token = await client.post(
            f"/api/v1/organizations/{org_id}/tokens",
            json={"name": "bench", "scopes": ["read", "write"]},
            headers=csrf,
        )
        token.raise_for_status()
        secret = token.json()["token"]
        auth = {"Authorization": f"Bearer {secret}"}
        for i in range(50):
            r = await client.post(
                f"/api/v1/organizations/{org_id}/projects", json={"name": f"app-{i}"}, headers=auth
            )
            r.raise_for_status()
        return org_id, secret


async def wait_ready(base: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=base, timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("API did not become ready")


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: run `make install`", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-"))
    workdir.chmod(0o711)
    pg = EmbeddedPostgres(workdir / "pg", free_port())
    redis = EmbeddedRedis(workdir / "redis", free_port())
    procs: list[subprocess.Popen[bytes]] = []
    try:
        pg.start()
        redis.start()
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BERTH_")},
            "BERTH_DATABASE__URL": pg.url,
            "BERTH_REDIS__URL": redis.url,
            "BERTH_SECURITY__MASTER_KEY": generate_master_key(),
            "BERTH_BOOTSTRAP__ADMIN_EMAIL": "admin@bench.test",
            "BERTH_BOOTSTRAP__ADMIN_PASSWORD": ADMIN_PASSWORD,
            "BERTH_LOG_LEVEL": "WARNING",
            "BERTH_SECURITY__LOGIN_MAX_FAILURES_PER_ADDRESS": "1000",
        }
        py = sys.executable
        subprocess.run([py, "-m", "api.cli", "migrate"], env=env, check=True, cwd=ROOT)
        subprocess.run(
            [py, "-m", "api.cli", "bootstrap"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        api = subprocess.Popen(
            [
                py,
                "-m",
                "uvicorn",
                "api.main:create_app",
                "--factory",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        procs.append(api)
        worker = subprocess.Popen(
            [py, "-m", "arq", "worker.main.WorkerSettings"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(worker)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(wait_ready(base))
        time.sleep(5)  # let both settle: the figure is idle memory, not start-up peaks
        api_rss, worker_rss = rss_mib(api.pid), rss_mib(worker.pid)
        print("== idle memory after start-up (RSS)")
        print(f"api (uvicorn, 1 process)  {api_rss:7.1f} MiB")
        print(f"worker (arq)              {worker_rss:7.1f} MiB")
        print(f"together                  {api_rss + worker_rss:7.1f} MiB   (goal <= 150 MiB)")

        org_id, secret = asyncio.run(seed(base))
        print(f"\n== latency at ~{RATE} req/s for {DURATION}s, {CONNECTIONS} connections (wrk)")
        rows = [
            ("GET /healthz (raw baseline)", paced(f"{base}/healthz", "")),
            (
                "GET projects (token auth + DB)",
                paced(f"{base}/api/v1/organizations/{org_id}/projects", secret),
            ),
        ]
        columns = ("req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors")
        print(f"{'endpoint':34} " + " ".join(f"{c:>8}" for c in columns))
        for name, r in rows:
            print(
                f"{name:34} {r['rate']:8.1f} {r['p50_ms']:8.2f} {r['p90_ms']:8.2f} "
                f"{r['p99_ms']:8.2f} {r['max_ms']:8.2f} {int(r['errors']):8d}"
            )
        base_p99, list_p99 = rows[0][1]["p99_ms"], rows[1][1]["p99_ms"]
        ratio = list_p99 / base_p99
        print(f"list p99 / healthz p99 = {ratio:.1f}x   (goal: list p99 <= 50 ms, 0 errors)")
        print(f"\nafter load: api {rss_mib(api.pid):.1f} MiB, worker {rss_mib(worker.pid):.1f} MiB")
        return 0
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        redis.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        if pg.data_root != workdir / "pg":
            shutil.rmtree(pg.data_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
