"""Side services in the root namespace, bound to the bridge's gateway address.

Hosts reach them as they would reach a company registry or an S3 endpoint; tests in the
root namespace reach them too. A new service (pebble, moto, git, ...) is one subclass of
SideService registered in SERVICE_TYPES: the test bed starts it before the hosts (so its
HostSettings land in every host's config), waits for it, exports its env() into the env
file, and stops it by the PIDs it recorded.
"""

from __future__ import annotations

import http.client
import json
import ssl
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import tls
from .hosts import HostSettings
from .proc import SYSTEM_PATH, Argv, PidTable, ProcRef, is_running, log_tail, run, wait_until


@dataclass(frozen=True)
class ServiceContext:
    gateway: str  # the bridge address every service binds to
    directory: Path  # <root>/services: each service owns <directory>/<name>
    logs: Path
    pids: PidTable


class SideService(ABC):
    name: ClassVar[str]

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def workdir(self) -> Path:
        return self.ctx.directory / self.name

    def host_settings(self) -> HostSettings:
        """Configuration every test host needs to use this service."""
        return HostSettings()

    @abstractmethod
    def start(self) -> None:
        """Write config and spawn the daemon(s) with ``spawn``; do not wait here."""

    @abstractmethod
    def ready(self) -> bool:
        """One cheap probe: does the service answer yet?"""

    def env(self) -> dict[str, str]:
        """TB_* variables for the env file."""
        return {}

    # -------------------------------------------------------------- shared machinery
    def _pid_name(self, suffix: str = "") -> str:
        # "." cannot occur in a service name, so "registry" never claims "registry-tls"'s PIDs
        return f"svc-{self.name}{'.' + suffix if suffix else ''}"

    def _own_pid_names(self) -> list[str]:
        base = self._pid_name()
        return [n for n in self.ctx.pids.names(base) if n == base or n.startswith(base + ".")]

    def log_file(self, suffix: str = "") -> Path:
        return self.ctx.logs / f"{self._pid_name(suffix)}.log"

    def spawn(
        self, argv: Argv, *, suffix: str = "", env: Mapping[str, str] | None = None
    ) -> ProcRef:
        return self.ctx.pids.spawn(
            self._pid_name(suffix),
            argv,
            log_file=self.log_file(suffix),
            env=env or {"PATH": SYSTEM_PATH},
        )

    def wait_ready(self, timeout: float = 15) -> None:
        def died() -> str | None:
            for name in self._own_pid_names():
                ref = self.ctx.pids.get(name)
                if ref is not None and not is_running(ref):
                    return (
                        f"{name} exited; last log lines:\n{log_tail(self.ctx.logs / f'{name}.log')}"
                    )
            return None

        wait_until(self.ready, timeout=timeout, what=f"service {self.name}", abort=died)

    def stop(self) -> None:
        """Stop by recorded PIDs; a service needing a gentler stop (pg_ctl) overrides this."""
        self.ctx.pids.stop(self._own_pid_names(), timeout=10)


def http_status(
    host: str,
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    timeout: float = 2,
) -> int | None:
    """Plain HTTP request without proxies (urllib would honour http_proxy) -> status or None."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, headers=dict(headers or {}))
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


class Registry(SideService):
    """Debian's docker-registry (distribution 2.8), plain HTTP, insecure on every host."""

    name = "registry"
    port = 5000

    @property
    def address(self) -> str:
        return f"{self.ctx.gateway}:{self.port}"

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    def host_settings(self) -> HostSettings:
        return HostSettings(insecure_registries=(self.address,))

    def has_manifest(self, repository: str, tag: str) -> bool:
        status = http_status(
            self.ctx.gateway,
            self.port,
            f"/v2/{repository}/manifests/{tag}",
            method="HEAD",
            headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"},
        )
        return status == 200

    def start(self) -> None:
        data = self.data_dir
        data.mkdir(parents=True, exist_ok=True)
        config = {
            "version": 0.1,
            "log": {"level": "warn"},
            "storage": {"filesystem": {"rootdirectory": str(data)}, "delete": {"enabled": True}},
            "http": {"addr": self.address},
        }
        path = self.workdir / "config.yml"
        path.write_text(json.dumps(config, indent=2) + "\n")  # JSON is valid YAML
        self.spawn(["docker-registry", "serve", path])

    def ready(self) -> bool:
        return http_status(self.ctx.gateway, self.port, "/v2/") == 200

    def env(self) -> dict[str, str]:
        return {"TB_REGISTRY": self.address}


class PrivateRegistry(Registry):
    """The same registry behind TLS (a per-run test CA) and bcrypt htpasswd: a private
    registry as a company runs it. Hosts trust the CA through docker's certs.d, for this
    registry only; anonymous pulls are refused."""

    name = "registry-tls"
    port = 5443
    username = "tbuser"
    password = "tbpass"  # a throwaway account of a throwaway registry

    @property
    def tls_dir(self) -> Path:
        return self.workdir / "tls"

    @property
    def ca_file(self) -> Path:
        return self.tls_dir / "ca.pem"

    def host_settings(self) -> HostSettings:
        return HostSettings(registry_cas=((self.address, self.ca_file.read_text()),))

    def has_manifest(self, repository: str, tag: str) -> bool:
        raise NotImplementedError("the private registry needs credentials; not used here")

    def start(self) -> None:
        data = self.data_dir
        data.mkdir(parents=True, exist_ok=True)
        files = tls.issue(self.tls_dir, self.ctx.gateway)
        # bcrypt: distribution's htpasswd backend accepts nothing else
        htpasswd = run(["htpasswd", "-Bbn", self.username, self.password]).stdout
        (self.workdir / "htpasswd").write_text(htpasswd.strip() + "\n")
        config = {
            "version": 0.1,
            "log": {"level": "warn"},
            "storage": {"filesystem": {"rootdirectory": str(data)}, "delete": {"enabled": True}},
            "http": {
                "addr": self.address,
                "tls": {"certificate": str(files.certificate), "key": str(files.key)},
            },
            "auth": {
                "htpasswd": {"realm": "berth-testbed", "path": str(self.workdir / "htpasswd")}
            },
        }
        path = self.workdir / "config.yml"
        path.write_text(json.dumps(config, indent=2) + "\n")  # JSON is valid YAML
        self.spawn(["docker-registry", "serve", path])

    def ready(self) -> bool:
        # 401 is the healthy answer: it proves TLS and the auth layer are both up.
        context = ssl.create_default_context(cafile=str(self.ca_file))
        conn = http.client.HTTPSConnection(self.ctx.gateway, self.port, timeout=2, context=context)
        try:
            conn.request("GET", "/v2/")
            return conn.getresponse().status == 401
        except OSError:
            return False
        finally:
            conn.close()

    def env(self) -> dict[str, str]:
        return {
            "TB_PRIVATE_REGISTRY": self.address,
            "TB_PRIVATE_REGISTRY_CA": str(self.ca_file),
            "TB_PRIVATE_REGISTRY_USER": self.username,
            "TB_PRIVATE_REGISTRY_PASSWORD": self.password,
        }


SERVICE_TYPES: dict[str, type[SideService]] = {cls.name: cls for cls in (Registry, PrivateRegistry)}
DEFAULT_SERVICES: Sequence[str] = ("registry", "registry-tls")
