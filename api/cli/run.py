"""`make run`: the whole control plane in the foreground on the embedded default.

Starts PostgreSQL and Redis from the machine's binaries under the data folder (unless
DATABASE_URL / REDIS_URL point elsewhere), applies migrations, bootstraps the admin, then
runs the API and the worker as child processes. Ctrl-C stops everything it started.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis
from api.kit.crypto import generate_master_key
from api.kit.settings import DatabaseSettings, RedisSettings, Settings

EMBEDDED_PG_PORT = 54329
EMBEDDED_REDIS_PORT = 63790


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


def run(host: str, port: int) -> int:
    settings = Settings()
    data_dir = settings.data_dir.absolute()
    ensure_local_secrets(data_dir)
    with ExitStack() as stack:
        if settings.database.url == DatabaseSettings().url:
            pg = EmbeddedPostgres(data_dir / "postgres", EMBEDDED_PG_PORT)
            _banner(f"starting embedded PostgreSQL on 127.0.0.1:{EMBEDDED_PG_PORT} ({pg.data_dir})")
            pg.start()
            stack.callback(pg.stop)
            os.environ["BERTH_DATABASE__URL"] = pg.url
        if settings.redis.url == RedisSettings().url:
            redis = EmbeddedRedis(data_dir / "redis", EMBEDDED_REDIS_PORT)
            _banner(f"starting embedded Redis on 127.0.0.1:{EMBEDDED_REDIS_PORT}")
            redis.start()
            stack.callback(redis.stop)
            os.environ["BERTH_REDIS__URL"] = redis.url

        python = sys.executable
        _banner("applying migrations")
        subprocess.run([python, "-m", "api.cli", "migrate"], check=True)
        subprocess.run([python, "-m", "api.cli", "bootstrap"], check=True)

        children: list[tuple[str, subprocess.Popen[bytes]]] = []
        # uvicorn with Berth's limits and read timeouts (api/kit/serving.py, BERTH_HTTP__*).
        api_argv = [python, "-m", "api.cli", "serve", "--host", host, "--port", str(port)]
        children.append(("api", subprocess.Popen(api_argv)))
        children.append(
            ("worker", subprocess.Popen([python, "-m", "arq", "worker.main.WorkerSettings"]))
        )
        stack.callback(_stop_children, children)
        _banner(f"Berth is starting on http://{host}:{port}  (API docs: /api/docs) — Ctrl-C stops")

        stop = {"requested": False}

        def _on_signal(signum: int, _frame: object) -> None:
            stop["requested"] = True

        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
        signal.signal(signal.SIGHUP, _on_signal)
        parent = os.getppid()
        while not stop["requested"]:
            if os.getppid() != parent:
                # `make` (or the terminal) went away without signalling us: don't leave
                # PostgreSQL, Redis, the API and the worker running as orphans.
                _banner("parent process exited; stopping")
                break
            for name, proc in children:
                if proc.poll() is not None:
                    _banner(f"{name} exited with {proc.returncode}; stopping everything")
                    return proc.returncode or 1
            time.sleep(0.2)
        _banner("stopping")
    return 0


def _stop_children(children: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
    for _, proc in children:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for _, proc in children:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
