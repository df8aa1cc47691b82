"""Subprocesses, bounded waits and PID bookkeeping for the test bed.

Every long-running process the test bed starts is recorded as ``pids/<name>.pid`` holding
``<pid> <start time>``. The start time (field 22 of ``/proc/<pid>/stat``) makes a stale file
harmless: after a crash or a reboot the PID may belong to someone else, and we only ever
signal a process whose start time still matches the one we recorded.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("berth.testbed")

# A clean PATH for daemons and commands run inside the hosts: the caller's environment
# (virtualenvs, proxies, DOCKER_HOST, ...) must not leak into a "remote server".
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
POLL_INTERVAL = 0.1

Argv = Sequence[str | Path]


class TestbedError(RuntimeError):
    """A test bed step failed; the message says which and where the logs are."""

    __test__ = False  # keep pytest from collecting it when imported into a test module


def run(
    argv: Argv,
    *,
    check: bool = True,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    cwd: Path | str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion, capturing text output; raise TestbedError on failure."""
    args = [str(a) for a in argv]
    try:
        result = subprocess.run(
            args,
            input=input,
            capture_output=True,
            text=True,
            env=dict(env) if env is not None else None,
            timeout=timeout,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TestbedError(f"timed out after {timeout}s: {' '.join(args)}") from exc
    except FileNotFoundError as exc:
        raise TestbedError(f"command not found: {args[0]}") from exc
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise TestbedError(f"exit {result.returncode}: {' '.join(args)}\n{detail}")
    return result


def wait_until(
    predicate: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    interval: float = POLL_INTERVAL,
    abort: Callable[[], str | None] | None = None,
) -> None:
    """Poll ``predicate`` until it is true or ``timeout`` seconds have passed.

    ``abort`` is checked on every round and returns a reason to give up early (typically "the
    daemon we are waiting for has exited"), so a crashed daemon fails fast instead of waiting
    out the whole timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if abort is not None and (reason := abort()):
            raise TestbedError(f"gave up waiting for {what}: {reason}")
        if time.monotonic() >= deadline:
            raise TestbedError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


# ---------------------------------------------------------------- process identity


@dataclass(frozen=True)
class ProcRef:
    """A process we started, identified by PID *and* start time (PIDs get reused)."""

    pid: int
    start_time: int

    @classmethod
    def of(cls, pid: int) -> ProcRef:
        start = _stat_field(pid, 22)
        if start is None:
            raise TestbedError(f"process {pid} exited right after it was started")
        return cls(pid, int(start))


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # comm (field 2) is in parentheses and may contain spaces: split after the last ')'.
    head, _, rest = raw.rpartition(")")
    return [head.split(" (", 1)[0], "comm", *rest.split()]


def _stat_field(pid: int, field: int) -> str | None:
    fields = _stat_fields(pid)
    return fields[field - 1] if fields is not None and len(fields) >= field else None


def parent_pid(pid: int) -> int | None:
    value = _stat_field(pid, 4)
    return int(value) if value is not None else None


def is_running(ref: ProcRef) -> bool:
    """True while the process lives, is not a zombie and is still the one we started."""
    _reap(ref.pid)
    fields = _stat_fields(ref.pid)
    if fields is None or fields[2] in ("Z", "X"):
        return False
    return int(fields[21]) == ref.start_time


# Daemons started by this process. Holding the Popen objects keeps Python from warning that
# a subprocess "is still running" when one is garbage-collected, and lets us reap them: a
# child of ours stays a zombie until we wait for it (other processes' are reaped by init).
_children: dict[int, subprocess.Popen[bytes]] = {}


def _reap(pid: int) -> None:
    child = _children.get(pid)
    if child is not None and child.poll() is not None:
        del _children[pid]


def signal_process(ref: ProcRef, sig: signal.Signals) -> None:
    if is_running(ref):
        with contextlib.suppress(ProcessLookupError):
            os.kill(ref.pid, sig)


def stop_processes(refs: Iterable[ProcRef], *, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout`` s, then SIGKILL whatever is left (and wait for that)."""
    pending = [r for r in refs if is_running(r)]
    for ref in pending:
        signal_process(ref, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL)
        pending = [r for r in pending if is_running(r)]
    for ref in pending:
        log.warning("pid %d did not stop on SIGTERM within %ss: SIGKILL", ref.pid, timeout)
        signal_process(ref, signal.SIGKILL)
    kill_deadline = time.monotonic() + 5
    while pending and time.monotonic() < kill_deadline:
        time.sleep(POLL_INTERVAL)
        pending = [r for r in pending if is_running(r)]


def kill_pids(pids: Iterable[int]) -> int:
    """SIGKILL PIDs found inside namespaces/cgroups that only the test bed uses."""
    count = 0
    for pid in set(pids):
        try:
            os.kill(pid, signal.SIGKILL)
            count += 1
        except ProcessLookupError:
            pass
    return count


# ---------------------------------------------------------------- pid files


class PidTable:
    """The ``pids/`` folder: one file per daemon, so a later ``down`` finds them all."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, name: str) -> Path:
        return self.directory / f"{name}.pid"

    def record(self, name: str, ref: ProcRef) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file(name).write_text(f"{ref.pid} {ref.start_time}\n")

    def get(self, name: str) -> ProcRef | None:
        try:
            pid, start = self._file(name).read_text().split()
        except (FileNotFoundError, ValueError):
            return None
        return ProcRef(int(pid), int(start))

    def names(self, prefix: str = "") -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob(f"{prefix}*.pid"))

    def forget(self, name: str) -> None:
        self._file(name).unlink(missing_ok=True)

    def spawn(
        self, name: str, argv: Argv, *, log_file: Path, env: Mapping[str, str] | None = None
    ) -> ProcRef:
        """Start a daemon in its own session, record it, and return its identity.

        ``start_new_session`` keeps a Ctrl-C in the terminal that ran ``up`` from reaching the
        daemons, which must outlive that process until ``down``.
        """
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("ab") as out:
            proc = subprocess.Popen(
                [str(a) for a in argv],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else {"PATH": SYSTEM_PATH},
                cwd="/",
                start_new_session=True,
            )
        _children[proc.pid] = proc
        ref = ProcRef.of(proc.pid)
        self.record(name, ref)
        return ref

    def stop(self, names: Sequence[str], *, timeout: float) -> None:
        refs = [ref for n in names if (ref := self.get(n)) is not None]
        stop_processes(refs, timeout=timeout)
        for n in names:
            self.forget(n)


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return f"(no log at {path})"
    return "\n".join(text[-lines:])
