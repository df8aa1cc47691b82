"""Takeover benchmark: worker SIGKILLed mid-job → the job's next attempt started.

Runs `python -m api.cli run` (the supervisor, its own embedded PostgreSQL and Redis, the
API and the worker) with the default job settings (30 s heartbeat window, 10 s reaper).
Each round starts a real server setup against a server whose SSH port accepts and then
stays silent (so the attempt hangs in `connect` for its 10 s timeout), SIGKILLs the worker
while the attempt runs, and times kill → a restarted worker seen → the next attempt started
(the row claimed again: `attempts` goes up; that attempt may end within milliseconds when it
meets a connection still backing off from the last failure).

Two kinds of round, interleaved in one run:
- takeover: the restarted worker has its predecessor's identity (what `make run` does) and
  retries the row at start-up;
- baseline: the row's recorded worker identity is overwritten before the kill (as for a row
  claimed by a worker that doesn't come back), so only the reaper's heartbeat check
  recovers it: what every kill cost before.

    python -m bench.takeover    # BENCH_ROUNDS=5 takeover rounds, BENCH_BASELINE_ROUNDS=1
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import asyncssh
import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from api.cli.embedded import free_port

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BASELINE_ROUNDS = int(os.environ.get("BENCH_BASELINE_ROUNDS", "1"))
ADMIN_PASSWORD = "bench-admin-password"  # noqa: S105 - a throwaway local instance
WAIT = 120.0  # bound on every wait of one round


class SilentSSH:
    """A TCP port that accepts connections and never says a word (a hung SSH server)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port: int = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


def children_of(pid: int) -> dict[int, str]:
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def worker_pid(supervisor: int) -> int | None:
    pids = [p for p, cmd in children_of(supervisor).items() if "arq worker" in cmd]
    return pids[0] if len(pids) == 1 else None


async def until(check, what: str, interval: float = 0.02):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        result = await check()
        if result:
            return result
        await asyncio.sleep(interval)
    raise TimeoutError(f"{what} within {WAIT:.0f}s")


async def bench(base: str, data_dir: Path, supervisor: int, pg_port: int) -> None:
    silent = SilentSSH()
    password = (data_dir / "postgres" / "berth.password").read_text().strip()
    engine = create_async_engine(f"postgresql+asyncpg://berth:{password}@127.0.0.1:{pg_port}/berth")
    host_key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()
    async with httpx.AsyncClient(base_url=f"{base}/api/v1", timeout=30) as api:
        login = await api.post(
            "/auth/login", json={"email": "admin@berth.local", "password": ADMIN_PASSWORD}
        )
        login.raise_for_status()
        api.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        org = (await api.get("/organizations")).json()[0]["id"]

        async def one_round(n: int, baseline: bool) -> tuple[float, float]:
            created = await api.post(
                f"/organizations/{org}/servers",
                json={"name": f"silent-{n}", "host": "127.0.0.1", "port": silent.port},
            )
            created.raise_for_status()
            server = created.json()["id"]
            async with engine.begin() as conn:
                await conn.execute(
                    text(
                        "UPDATE servers SET host_key = :key, host_key_fingerprint = 'bench',"
                        " host_key_status = 'trusted' WHERE id = :id"
                    ),
                    {"key": host_key, "id": server},
                )
            setup = (await api.post(f"/servers/{server}/setups")).json()["id"]

            async def attempt(k: int) -> bool:
                """Attempt k was claimed (running, or already over: a retry that meets a
                connection still backing off from the last failure ends within ms)."""
                body = (await api.get(f"/server-setups/{setup}")).json()
                return bool(len(body["attempts"]) >= k)  # one entry per worker claim

            await until(lambda: attempt(1), "attempt 1 running", interval=0.02)
            if baseline:
                async with engine.begin() as conn:
                    await conn.execute(
                        text("UPDATE server_setups SET worker_id = 'gone' WHERE id = :id"),
                        {"id": setup},
                    )
            await asyncio.sleep(0.5)  # well inside the attempt's 10 s connect timeout
            victim = worker_pid(supervisor)
            assert victim is not None, "no worker process under the supervisor"
            os.kill(victim, signal.SIGKILL)
            killed = time.monotonic()

            async def new_worker() -> bool:
                pid = worker_pid(supervisor)
                return pid is not None and pid != victim

            await until(new_worker, "a restarted worker")
            restarted = time.monotonic() - killed
            await until(lambda: attempt(2), "attempt 2 claimed", interval=0.05)
            return restarted, time.monotonic() - killed

        plan = [False] * ROUNDS + [True] * BASELINE_ROUNDS
        results: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for n, baseline in enumerate(plan):
            figures = await one_round(n, baseline)
            results[baseline].append(figures)
            kind = "baseline" if baseline else "takeover"
            print(
                f"  round {n + 1} ({kind}): worker back after {figures[0]:.2f}s, "
                f"retry started after {figures[1]:.2f}s",
                flush=True,
            )
            # The restarted worker counts as healthy after 5 s: the next kill is again a
            # first crash, restarted after 1 s.
            await asyncio.sleep(5.5)
    await engine.dispose()
    silent.close()

    print("\nkill → retry started (the row claimed by a worker again), seconds")
    for baseline, label in ((False, "takeover (make run)"), (True, "baseline (reaper only)")):
        retry = [r[1] for r in results[baseline]]
        back = [r[0] for r in results[baseline]]
        if not retry:
            continue
        print(
            f"  {label:24} n={len(retry)}  median {statistics.median(retry):6.2f}  "
            f"max {max(retry):6.2f}   (worker process back: median "
            f"{statistics.median(back):.2f})"
        )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-takeover-"))
    workdir.chmod(0o711)
    api_port, pg_port, redis_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "BERTH_DATA_DIR": str(workdir / "data"),
            "BERTH_RUN__PORT": str(api_port),
            "BERTH_RUN__POSTGRES_PORT": str(pg_port),
            "BERTH_RUN__REDIS_PORT": str(redis_port),
            "BERTH_BOOTSTRAP__ADMIN_PASSWORD": ADMIN_PASSWORD,
            "BERTH_SERVERS__REGISTER_LOCAL_DOCKER": "false",
            "BERTH_LOG_FORMAT": "json",
            # Each round is one crash, not a crash loop: a worker that ran 5 s is restarted
            # after the first backoff step (1 s), as a single crash would be.
            "BERTH_RUN__RESTART_RESET_SECONDS": "5",
        }
    )
    log = workdir / "run.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "run"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
                return 1
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        print(f"takeover benchmark: {ROUNDS} takeover + {BASELINE_ROUNDS} baseline rounds")
        asyncio.run(bench(base, workdir / "data", proc.pid, pg_port))
        # The raw cost inside every takeover: a new worker process importing its code.
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "import worker.main"], cwd=ROOT, env=env, check=True)
        print(f"  raw: `python -c 'import worker.main'` took {time.monotonic() - started:.2f}s")
        print(f"  load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        kept = Path(tempfile.gettempdir()) / "berth-bench-takeover.log"
        shutil.copyfile(log, kept)  # the supervisor's and children's output, for a look after
        print(f"  control-plane log: {kept}")
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
