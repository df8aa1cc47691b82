"""`make run` as a supervisor: `python -m api.cli run` as a real process tree against the
session's PostgreSQL and Redis. A SIGKILLed worker or API comes back on its own, saying
why; SIGTERM stops every child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli.embedded import free_port
from api.cli.run import Child, Supervisor, describe_exit
from api.models import Membership, Organization, User
from tests.support.workers import ROOT


def children_of(pid: int) -> dict[int, str]:
    """pid -> command line of the direct children of `pid` (from /proc)."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: split after its ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found[int(entry.name)] = cmdline
    return found


def eventually(
    check: Callable[[], object], within: float, what: str, output: Callable[[], str] = str
) -> object:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out after {within}s waiting for {what}; output:\n{output()}")


@dataclass
class Running:
    proc: subprocess.Popen[bytes]
    base: str
    log: Path

    def child(self, marker: str) -> int | None:
        pids = [pid for pid, cmd in children_of(self.proc.pid).items() if marker in cmd]
        return pids[0] if len(pids) == 1 else None

    def answers(self) -> bool:
        try:
            return httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
async def supervised(
    worker_env: dict[str, str],
    tmp_path: Path,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[Running]:
    port = free_port()
    admin = f"supervisor-{uuid.uuid4().hex[:8]}@berth.test"
    env = {
        **worker_env,
        "PYTHONPATH": str(ROOT),
        "BERTH_DATA_DIR": str(tmp_path / "data"),
        "BERTH_RUN__PORT": str(port),
        "BERTH_SERVERS__REGISTER_LOCAL_DOCKER": "false",
        "BERTH_BOOTSTRAP__ADMIN_EMAIL": admin,
    }
    log = tmp_path / "run.log"
    # Popen returns at once (the process is waited for in the sync test); the fixture is
    # async only for the database clean-up.
    proc = subprocess.Popen(  # noqa: ASYNC220
        [sys.executable, "-m", "api.cli", "run"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    running = Running(proc, f"http://127.0.0.1:{port}", log)
    try:
        yield running
    finally:
        if proc.poll() is None:
            # Its own process: killing the tree's root lets PDEATHSIG end the children.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        async with committed_sessionmaker() as session, session.begin():
            user_id = await session.scalar(select(User.id).where(User.email == admin))
            if user_id is not None:
                orgs = select(Membership.organization_id).where(Membership.user_id == user_id)
                await session.execute(delete(Organization).where(Organization.id.in_(orgs)))
                await session.execute(delete(User).where(User.id == user_id))


def test_killed_worker_and_api_are_restarted_and_sigterm_stops_everything(
    supervised: Running,
) -> None:
    run = supervised
    eventually(run.answers, 240, "the API", run.output)
    worker = eventually(lambda: run.child("arq worker"), 60, "the worker process")
    api = run.child("api.cli serve")
    assert isinstance(worker, int)
    assert api is not None

    os.kill(worker, signal.SIGKILL)
    restarted = eventually(
        lambda: (pid := run.child("arq worker")) not in (None, worker) and pid,
        60,
        "a new worker",
        run.output,
    )
    assert "worker killed by SIGKILL" in run.output()
    assert "restarting it in 1s" in run.output()
    assert run.answers(), "the API must keep answering while the worker restarts"
    assert run.child("api.cli serve") == api

    os.kill(api, signal.SIGKILL)
    eventually(
        lambda: run.child("api.cli serve") not in (None, api) and run.answers(),
        240,
        "the API back",
        run.output,
    )
    assert "api killed by SIGKILL" in run.output()
    assert run.child("arq worker") == restarted

    children = set(children_of(run.proc.pid))
    run.proc.send_signal(signal.SIGTERM)
    assert run.proc.wait(timeout=30) == 0
    assert "stopping (SIGTERM)" in run.output()
    eventually(
        lambda: not any(Path(f"/proc/{pid}").exists() for pid in children),
        20,
        "every child to exit",
    )


def test_backoff_doubles_for_quick_exits_and_says_why() -> None:
    lines: list[str] = []
    child = Child("flaky", [sys.executable, "-c", "raise SystemExit(3)"])
    supervisor = Supervisor([child], max_delay=4, reset_after=60, say=lines.append)
    child.start()
    assert child.proc is not None
    child.proc.wait(timeout=10)
    delays = []
    for _ in range(4):
        assert child.proc is not None
        child.proc.wait(timeout=10)
        supervisor._tend(time.monotonic())
        assert child.restart_at is not None
        delays.append(round(child.restart_at - time.monotonic()))
        supervisor._tend(child.restart_at)  # the delay has passed: it starts again
    supervisor.stop_all()
    assert delays == [1, 2, 4, 4]
    assert lines[0].startswith("flaky exited with status 3 after ")
    assert lines[0].endswith("; restarting it in 1s")
    assert "restarting it in 2s (2 quick exits in a row)" in lines[2]


def test_exit_descriptions_name_the_signal() -> None:
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(1) == "exited with status 1"
