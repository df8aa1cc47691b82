"""One persistent, host-key-pinned asyncssh connection to a server.

Remote commands are built from argv lists and quoted with `shlex.join`: user input never
reaches a shell string unquoted. The Docker socket is reached through a local UNIX socket
forwarded over the same connection (one SSH channel per pooled HTTP connection), so a
Docker API call costs a round trip, not a new SSH handshake.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from api.infra.errors import (
    AuthenticationFailed,
    HostKeyMismatch,
    HostKeyUnknown,
    RemoteCommandFailed,
    ServerUnreachable,
)
from api.kit.lazy import lazy_module

if TYPE_CHECKING:
    import asyncssh
else:
    asyncssh = lazy_module("asyncssh")

log = structlog.get_logger(__name__)

CONNECT_TIMEOUT = 10.0
KEEPALIVE_INTERVAL = 15
KEEPALIVE_COUNT_MAX = 3
REMOTE_DOCKER_SOCKET = "/var/run/docker.sock"


LineSink = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class SSHTarget:
    host: str
    port: int
    username: str
    private_key: str  # OpenSSH text, decrypted only in memory
    host_key: str | None  # the trusted host public key (OpenSSH), None until confirmed


@dataclass(frozen=True)
class ScannedHostKey:
    public_key: str
    fingerprint: str


@dataclass(frozen=True)
class CommandResult:
    exit_status: int | None
    stdout: str
    stderr: str


async def scan_host_key(host: str, port: int, timeout: float = CONNECT_TIMEOUT) -> ScannedHostKey:
    """The key the server presents, for the operator to confirm (trust on first use)."""
    try:
        key = await asyncio.wait_for(
            asyncssh.get_server_host_key(host, port, server_host_key_algs=["ssh-ed25519"]),
            timeout,
        )
        if key is None:  # no ed25519 key: accept whatever the server prefers
            key = await asyncio.wait_for(asyncssh.get_server_host_key(host, port), timeout)
    except TimeoutError as exc:
        raise ServerUnreachable(f"{host}:{port} did not answer within {timeout:.0f}s") from exc
    except (OSError, asyncssh.Error) as exc:
        raise ServerUnreachable(f"{host}:{port}: {_describe(exc)}") from exc
    if key is None:
        raise ServerUnreachable(f"{host}:{port} presented no host key")
    return ScannedHostKey(
        key.export_public_key("openssh").decode().strip(), key.get_fingerprint("sha256")
    )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:300]


class SSHLink:
    """A live connection plus the forwarded Docker socket. Create with `open()`."""

    def __init__(
        self,
        target: SSHTarget,
        conn: asyncssh.SSHClientConnection,
        socket_path: Path,
        listener: asyncssh.SSHListener,
    ) -> None:
        self.target = target
        self._conn = conn
        self.docker_socket = socket_path
        self._listener = listener

    @classmethod
    async def open(
        cls, target: SSHTarget, socket_path: Path, timeout: float = CONNECT_TIMEOUT
    ) -> SSHLink:
        if target.host_key is None:
            raise HostKeyUnknown(
                f"no trusted host key for {target.host}: scan and confirm it first"
            )
        trusted = asyncssh.import_public_key(target.host_key)
        try:
            client_key = asyncssh.import_private_key(target.private_key)
            conn = await asyncio.wait_for(
                asyncssh.connect(
                    target.host,
                    target.port,
                    username=target.username,
                    client_keys=[client_key],
                    known_hosts=([trusted], [], []),
                    agent_path=None,
                    config=None,
                    keepalive_interval=KEEPALIVE_INTERVAL,
                    keepalive_count_max=KEEPALIVE_COUNT_MAX,
                    connect_timeout=timeout,
                    login_timeout=timeout,
                ),
                timeout,
            )
        except asyncssh.HostKeyNotVerifiable as exc:
            actual = await _safe_scan(target)
            raise HostKeyMismatch(trusted.get_fingerprint("sha256"), actual) from exc
        except asyncssh.PermissionDenied as exc:
            raise AuthenticationFailed(
                f"{target.username}@{target.host} refused our key: add the server's public key "
                "to that user's ~/.ssh/authorized_keys"
            ) from exc
        except TimeoutError as exc:
            raise ServerUnreachable(
                f"{target.host}:{target.port} did not answer within {timeout:.0f}s"
            ) from exc
        except (OSError, asyncssh.Error) as exc:
            raise ServerUnreachable(f"{target.host}:{target.port}: {_describe(exc)}") from exc
        try:
            # A stale socket file from a crashed process would make the bind fail.
            socket_path.unlink(missing_ok=True)  # noqa: ASYNC240 - metadata op on a private dir
            listener = await conn.forward_local_path(str(socket_path), REMOTE_DOCKER_SOCKET)
        except (OSError, asyncssh.Error) as exc:
            conn.close()
            raise ServerUnreachable(
                f"forwarding the Docker socket failed: {_describe(exc)}"
            ) from exc
        return cls(target, conn, socket_path, listener)

    @property
    def is_closed(self) -> bool:
        return self._conn.is_closed()

    async def run(
        self,
        argv: list[str],
        *,
        timeout: float = 60.0,
        check: bool = True,
        input: str | None = None,
    ) -> CommandResult:
        command = shlex.join(argv)
        try:
            result = await asyncio.wait_for(
                self._conn.run(command, check=False, input=input), timeout
            )
        except TimeoutError as exc:
            raise ServerUnreachable(f"`{argv[0]}` did not finish within {timeout:.0f}s") from exc
        except (OSError, asyncssh.Error) as exc:
            raise ServerUnreachable(f"running `{argv[0]}` failed: {_describe(exc)}") from exc
        if result.exit_status is None and result.exit_signal is None:
            # The channel closed without telling how the command ended: the connection
            # dropped under it. Not a command failure, and not safe to read as success.
            raise ServerUnreachable(
                f"{self.target.host}: connection lost while running `{argv[0]}`"
            )
        out = CommandResult(result.exit_status, _text(result.stdout), _text(result.stderr))
        if check and out.exit_status != 0:
            raise RemoteCommandFailed(argv, out.exit_status, out.stderr)
        return out

    async def stream(self, argv: list[str], on_line: LineSink, *, timeout: float) -> int | None:
        """Run a command, handing each line of its merged stdout/stderr to `on_line` as it
        comes; returns the exit status. For long commands whose output users watch live."""
        command = shlex.join(argv)
        try:
            async with asyncio.timeout(timeout):
                process = await self._conn.create_process(
                    command, stderr=asyncssh.STDOUT, encoding="utf-8", errors="replace"
                )
                try:
                    async for line in process.stdout:
                        await on_line(line.rstrip("\r\n"))
                    await process.wait(check=False)
                finally:
                    # No wait for the channel to close: sshd keeps it open until the remote
                    # command exits, which a stopped caller (a cancelled build, a timeout)
                    # must not wait for. The caller stops the command itself (by its PID).
                    process.close()
        except TimeoutError as exc:
            raise ServerUnreachable(f"`{argv[0]}` did not finish within {timeout:.0f}s") from exc
        except (OSError, asyncssh.Error) as exc:
            raise ServerUnreachable(f"running `{argv[0]}` failed: {_describe(exc)}") from exc
        if process.exit_status is None and process.exit_signal is None:
            raise ServerUnreachable(
                f"{self.target.host}: connection lost while running `{argv[0]}`"
            )
        return process.exit_status

    async def close(self) -> None:
        self._listener.close()
        self._conn.close()
        with contextlib.suppress(TimeoutError, OSError, asyncssh.Error):
            await asyncio.wait_for(self._conn.wait_closed(), 5)
        self.docker_socket.unlink(missing_ok=True)


async def _safe_scan(target: SSHTarget) -> str | None:
    try:
        return (await scan_host_key(target.host, target.port)).fingerprint
    except ServerUnreachable:
        return None


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data
