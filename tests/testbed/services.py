"""Side services in the root namespace, bound to the bridge's gateway address.

Hosts reach them as they would reach a company registry or an S3 endpoint; tests in the
root namespace reach them too. A new service (pebble, moto, git, ...) is one subclass of
SideService registered in SERVICE_TYPES: the test bed starts it before the hosts (so its
HostSettings land in every host's config), waits for it, exports its env() into the env
file, and stops it by the PIDs it recorded.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import socket
import ssl
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import tls
from .hosts import HostSettings
from .proc import (
    SYSTEM_PATH,
    Argv,
    PidTable,
    ProcRef,
    is_running,
    log_tail,
    run,
    wait_until,
)


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


class GitDaemon(SideService):
    """`git daemon` serving bare repositories over git:// (read-only), as a company's git
    server would. Tests create repositories with `create_repo` and push commits to them."""

    name = "git"
    port = 9418

    @property
    def repos(self) -> Path:
        return self.workdir / "repos"

    def url(self, repo: str) -> str:
        return f"git://{self.ctx.gateway}:{self.port}/{repo}.git"

    def start(self) -> None:
        self.repos.mkdir(parents=True, exist_ok=True)
        self.spawn(
            [
                "git",
                "daemon",
                "--reuseaddr",
                f"--listen={self.ctx.gateway}",
                f"--port={self.port}",
                f"--base-path={self.repos}",
                "--export-all",
                str(self.repos),
            ]
        )

    def ready(self) -> bool:
        try:
            with socket.create_connection((self.ctx.gateway, self.port), timeout=1):
                return True
        except OSError:
            return False

    def create_repo(self, repo: str, files: Path, *, branch: str = "main") -> str:
        """A bare repository whose first commit on `branch` holds the tree at `files`;
        returns the commit id."""
        bare = self.repos / f"{repo}.git"
        run(["git", "init", "-q", "--bare", "-b", branch, str(bare)])
        return self.commit(repo, files, branch=branch, message="initial")

    def commit(
        self, repo: str, files: Path, *, branch: str = "main", message: str = "update"
    ) -> str:
        """Replace the branch's tree with `files` in a new commit; returns its id."""
        bare = self.repos / f"{repo}.git"
        env = {
            "PATH": SYSTEM_PATH,
            "GIT_DIR": str(bare),
            "GIT_WORK_TREE": str(files),
            "GIT_INDEX_FILE": str(bare / f"index-{branch.replace('/', '-')}"),
            "GIT_AUTHOR_NAME": "testbed",
            "GIT_AUTHOR_EMAIL": "testbed@example.test",
            "GIT_COMMITTER_NAME": "testbed",
            "GIT_COMMITTER_EMAIL": "testbed@example.test",
        }
        run(["git", "add", "-A", "."], env=env, cwd=files)
        tree = run(["git", "write-tree"], env=env).stdout.strip()
        parent = run(
            ["git", "rev-parse", "-q", "--verify", f"refs/heads/{branch}"], env=env, check=False
        )
        argv = ["git", "commit-tree", tree, "-m", message]
        if parent.returncode == 0:
            argv += ["-p", parent.stdout.strip()]
        sha = run(argv, env=env).stdout.strip()
        run(["git", "update-ref", f"refs/heads/{branch}", sha], env=env)
        return sha

    def env(self) -> dict[str, str]:
        return {"TB_GIT": f"git://{self.ctx.gateway}:{self.port}"}


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
        """HEAD the manifest over TLS (trusting this run's CA), with the registry's user."""
        context = ssl.create_default_context(cafile=str(self.ca_file))
        conn = http.client.HTTPSConnection(self.ctx.gateway, self.port, context=context, timeout=5)
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        try:
            conn.request(
                "HEAD",
                f"/v2/{repository}/manifests/{tag}",
                headers={
                    "Authorization": f"Basic {token}",
                    "Accept": "application/vnd.docker.distribution.manifest.v2+json",
                },
            )
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

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


class ChallTestSrv(SideService):
    """pebble-challtestsrv as the mock DNS pebble resolves names with: every name answers
    with host 1's address unless a test adds an A record (`POST /add-a` on the management
    port). Its own challenge responders are off: the proxy under test answers challenges."""

    name = "challtestsrv"
    dns_port = 8053
    management_port = 8055

    def start(self) -> None:
        first_host = str(ipaddress.ip_address(self.ctx.gateway) + 1)
        gw = self.ctx.gateway
        self.spawn(
            ["pebble-challtestsrv", "-defaultIPv4", first_host, "-defaultIPv6", "",
             "-dns01", f"{gw}:{self.dns_port}", "-http01", "", "-https01", "",
             "-tlsalpn01", "", "-management", f"{gw}:{self.management_port}"]
        )  # fmt: skip

    def ready(self) -> bool:
        return http_status(self.ctx.gateway, self.management_port, "/", method="GET") is not None

    def env(self) -> dict[str, str]:
        return {
            "TB_DNS_SERVER": f"{self.ctx.gateway}:{self.dns_port}",
            "TB_DNS_MGMT": f"http://{self.ctx.gateway}:{self.management_port}",
        }


class Pebble(SideService):
    """Let's Encrypt's test CA: real HTTP-01 / TLS-ALPN-01 validation against the hosts.

    Its directory is served over TLS with a certificate from a CA made here (`ca.pem`, which
    clients such as the proxy must trust); the CA that *issues* certificates is pebble's own,
    new at every start (`GET :15000/roots/0`)."""

    name = "pebble"
    port = 14000
    management_port = 15000

    @property
    def ca_file(self) -> Path:
        return self.workdir / "ca.pem"

    @property
    def directory(self) -> str:
        return f"https://{self.ctx.gateway}:{self.port}/dir"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        files = tls.issue(self.workdir, self.ctx.gateway)  # ca.pem, server.pem, server.key
        cert, key = files.certificate, files.key
        gw = self.ctx.gateway
        config = {
            "pebble": {
                "listenAddress": f"{gw}:{self.port}",
                "managementListenAddress": f"{gw}:{self.management_port}",
                "certificate": str(cert),
                "privateKey": str(key),
                "httpPort": 80,
                "tlsPort": 443,
                "ocspResponderURL": "",
                "externalAccountBindingRequired": False,
            }
        }
        path = self.workdir / "pebble-config.json"
        path.write_text(json.dumps(config, indent=2) + "\n")
        env = {
            "PATH": SYSTEM_PATH,
            # No random 0-15 s sleep before each validation, and no rejected first nonce.
            "PEBBLE_VA_NOSLEEP": "1",
            "PEBBLE_WFE_NONCEREJECT": "0",
        }
        dns = f"{gw}:{ChallTestSrv.dns_port}"
        self.spawn(["pebble", "-config", path, "-dnsserver", dns], env=env)

    def ready(self) -> bool:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        conn = http.client.HTTPSConnection(self.ctx.gateway, self.port, timeout=2, context=context)
        try:
            conn.request("GET", "/dir")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def env(self) -> dict[str, str]:
        return {
            "TB_ACME_DIRECTORY": self.directory,
            "TB_ACME_TLS_CA": str(self.ca_file),
            "TB_ACME_MGMT": f"https://{self.ctx.gateway}:{self.management_port}",
        }


SERVICE_TYPES: dict[str, type[SideService]] = {
    cls.name: cls for cls in (Registry, PrivateRegistry, GitDaemon, ChallTestSrv, Pebble)
}


def _register_storage() -> None:
    # Storage servers live in storage.py (it imports this module); registered here so a
    # bed's state can name them and down() stops them like any other service.
    from .storage import STORAGE_SERVICES  # noqa: PLC0415

    SERVICE_TYPES.update({cls.name: cls for cls in STORAGE_SERVICES})


_register_storage()
DEFAULT_SERVICES: Sequence[str] = ("registry", "registry-tls", "git", "challtestsrv", "pebble")
