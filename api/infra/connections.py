"""`ServerConnection`: one interface for the local Docker daemon and for servers over SSH.

`ConnectionManager` keeps one live connection per server per process: reused while
healthy, re-opened with exponential backoff after a failure (so a dead server is not
hammered by every caller), bounded in concurrent operations, closed on shutdown.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import structlog

from api.infra.docker import DockerClient
from api.infra.errors import RemoteCommandFailed, ServerUnreachable
from api.infra.ssh import CommandResult, LineSink, SSHLink, SSHTarget

log = structlog.get_logger(__name__)

LOCAL_DOCKER_SOCKET = Path("/var/run/docker.sock")
_RUNTIME_PREFIX = "berth-ssh-"
_BACKOFF_START = 0.5
_BACKOFF_MAX = 30.0


class ServerConnection(Protocol):
    docker: DockerClient

    @property
    def is_closed(self) -> bool: ...

    async def run(
        self,
        argv: list[str],
        *,
        timeout: float = 60.0,
        check: bool = True,
        input: str | None = None,
    ) -> CommandResult:
        """Run a command (argv, never a shell string) on the server; `input` is its stdin."""
        ...

    async def stream(self, argv: list[str], on_line: LineSink, *, timeout: float) -> int | None:
        """Run a command, passing each output line (stdout and stderr merged) to `on_line`
        as it is printed; returns the exit status."""
        ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class LocalTarget:
    socket_path: Path = LOCAL_DOCKER_SOCKET


Target = SSHTarget | LocalTarget


class LocalConnection:
    """The control plane's own Docker daemon (the embedded default's first server)."""

    def __init__(self, target: LocalTarget) -> None:
        self.docker = DockerClient(target.socket_path, label="local")
        self._closed = False

    @property
    def is_closed(self) -> bool:
        return self._closed

    async def run(
        self,
        argv: list[str],
        *,
        timeout: float = 60.0,
        check: bool = True,
        input: str | None = None,
    ) -> CommandResult:
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE if input is not None else asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            data = input.encode() if input is not None else None
            out, err = await asyncio.wait_for(proc.communicate(data), timeout)
        except TimeoutError as exc:
            proc.kill()
            raise ServerUnreachable(f"`{argv[0]}` did not finish within {timeout:.0f}s") from exc
        except OSError as exc:
            raise ServerUnreachable(f"running `{argv[0]}` failed: {exc}") from exc
        result = CommandResult(
            proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")
        )
        if check and result.exit_status != 0:
            raise RemoteCommandFailed(argv, result.exit_status, result.stderr)
        return result

    async def stream(self, argv: list[str], on_line: LineSink, *, timeout: float) -> int | None:
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
        except OSError as exc:
            raise ServerUnreachable(f"running `{argv[0]}` failed: {exc}") from exc
        assert proc.stdout is not None
        try:
            async with asyncio.timeout(timeout):
                async for raw in proc.stdout:
                    await on_line(raw.decode(errors="replace").rstrip("\r\n"))
                return await proc.wait()
        except TimeoutError as exc:
            raise ServerUnreachable(f"`{argv[0]}` did not finish within {timeout:.0f}s") from exc
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()

    async def close(self) -> None:
        self._closed = True
        await self.docker.close()


class SSHConnection:
    def __init__(self, link: SSHLink) -> None:
        self._link = link
        self.docker = DockerClient(
            link.docker_socket, label=f"{link.target.username}@{link.target.host}"
        )

    @property
    def is_closed(self) -> bool:
        return self._link.is_closed

    async def run(
        self,
        argv: list[str],
        *,
        timeout: float = 60.0,
        check: bool = True,
        input: str | None = None,
    ) -> CommandResult:
        return await self._link.run(argv, timeout=timeout, check=check, input=input)

    async def stream(self, argv: list[str], on_line: LineSink, *, timeout: float) -> int | None:
        return await self._link.stream(argv, on_line, timeout=timeout)

    async def close(self) -> None:
        await self.docker.close()
        await self._link.close()


@dataclass
class _Slot:
    target: Target
    connection: ServerConnection | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    semaphore: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(16))
    failures: int = 0
    retry_at: float = 0.0
    last_error: Exception | None = None


class ConnectionManager:
    def __init__(self, *, max_operations_per_server: int = 16) -> None:
        self._slots: dict[uuid.UUID, _Slot] = {}
        self._max_ops = max_operations_per_server
        _sweep_stale_runtime_dirs()
        # Forwarded Docker sockets are root-equivalent: keep them in a private directory.
        self._runtime_dir = Path(tempfile.mkdtemp(prefix=f"{_RUNTIME_PREFIX}{os.getpid()}-"))
        os.chmod(self._runtime_dir, 0o700)

    @asynccontextmanager
    async def connect(
        self, server_id: uuid.UUID, target: Target
    ) -> AsyncIterator[ServerConnection]:
        """A live connection for one operation; concurrent operations per server are bounded."""
        slot = await self._slot(server_id, target)
        async with slot.semaphore:
            yield await self._ensure(server_id, slot)

    @asynccontextmanager
    async def stream(self, server_id: uuid.UUID, target: Target) -> AsyncIterator[ServerConnection]:
        """A live connection for a long-lived stream (log follow): not counted against the
        per-server operation limit, which bounds work, not watchers."""
        slot = await self._slot(server_id, target)
        yield await self._ensure(server_id, slot)

    async def _slot(self, server_id: uuid.UUID, target: Target) -> _Slot:
        slot = self._slots.get(server_id)
        if slot is not None and slot.target != target:
            # Key rotated, host key re-confirmed, address changed: start afresh.
            await self.drop(server_id)
            slot = None
        if slot is None:
            slot = _Slot(target=target, semaphore=asyncio.Semaphore(self._max_ops))
            self._slots[server_id] = slot
        return slot

    async def _ensure(self, server_id: uuid.UUID, slot: _Slot) -> ServerConnection:
        async with slot.lock:
            if slot.connection is not None and not slot.connection.is_closed:
                return slot.connection
            if slot.connection is not None:
                log.info("connection lost; reconnecting", server_id=str(server_id))
                await _quiet_close(slot.connection)
                slot.connection = None
            now = time.monotonic()
            if now < slot.retry_at and slot.last_error is not None:
                raise ServerUnreachable(
                    f"{slot.last_error} (retrying in {slot.retry_at - now:.1f}s)"
                ) from slot.last_error
            try:
                slot.connection = await self._open(server_id, slot.target)
            except Exception as exc:
                slot.failures += 1
                slot.last_error = exc
                delay = min(_BACKOFF_MAX, _BACKOFF_START * 2 ** (slot.failures - 1))
                slot.retry_at = time.monotonic() + delay
                raise
            slot.failures, slot.last_error, slot.retry_at = 0, None, 0.0
            return slot.connection

    async def _open(self, server_id: uuid.UUID, target: Target) -> ServerConnection:
        if isinstance(target, LocalTarget):
            return LocalConnection(target)
        socket_path = self._runtime_dir / f"{server_id.hex[:16]}.sock"
        return SSHConnection(await SSHLink.open(target, socket_path))

    def reset_backoff(self, server_id: uuid.UUID) -> None:
        """An operator asked explicitly (e.g. 'check now'): don't make them wait."""
        slot = self._slots.get(server_id)
        if slot is not None:
            slot.retry_at = 0.0

    async def drop(self, server_id: uuid.UUID) -> None:
        slot = self._slots.pop(server_id, None)
        if slot is not None and slot.connection is not None:
            await _quiet_close(slot.connection)

    async def close(self) -> None:
        for server_id in list(self._slots):
            await self.drop(server_id)
        shutil.rmtree(self._runtime_dir, ignore_errors=True)


def _sweep_stale_runtime_dirs() -> None:
    """Remove socket directories left by processes that died without closing (SIGKILL)."""
    for path in Path(tempfile.gettempdir()).glob(f"{_RUNTIME_PREFIX}*"):
        pid_text = path.name.removeprefix(_RUNTIME_PREFIX).split("-", 1)[0]
        try:
            owner = path.stat().st_uid
        except FileNotFoundError:
            continue  # another process closed it between the listing and now
        if not pid_text.isdigit() or owner != os.getuid():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:
            pass  # alive, someone else's


async def _quiet_close(connection: ServerConnection) -> None:
    try:
        await asyncio.wait_for(connection.close(), 5)
    except Exception:  # closing a broken connection must not mask the original problem
        log.debug("error while closing a connection", exc_info=True)
