"""Idle memory of the control plane, and what each imported library costs of it.

Starts its own embedded PostgreSQL and Redis, the API (one uvicorn) and one arq worker as
`make run` does (bench/harness.py), waits until both are idle, and prints each process's
RSS next to the raw floor: a bare interpreter that imports nothing (`python -c pass`) and
one that imports only the libraries every process needs (asyncio, pydantic, SQLAlchemy's
asyncio extension, redis). Then, for `api.main` and `worker.main` each in a fresh
interpreter, the RSS that each top-level package's own modules added while importing, and
what the adapters that are imported only when used (asyncssh, aiodocker, …) would add if
they were imported at start-up. `BENCH_SETTLE` (5 s) is the wait before reading RSS;
`BENCH_ROUNDS` (3) the start-ups whose median is printed. No root, no test bed.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETTLE = float(os.environ.get("BENCH_SETTLE", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GOAL_MIB = 150
# What an idle process never runs, imported only on first use (api/kit/lazy.py).
DEFERRED = ("asyncssh", "aiodocker", "aiohttp", "aiosmtplib", "httpx", "alembic.script")
COMMON = ("asyncio", "pydantic", "sqlalchemy.ext.asyncio", "asyncpg", "redis.asyncio")


def rss_mib(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class _Measuring(importlib.abc.Loader):
    """Wraps a module's loader: RSS before and after executing it, minus what its own
    nested imports added, is charged to its top-level package."""

    stack: list[list[float]] = []  # noqa: RUF012 - one attribution per interpreter
    own: dict[str, float] = {}  # noqa: RUF012

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        top = module.__name__.split(".")[0]
        self.stack.append([0.0])
        before = rss_mib()
        try:
            self.loader.exec_module(module)
        finally:
            grown = rss_mib() - before
            (children,) = self.stack.pop()
            if self.stack:
                self.stack[-1][0] += grown
            self.own[top] = self.own.get(top, 0.0) + grown - children


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: importlib.machinery.ModuleSpec | None = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and not isinstance(spec.loader, _Measuring):
                    spec.loader = _Measuring(spec.loader)
                return spec
        return None


def attribute(module: str) -> dict[str, Any]:
    """In this (fresh) interpreter: import `module`, charging RSS to packages; then import
    each deferred adapter and note what it adds."""
    start = rss_mib()
    sys.meta_path.insert(0, _Finder())
    importlib.import_module(module)
    sys.meta_path.pop(0)
    after = rss_mib()
    own = dict(_Measuring.own)  # before the deferred adapters below execute
    deferred: dict[str, float] = {}
    for name in DEFERRED:
        before = rss_mib()
        # A lazy module (api/kit/lazy.py) executes on its first attribute access.
        getattr(importlib.import_module(name), "__name__", None)
        deferred[name] = rss_mib() - before
    return {"start": start, "after": after, "own": own, "deferred": deferred}


def fresh(argv: list[str]) -> str:
    return subprocess.run(
        [sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    ).stdout


def floor(modules: Sequence[str]) -> float:
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += (
        "print(int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]))"
    )
    return int(fresh(["-c", code]).strip()) / 1024


def one_start() -> tuple[float, float]:
    # Imported here: `--attribute` runs this module in a fresh interpreter, whose figures
    # must not include the harness's own imports (httpx, the embedded stores).
    from bench.harness import ControlPlane  # noqa: PLC0415

    with contextlib.ExitStack() as cleanup:
        workdir = Path(tempfile.mkdtemp(prefix="berth-bench-idle-"))
        workdir.chmod(0o711)
        cleanup.callback(lambda: subprocess.run(["rm", "-rf", str(workdir)], check=False))
        plane = ControlPlane(workdir, cleanup)
        plane.start(proxy_image="unused.invalid/traefik:none")
        time.sleep(SETTLE)  # idle memory, not the start-up peak
        api, worker = plane.processes["api"].pid, plane.processes["worker"].pid
        return rss_mib(api), rss_mib(worker)


def main() -> int:
    bare = floor([])
    common = floor(COMMON)
    samples = [one_start() for _ in range(ROUNDS)]
    api = statistics.median(s[0] for s in samples)
    worker = statistics.median(s[1] for s in samples)
    print(f"== idle RSS after start-up (median of {ROUNDS} start-ups, {SETTLE:.0f} s settle)")
    print(f"api (uvicorn, 1 process)       {api:7.1f} MiB")
    print(f"worker (arq)                   {worker:7.1f} MiB")
    print(f"together                       {api + worker:7.1f} MiB   (goal <= {GOAL_MIB} MiB)")
    print(f"raw: bare interpreter          {bare:7.1f} MiB   (x2 = {2 * bare:.1f})")
    print(f"raw: + common libraries        {common:7.1f} MiB   (x2 = {2 * common:.1f})")
    print(f"    ({', '.join(COMMON)}: the floor of any process that talks to both stores)")
    print(f"ratio together / 2 x common   {(api + worker) / (2 * common):7.2f}")
    for module in ("api.main", "worker.main"):
        figures = json.loads(fresh(["-m", "bench.idle_memory", "--attribute", module]))
        own = sorted(figures["own"].items(), key=lambda kv: -kv[1])
        print(
            f"\n== import {module}: {figures['start']:.1f} -> {figures['after']:.1f} MiB; "
            "own RSS of each package's modules (the biggest)"
        )
        for name, mib in own[:14]:
            print(f"  {name:24} {mib:6.1f} MiB")
        rest = sum(mib for _, mib in own[14:])
        print(f"  {'(the rest)':24} {rest:6.1f} MiB")
        print("  deferred to first use (what importing each now would add):")
        for name, mib in figures["deferred"].items():
            print(f"    {name:22} {mib:6.1f} MiB")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--attribute":
        print(json.dumps(attribute(sys.argv[2])))
        sys.exit(0)
    sys.exit(main())
