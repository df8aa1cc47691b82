"""`make run`: the whole control plane in the foreground on the embedded default.

Starts PostgreSQL and Redis from the machine's binaries under the data folder (unless
DATABASE_URL / REDIS_URL point elsewhere), applies migrations, bootstraps the admin, then
supervises the API and the worker as child processes: one that exits is restarted with
exponential backoff and a line saying why. Only Ctrl-C / SIGTERM (or the parent going
away) stops everything it started.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis
from api.kit.crypto import generate_master_key
from api.kit.settings import DatabaseSettings, RedisSettings, RunSettings, Settings

_PR_SET_PDEATHSIG = 1


def _banner(text: str) -> None:
    print(f"\n\033[1m==> {text}\033[0m", flush=True)


def ensure_local_secrets(data_dir: Path) -> None:
    """Generate this installation's secrets once and keep them (mode 600) in the data folder.

    A fresh install must never run on a key that is published in our source code.
    """
    path = data_dir / "secrets.env"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Traversable (not listable) so the unprivileged postgres user reaches its folder.
        data_dir.chmod(0o711)
        path.write_text(
            f"BERTH_SECURITY__SESSION_SECRET={secrets.token_urlsafe(48)}\n"
            f"BERTH_SECURITY__MASTER_KEY={generate_master_key()}\n"
        )
        path.chmod(0o600)
        _banner(f"generated secrets in {path} (back this file up: it decrypts your secrets)")
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        if key and key not in os.environ:
            os.environ[key] = value


def worker_identity(data_dir: Path) -> str:
    """This installation's worker identity, kept in the data folder so it survives restarts
    of the worker and of `make run` itself: a worker that starts under it knows that any
    running job recorded under it lost its process, and retries it at once."""
    path = data_dir / "worker-id"
    if path.exists():
        return path.read_text().strip()
    identity = f"{socket.gethostname()}:{uuid.uuid4().hex[:12]}"
    path.write_text(identity + "\n")
    return identity


def api_argv(python: str, host: str, port: int) -> list[str]:
    """The API's command line: uvicorn with Berth's limits and read deadlines
    (api/kit/serving.py, BERTH_HTTP__*), proxy headers trusted as settings say."""
    return [python, "-m", "api.cli", "serve", "--host", host, "--port", str(port)]


def worker_argv(python: str) -> list[str]:
    return [python, "-m", "arq", "worker.main.WorkerSettings"]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM it when the supervisor dies, even by SIGKILL, so a
    worker never outlives it and then meets a second worker with its own identity."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the parent-exit check still applies
        pass


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


@dataclass
class Child:
    """One supervised process and its restart state."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0  # consecutive quick exits, for the backoff
    restart_at: float | None = None

    def start(self) -> None:
        # The supervisor is single-threaded, which is what makes preexec_fn safe here.
        self.proc = subprocess.Popen(
            self.argv,
            env={**os.environ, **self.env},
            preexec_fn=_die_with_parent,  # noqa: PLW1509
        )
        self.started_at = time.monotonic()
        self.restart_at = None


class Supervisor:
    """Keeps every child running until asked to stop.

    A child that exits (crash, OOM kill, a bug) is started again after 1 s, 2 s, 4 s, ...
    up to `max_delay`; one that had run for `reset_after` seconds counts as healthy and is
    restarted after 1 s again. Stopping (SIGINT, SIGTERM, SIGHUP, or the parent exiting)
    sends SIGTERM to every child, then SIGKILL to those still up after `stop_timeout`.
    """

    def __init__(
        self,
        children: list[Child],
        *,
        max_delay: float = 30.0,
        reset_after: float = 30.0,
        stop_timeout: float = 15.0,
        say: Callable[[str], None] = _banner,
    ) -> None:
        self.children = children
        self.max_delay = max_delay
        self.reset_after = reset_after
        self.stop_timeout = stop_timeout
        self.say = say
        self._stop_reason: str | None = None

    def request_stop(self, reason: str) -> None:
        self._stop_reason = reason

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.request_stop(signal.Signals(signum).name)

    def run(self) -> int:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        parent = os.getppid()
        try:
            for child in self.children:
                child.start()
            while self._stop_reason is None:
                if os.getppid() != parent:
                    # `make` (or the terminal) went away without signalling us: don't leave
                    # PostgreSQL, Redis, the API and the worker running as orphans.
                    self.request_stop("the parent process exited")
                    break
                self._tend(time.monotonic())
                time.sleep(0.1)
            self.say(f"stopping ({self._stop_reason})")
        finally:
            self.stop_all()
        return 0

    def _tend(self, now: float) -> None:
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self.say(f"restarting {child.name}")
                    child.start()
                continue
            if child.proc is None or child.proc.poll() is None:
                continue
            ran = now - child.started_at
            child.failures = 0 if ran >= self.reset_after else child.failures + 1
            delay = min(self.max_delay, 2.0 ** max(0, child.failures - 1))
            child.restart_at = now + delay
            self.say(
                f"{child.name} {describe_exit(child.proc.returncode)} after {ran:.1f}s; "
                f"restarting it in {delay:.0f}s"
                + (f" ({child.failures} quick exits in a row)" if child.failures > 1 else "")
            )

    def stop_all(self) -> None:
        running = [c.proc for c in self.children if c.proc is not None and c.proc.poll() is None]
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for proc in running:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def run(host: str | None, port: int | None) -> int:
    settings = Settings()
    options: RunSettings = settings.run
    host = host or options.host
    port = port or options.port
    data_dir = settings.data_dir.absolute()
    ensure_local_secrets(data_dir)
    with ExitStack() as stack:
        if settings.database.url == DatabaseSettings().url:
            pg = EmbeddedPostgres(data_dir / "postgres", options.postgres_port)
            _banner(
                f"starting embedded PostgreSQL on 127.0.0.1:{options.postgres_port} ({pg.data_dir})"
            )
            pg.start()
            stack.callback(pg.stop)
            os.environ["BERTH_DATABASE__URL"] = pg.url
        if settings.redis.url == RedisSettings().url:
            redis = EmbeddedRedis(data_dir / "redis", options.redis_port)
            _banner(f"starting embedded Redis on 127.0.0.1:{options.redis_port}")
            redis.start()
            stack.callback(redis.stop)
            os.environ["BERTH_REDIS__URL"] = redis.url

        python = sys.executable
        _banner("applying migrations")
        subprocess.run([python, "-m", "api.cli", "migrate"], check=True)
        subprocess.run([python, "-m", "api.cli", "bootstrap"], check=True)

        worker_env = {}
        if settings.jobs.worker_id is None:
            worker_env["BERTH_JOBS__WORKER_ID"] = worker_identity(data_dir)
        supervisor = Supervisor(
            [
                Child("api", api_argv(python, host, port)),
                Child("worker", worker_argv(python), worker_env),
            ],
            max_delay=options.restart_max_delay_seconds,
            reset_after=options.restart_reset_seconds,
        )
        _banner(f"Berth is starting on http://{host}:{port}  (API docs: /api/docs) — Ctrl-C stops")
        return supervisor.run()
