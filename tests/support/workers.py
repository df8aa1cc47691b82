"""Real worker processes against the session's PostgreSQL and Redis (a pytest plugin).

Data here is committed for real (the worker is another process), so each test works in
its own organization and deletes it afterwards.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from arq.connections import ArqRedis
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.kit.settings import Settings
from api.main import create_app, wired_state
from api.models import Organization, User
from tests.factories.users import bearer, create_org, create_token, create_user

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class WorkerProcesses:
    env: dict[str, str]
    log_dir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"worker-{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "arq", "worker.main.WorkerSettings"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no shutdown hook runs, exactly like an OOM kill or a lost host."""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))


@pytest.fixture
def workers(worker_env: dict[str, str], tmp_path: Path) -> Iterator[WorkerProcesses]:
    processes = WorkerProcesses(env={**worker_env, "PYTHONPATH": str(ROOT)}, log_dir=tmp_path)
    try:
        yield processes
    finally:
        processes.stop_all()


@dataclass
class Tenant:
    org: Organization
    user: User
    headers: dict[str, str]


@pytest.fixture
async def tenant(committed_sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[Tenant]:
    async with committed_sessionmaker() as session, session.begin():
        user = await create_user(session)
        org = await create_org(session, owner=user)
        _, secret = await create_token(session, org, user)
    try:
        yield Tenant(org, user, bearer(secret))
    finally:
        async with committed_sessionmaker() as session, session.begin():
            await session.execute(delete(Organization).where(Organization.id == org.id))
            await session.execute(delete(User).where(User.id == user.id))


@pytest.fixture
async def committed_app(
    settings: Settings,
    engine: AsyncEngine,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    arq_pool: ArqRedis,
) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with wired_state(app, engine=engine, sessionmaker=committed_sessionmaker, arq=arq_pool):
        yield app


@pytest.fixture
async def committed_client(committed_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=committed_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://berth.test") as client:
        yield client


async def wait_for(
    predicate: Callable[[], object], *, within: float, what: str, interval: float = 0.05
) -> None:
    """Poll an async predicate until truthy; fail with `what` after `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        await asyncio.sleep(interval)
    pytest.fail(f"timed out after {within}s waiting for {what}")
