"""The scheduler: of two scheduler processes only one leads, the periodic jobs run once per
period on two workers, and killing the leader hands the work to the standby."""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import time
from pathlib import Path

from arq.connections import ArqRedis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.workers import ROOT, WorkerProcesses, wait_for

HOLDERS = text(
    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
    " WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'berth-scheduler'"
)


def _start_scheduler(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "worker.scheduler"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


async def _reap_runs(redis: ArqRedis) -> list[int]:
    """Period starts (ms) of the reaper jobs that ran (their results are kept 60 s)."""
    keys = await redis.keys("arq:result:jobs.reap:*")
    return sorted(int(k.decode().rsplit(":", 1)[1]) for k in keys)


async def test_one_leader_runs_each_period_once_and_a_standby_takes_over(
    worker_env: dict[str, str],
    workers: WorkerProcesses,
    engine: AsyncEngine,
    arq_pool: ArqRedis,
    tmp_path: Path,
) -> None:
    env = {
        **worker_env,
        "PYTHONPATH": str(ROOT),
        "BERTH_JOBS__PERIODIC": "scheduler",
        "BERTH_JOBS__LEADER_RETRY_SECONDS": "0.5",
        "BERTH_SERVERS__REFRESH_INTERVAL_SECONDS": "3600",
    }
    workers.env = env
    workers.start()
    workers.start()
    logs = [tmp_path / "scheduler-a.log", tmp_path / "scheduler-b.log"]
    schedulers = [_start_scheduler(env, log) for log in logs]
    try:

        async def holders() -> int:
            async with engine.connect() as conn:
                return int(await conn.scalar(HOLDERS) or 0)

        await wait_for(holders, within=20, what="a scheduler to take the lock")

        async def reaped(n: int) -> bool:
            return len(await _reap_runs(arq_pool)) >= n

        await wait_for(lambda: reaped(4), within=20, what="four reaper periods")
        assert await holders() == 1  # two schedulers, one lock holder
        runs = await _reap_runs(arq_pool)
        # One run per 1 s period: no duplicates (each result key is one period's id) and
        # no period ran twice through two leaders or two workers' crons.
        assert all(b - a >= 1000 for a, b in itertools.pairwise(runs)), runs
        assert all(r % 1000 == 0 for r in runs)

        leader = next(
            i for i, log in enumerate(logs) if "became the scheduler leader" in log.read_text()
        )
        standby = 1 - leader
        assert "became the scheduler leader" not in logs[standby].read_text()
        schedulers[leader].send_signal(signal.SIGKILL)
        schedulers[leader].wait(timeout=10)
        killed_at = time.time()

        async def standby_leads() -> bool:
            return "became the scheduler leader" in logs[standby].read_text()

        await wait_for(standby_leads, within=10, what="the standby to become the leader")

        async def periods_after_kill() -> bool:
            return any(r / 1000 > killed_at + 1 for r in await _reap_runs(arq_pool))

        await wait_for(periods_after_kill, within=10, what="the reaper to run under the new leader")
        assert await holders() == 1
        runs = await _reap_runs(arq_pool)
        assert len(runs) == len(set(runs))
        assert "Traceback" not in "".join(log.read_text() for log in logs), logs
    finally:
        for proc in schedulers:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)
