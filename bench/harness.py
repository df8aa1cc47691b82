"""What the benchmarks that run the whole control plane share: the control plane started
as `make run` does, the API as a client sees it, and their error.

A module of its own so the benchmarks import it and not each other (bench.deploy ran
bench.git_deploy while git_deploy needed deploy's client).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import generate_master_key
from bench.foundation import ADMIN_PASSWORD, wait_ready

ROOT = Path(__file__).resolve().parents[1]
STATUS_INTERVAL = 0.1


class BenchError(RuntimeError):
    """The benchmark could not measure (a deployment failed, something timed out)."""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class ControlPlane:
    """Embedded PostgreSQL + Redis, then the API (one uvicorn) and one arq worker, started
    as `make run` does (see bench/foundation.py). Every piece registers its own stop on
    `cleanup` as soon as it exists, so a failure half-way still stops what was started."""

    workdir: Path
    cleanup: contextlib.ExitStack
    base: str = ""
    # By name ("api", "worker"), for benchmarks that read a process's memory or CPU.
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    database_url: str = ""  # for benchmarks that seed rows directly (bench/scale.py)

    def start(self, proxy_image: str) -> None:
        pg = EmbeddedPostgres(self.workdir / "pg", free_port())
        self.database_url = pg.url
        redis = EmbeddedRedis(self.workdir / "redis", free_port())
        if pg.data_root != self.workdir / "pg":  # moved where the postgres user can reach
            self.cleanup.callback(shutil.rmtree, pg.data_root, ignore_errors=True)
        self.cleanup.callback(pg.stop)
        pg.start()
        self.cleanup.callback(redis.stop)
        redis.start()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BERTH_")},
            "BERTH_DATABASE__URL": pg.url,
            "BERTH_REDIS__URL": redis.url,
            "BERTH_SECURITY__MASTER_KEY": generate_master_key(),
            "BERTH_BOOTSTRAP__ADMIN_EMAIL": "admin@bench.test",
            "BERTH_BOOTSTRAP__ADMIN_PASSWORD": ADMIN_PASSWORD,
            "BERTH_SERVERS__PROXY_IMAGE": proxy_image,  # the bed's registry: no Docker Hub
            # `make run` also registers this machine's dockerd as server "local"; the worker
            # would then poll it every 30 s. The benchmark touches only its own test host.
            "BERTH_SERVERS__REGISTER_LOCAL_DOCKER": "false",
            "BERTH_LOG_LEVEL": "WARNING",
        }
        py = sys.executable
        for command in ("migrate", "bootstrap"):
            subprocess.run(
                [py, "-m", "api.cli", command],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=120,
            )
        port = free_port()
        self._spawn(
            "api",
            [py, "-m", "uvicorn", "api.main:create_app", "--factory", "--port", str(port),
             "--no-access-log", "--log-level", "warning"],
            env,
        )  # fmt: skip
        self._spawn("worker", [py, "-m", "arq", "worker.main.WorkerSettings"], env)
        self.base = f"http://127.0.0.1:{port}"
        asyncio.run(wait_ready(self.base))

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        log = (self.workdir / f"{name}.log").open("wb")
        self.cleanup.callback(log.close)
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.cleanup.callback(_stop_process, proc)
        self.processes[name] = proc

    def logs(self) -> str:
        parts = []
        for name in ("api", "worker"):
            path = self.workdir / f"{name}.log"
            if path.exists():
                parts.append(f"--- {name}.log (tail)\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)


def _stop_process(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class Api:
    """The Berth API as a client sees it; every failure raises with the response body."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.client.request(method, f"/api/v1{path}", **kwargs)
        if not response.is_success:
            raise BenchError(f"{method} {path}: {response.status_code} {response.text[:2000]}")
        return response.json()

    async def login(self) -> str:
        """Log in as the bootstrap admin, mint an API token, use it from now on."""
        login = await self(
            "POST", "/auth/login", json={"email": "admin@bench.test", "password": ADMIN_PASSWORD}
        )
        org_id = str((await self("GET", "/organizations"))[0]["id"])
        token = await self(
            "POST",
            f"/organizations/{org_id}/tokens",
            json={"name": "bench-deploy", "scopes": ["read", "write", "deploy", "admin"]},
            headers={"X-CSRF-Token": login["csrf_token"]},
        )
        self.client.cookies.clear()  # the token alone from here on, as CI would call it
        self.client.headers["Authorization"] = f"Bearer {token['token']}"
        return org_id

    async def settled(self, path: str, within: float) -> dict[str, Any]:
        """Poll a durable job (setup, deployment) until it succeeded or failed."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            row: dict[str, Any] = await self("GET", path)
            if row["status"] in ("succeeded", "failed", "cancelled"):
                return row
            await asyncio.sleep(STATUS_INTERVAL)
        raise BenchError(f"{path} did not settle within {within:.0f}s")


def terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the cleanup: the bed is torn down
