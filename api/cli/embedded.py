"""The embedded default: PostgreSQL and Redis started from the machine's own binaries.

Used by `make run` (data kept under the project's data folder) and by the test suite
(throw-away folders, random ports). PostgreSQL refuses to run as root, so as root it runs
as the `postgres` system user that Debian's package creates.
"""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

_START_TIMEOUT = 60.0


class EmbeddedError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_port(port: int, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise EmbeddedError(f"process exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise EmbeddedError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f}s")


def postgres_bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        on_path = shutil.which("initdb")
        if on_path:
            return Path(on_path).parent
        raise EmbeddedError("PostgreSQL binaries not found: install the 'postgresql' package")
    return Path(found[-1]).parent


def _as_pg_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def _traversable_by(user: str, path: Path) -> bool:
    pw = pwd.getpwnam(user)
    for parent in [path, *path.parents]:
        if not parent.exists():
            continue
        st = parent.stat()
        if st.st_uid == pw.pw_uid:
            continue
        if not st.st_mode & 0o001:
            return False
    return True


@dataclass
class EmbeddedPostgres:
    data_root: Path
    port: int
    durable: bool = True  # False in tests: fsync off, much faster, nothing to keep
    allow_createdb: bool = False  # tests create scratch databases (migration round trips)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    database: str = "berth"
    user: str = "berth"

    def __post_init__(self) -> None:
        self.data_root = self.data_root.absolute()
        if os.geteuid() == 0 and not _traversable_by("postgres", self.data_root):
            # e.g. a clone under /root: the postgres user can't reach it, so keep the
            # cluster in a root-owned-but-traversable place keyed by the project path.
            key = hashlib.sha256(str(self.data_root).encode()).hexdigest()[:12]
            self.data_root = Path("/var/lib/berth") / key
        self.data_dir = self.data_root / "data"
        self.log_file = self.data_root / "postgres.log"
        self.password_file = self.data_root / "berth.password"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def _pg(self, tool: str) -> str:
        return str(postgres_bin_dir() / tool)

    def _prepare_root(self) -> None:
        self.data_root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.data_root, pw.pw_uid, pw.pw_gid)

    def start(self) -> None:
        self._prepare_root()
        if self.password_file.exists():
            self.password = self.password_file.read_text().strip()
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        options = [
            f"-p {self.port}",
            "-h 127.0.0.1",
            "-c unix_socket_directories=''",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        subprocess.run(
            _as_pg_user(
                [
                    self._pg("pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-w",
                    "-t",
                    str(int(_START_TIMEOUT)),
                    "-o",
                    " ".join(options),
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _wait_port(self.port, _START_TIMEOUT)

    def _initdb(self) -> None:
        superuser_pw = secrets.token_urlsafe(24)
        pwfile = self.data_root / "initdb.pw"
        pwfile.write_text(superuser_pw)
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        pwfile.chmod(0o600)
        try:
            subprocess.run(
                _as_pg_user(
                    [
                        self._pg("initdb"),
                        "-D",
                        str(self.data_dir),
                        "-U",
                        "postgres",
                        f"--pwfile={pwfile}",
                        "--auth-local=peer",
                        "--auth-host=scram-sha-256",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        # Create the application role and database in single-user mode: no network, no
        # superuser password to keep around afterwards.
        sql = (
            f"CREATE ROLE {self.user} LOGIN {'CREATEDB' if self.allow_createdb else ''}"
            f" PASSWORD '{self.password}';\n"
            f"CREATE DATABASE {self.database} OWNER {self.user};\n"
        )
        single = subprocess.run(
            _as_pg_user([self._pg("postgres"), "--single", "-D", str(self.data_dir), "postgres"]),
            input=sql.encode(),
            capture_output=True,
            check=False,
        )
        if single.returncode != 0:
            raise EmbeddedError(f"creating the berth role failed: {single.stderr.decode()[-2000:]}")
        self.password_file.write_text(self.password)
        self.password_file.chmod(0o600)

    def stop(self) -> None:
        if not (self.data_dir / "postmaster.pid").exists():
            return
        subprocess.run(
            _as_pg_user([self._pg("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@dataclass
class EmbeddedRedis:
    data_dir: Path
    port: int
    durable: bool = True
    password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise EmbeddedError("redis-server not found: install the 'redis-server' package")
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        pw_file = self.data_dir / "redis.password"
        if pw_file.exists():
            self.password = pw_file.read_text().strip()
        else:
            pw_file.write_text(self.password)
            pw_file.chmod(0o600)
        # A config file, not argv: the password must not show up in `ps`.
        conf = self.data_dir / "redis.conf"
        conf.write_text(
            "\n".join(
                [
                    f"port {self.port}",
                    "bind 127.0.0.1",
                    f"dir {self.data_dir}",
                    "daemonize no",
                    f"requirepass {self.password}",
                    'save ""',
                    f"appendonly {'yes' if self.durable else 'no'}",
                    f"logfile {self.data_dir / 'redis.log'}",
                ]
            )
            + "\n"
        )
        conf.chmod(0o600)
        argv = [binary, str(conf)]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port, _START_TIMEOUT, self.proc)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None
