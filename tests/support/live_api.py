"""The API as a real process on loopback, started as `make run` starts it (`python -m api.cli
serve`: uvicorn with Berth's limits), for tests whose client is another process: curl, a
browser, the `berth` CLI, raw sockets."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from api.cli.embedded import free_port
from tests.support.workers import ROOT


@contextlib.contextmanager
def live_api(env: Mapping[str, str], log_path: Path, *, within: float = 60) -> Iterator[str]:
    """The API's base URL once `/healthz` answers; stopped (TERM, then KILL) afterwards."""
    port = free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + within
        while not _answers(f"{base}/healthz"):
            if proc.poll() is not None:
                pytest.fail(f"the API exited: {log_path.read_text(errors='replace')[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the API never answered {base}/healthz within {within}s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
