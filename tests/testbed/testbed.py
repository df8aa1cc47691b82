"""The test bed as a whole: up, down, attach, and the fault-injection helpers tests use.

Layout of ``root`` (default ``/tmp/berth-testbed-<bridge>``)::

    .berth-testbed   marker: only a directory holding it is ever deleted by down()
    state.json       the plan (bridge, subnet, hosts, services) written *before* anything is
                     created, then what was built: down() after a crash reads it
    env              sourceable TB_* variables
    pids/ logs/      one pid file and one log per daemon
    keys/            client key, known_hosts, ssh_config;  bin/ssh  wrapper for docker -H ssh://
    ns/              private bind mount holding the hosts' mount/UTS namespace files
    hosts/tbN/       each host's overlay upper dirs, /run, /tmp, /var/lib/docker
    services/ images/
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shlex
import shutil
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

from . import daemons, images, network
from . import hosts as hostlib
from .hosts import Host, HostSettings
from .packages import ensure_packages
from .proc import PidTable, TestbedError, is_running, run, wait_until
from .services import (
    DEFAULT_SERVICES,
    SERVICE_TYPES,
    PrivateRegistry,
    Registry,
    ServiceContext,
    SideService,
)

log = logging.getLogger("berth.testbed")

MARKER = ".berth-testbed"
STATE_VERSION = 1
DEFAULT_BRIDGE = "brtb0"
DEFAULT_SUBNET = "10.214.0.0/24"


def default_root(bridge: str = DEFAULT_BRIDGE) -> Path:
    # under /tmp: a machine reboot clears whatever a crash left behind
    return Path(f"/tmp/berth-testbed-{bridge}")  # noqa: S108


class Testbed:
    """N test hosts + side services + images. Synchronous: from an async fixture, call
    ``await asyncio.to_thread(tb.up)``."""

    __test__ = False  # pytest: not a test class

    def __init__(
        self,
        root: Path | str | None = None,
        *,
        hosts: int = 2,
        subnet: str = DEFAULT_SUBNET,
        bridge: str = DEFAULT_BRIDGE,
        swarm: bool = True,
        images: bool = True,
        traefik: bool = True,
        services: Sequence[str] = DEFAULT_SERVICES,
        install_packages: bool = True,
        cache_dir: Path | str = images.DEFAULT_CACHE_DIR,
    ) -> None:
        if hosts < 1:
            raise TestbedError("a test bed needs at least one host")
        unknown = set(services) - set(SERVICE_TYPES)
        if unknown:
            raise TestbedError(
                f"unknown services {sorted(unknown)}; known: {sorted(SERVICE_TYPES)}"
            )
        self.root = Path(root) if root is not None else default_root(bridge)
        self.subnet = network.Subnet.parse(subnet)
        self.bridge = bridge
        self.host_count = hosts
        self.swarm = swarm
        self.build_images = images
        self.build_traefik = traefik and images
        self.service_names = tuple(services)
        self.install_packages = install_packages
        self.cache_dir = Path(cache_dir)
        self.pids = PidTable(self.root / "pids")
        self.hosts: list[Host] = []
        self.services: dict[str, SideService] = {}
        self.app_images: dict[str, str] = {}
        # the app image in the private registry (registry-tls): {"v1": ref}
        self.private_images: dict[str, str] = {}
        self.traefik_image: str | None = None
        self._owner_fd: int | None = None
        self.timings: dict[str, float] = {}

    # -------------------------------------------------------------- paths
    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def client_key(self) -> Path:
        return self.keys / "id_ed25519"

    @property
    def known_hosts(self) -> Path:
        return self.keys / "known_hosts"

    @property
    def ssh_config(self) -> Path:
        return self.keys / "ssh_config"

    @property
    def env_file(self) -> Path:
        return self.root / "env"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def ns_dir(self) -> Path:
        return self.root / "ns"

    @property
    def gateway(self) -> str:
        return self.subnet.gateway

    @property
    def registry(self) -> str:
        """``<gateway>:5000``, the plain-HTTP registry every host trusts."""
        return self._registry_service().address

    def host(self, which: int | str) -> Host:
        """By 1-based index (``tb.host(1)``) or by name (``tb.host("tb2")``)."""
        for h in self.hosts:
            if which in (h.index, h.name):
                return h
        raise KeyError(which)

    # -------------------------------------------------------------- lifecycle
    def __enter__(self) -> Testbed:
        return self.up()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.down()

    def up(self) -> Testbed:
        """Bring everything up; on any failure tear down what was started (logs are kept)."""
        if os.geteuid() != 0:
            raise TestbedError("the test bed needs root (namespaces, mounts, iptables)")
        started = time.monotonic()
        if self.install_packages:
            with self._step("packages"):
                ensure_packages()
        self._take_ownership()
        self._clear_previous_run()
        network.check_bridge_name(self.bridge, self.host_count)
        network.check_free(self.bridge, self.subnet)
        try:
            self._up()
        except BaseException:
            log.error("test bed failed to come up; tearing down (logs kept in %s)", self.logs)
            with contextlib.suppress(Exception):
                self.down(keep_files=True)
            raise
        self.timings["up"] = time.monotonic() - started
        log.info("test bed up in %.1fs: . %s", self.timings["up"], self.env_file)
        return self

    def _up(self) -> None:
        self._plan()
        with ThreadPoolExecutor(max_workers=max(2, self.host_count)) as pool:
            traefik_binary: Future[Path] | None = None
            traefik_restored = False
            if self.build_traefik:
                # a cached registry snapshot spares the ~10 s push; else the download (pip, on
                # a cold cache) overlaps with the hosts booting
                traefik_restored = images.restore_snapshot(
                    self._traefik_snapshot(), self._registry_service().data_dir
                )
                if not traefik_restored:
                    traefik_binary = pool.submit(images.fetch_traefik, self.cache_dir)
            with self._step("network + keys"):
                self._make_keys()
                network.create_bridge(self.bridge, self.subnet)
                network.allow_forwarding(self.bridge)
                self._mount_ns_dir()
            with self._step("services started"):
                for service in self.services.values():
                    service.start()
            with self._step("hosts created"):
                settings = HostSettings()
                for service in self.services.values():
                    settings = settings.merge(service.host_settings())
                for host in self.hosts:
                    self._create_host(host, settings)
                self._write_ssh_files()
            with self._step("hosts ready (sshd + dockerd)"):
                for host in self.hosts:
                    daemons.wait_sshd(host, self.pids, self.logs)
                for host in self.hosts:
                    daemons.wait_dockerd(host, self.pids, self.logs)
            if self.swarm:
                with self._step("swarm init"):
                    list(pool.map(self._swarm_init, self.hosts))
            with self._step("services ready"):
                for service in self.services.values():
                    service.wait_ready()
            if self.build_images:
                with self._step("images"):
                    # app images on host 1 while traefik builds on the last host
                    app = pool.submit(self._build_app_images)
                    if self.build_traefik:
                        self._traefik_image(traefik_restored, traefik_binary)
                    app.result(timeout=900)
        self._save_state(phase="up")
        self._write_env()

    def _build_app_images(self) -> None:
        self.app_images = images.build_app_images(
            self.hosts[0], self.registry, self.root / "images"
        )
        private = self.services.get("registry-tls")
        if isinstance(private, PrivateRegistry):
            self.private_images["v1"] = images.push_private(
                self.hosts[0],
                self.app_images["v1"],
                f"{private.address}/tbapp:v1",
                registry=private.address,
                username=private.username,
                password=private.password,
            )

    def _traefik_image(self, restored: bool, binary: Future[Path] | None) -> None:
        registry = self._registry_service()
        tag = f"v{images.TRAEFIK_VERSION}"
        if restored and registry.has_manifest("traefik", tag):
            self.traefik_image = f"{registry.address}/traefik:{tag}"
            return
        path = binary.result(timeout=900) if binary else images.fetch_traefik(self.cache_dir)
        self.traefik_image = images.build_traefik_image(
            self.hosts[-1], registry.address, self.root / "images", path
        )
        images.save_snapshot(registry.data_dir, "traefik", self._traefik_snapshot())

    def _traefik_snapshot(self) -> Path:
        return images.traefik_snapshot(
            self.cache_dir, images.TRAEFIK_VERSION, images.traefik_bundle()
        )

    def _registry_service(self) -> Registry:
        service = self.services.get("registry")
        if not isinstance(service, Registry):
            raise TestbedError("images need the registry service")
        return service

    def ensure_service(self, name: str, *, timeout: float = 30) -> SideService:
        """Start a side service on a running bed if it is not running yet (the storage
        servers start on first use); recorded in the state so down() stops it."""
        if name not in SERVICE_TYPES:
            raise TestbedError(f"unknown service {name!r}; known: {sorted(SERVICE_TYPES)}")
        service = self.services.get(name)
        if service is None:
            service = SERVICE_TYPES[name](self._service_context())
        if not service.ready():
            self.services[name] = service
            self._save_state(phase="up")
            service.start()
            service.wait_ready(timeout=timeout)
        self.services[name] = service
        return service

    def down(self, *, keep_files: bool = False, _release: bool = True) -> None:
        """Stop and remove everything a run with this root created. Idempotent; also
        cleans up after a crashed run. Errors are collected and raised at the end, so one
        failing step never leaves the others undone."""
        started = time.monotonic()
        if not self.root.exists():
            return
        if not (self.root / MARKER).exists():
            raise TestbedError(f"{self.root} is not a test bed directory (no {MARKER})")
        state = self._load_state()
        errors: list[str] = []
        ctx = self._service_context()
        if state is not None:
            with _collect(errors, "stop services"):
                for name in state.get("services", []):
                    if name in SERVICE_TYPES:
                        SERVICE_TYPES[name](ctx).stop()
        with _collect(errors, "stop leftover services"):
            self.pids.stop(self.pids.names("svc-"), timeout=10)
        hosts = [Host.from_dict(h) for h in state.get("hosts", [])] if state else []
        with _collect(errors, "tear down hosts"):
            hostlib.teardown(hosts, self.pids)
        with _collect(errors, "unmount ns dir"):
            if str(self.ns_dir) in hostlib.mounted_points():
                run(["umount", self.ns_dir])
        if state is not None:
            bridge = str(state["bridge"])
            with _collect(errors, "iptables"):
                network.remove_forwarding(bridge)
            with _collect(errors, "bridge"):
                for host in hosts:
                    network.delete_link(host.veth)
                network.delete_link(bridge)
        with _collect(errors, "stop leftover processes"):
            self.pids.stop(self.pids.names(), timeout=10)
        if not keep_files:
            with _collect(errors, "remove files"):
                self._remove_root()
        self.hosts = []
        self.timings["down"] = time.monotonic() - started
        if _release:
            self._release_ownership()
        if errors:
            raise TestbedError("test bed teardown incomplete:\n" + "\n".join(errors))
        log.info("test bed down in %.1fs", self.timings["down"])

    @classmethod
    def attach(cls, root: Path | str) -> Testbed:
        """A handle on a test bed another process brought up (e.g. ``make testbed-up``)."""
        root = Path(root)
        state = json.loads((root / "state.json").read_text())
        if state.get("phase") != "up":
            raise TestbedError(f"test bed at {root} is not up (phase {state.get('phase')!r})")
        cfg = state["config"]
        tb = cls(
            root,
            hosts=len(state["hosts"]),
            subnet=state["subnet"],
            bridge=state["bridge"],
            swarm=cfg["swarm"],
            images=cfg["images"],
            traefik=cfg["traefik"],
            services=state["services"],
            install_packages=False,
            cache_dir=cfg["cache_dir"],
        )
        tb.hosts = [Host.from_dict(h) for h in state["hosts"]]
        tb.services = {n: SERVICE_TYPES[n](tb._service_context()) for n in state["services"]}
        tb.app_images = dict(state.get("app_images", {}))
        tb.private_images = dict(state.get("private_images", {}))
        tb.traefik_image = state.get("traefik_image")
        return tb

    def status(self) -> dict[str, Any]:
        """What is running, for the CLI and for debugging a fixture."""
        state = self._load_state() if self.root.exists() else None
        if state is None:
            return {"root": str(self.root), "phase": "absent"}
        report: dict[str, Any] = {
            "root": str(self.root),
            "phase": state.get("phase"),
            "bridge": state["bridge"],
            "bridge_exists": network.link_exists(state["bridge"]),
            "env": str(self.env_file) if self.env_file.exists() else None,
            "processes": {name: _alive(self.pids, name) for name in self.pids.names()},
            "hosts": {},
        }
        for data in state.get("hosts", []):
            host = Host.from_dict(data)
            report["hosts"][host.name] = {
                "ip": host.ip,
                "netns": host.net_ns.exists(),
                "sshd": daemons.sshd_ready(host),
                "docker": daemons.docker_ping(host.docker_socket),
            }
        return report

    # -------------------------------------------------------------- helpers for tests
    def restart_dockerd(self, host: Host, *, timeout: float = 60) -> None:
        """Stop the host's dockerd (its containers stop too) and start it again."""
        daemons.stop_dockerd(host, self.pids)
        daemons.start_dockerd(host, self.pids, self.logs)
        daemons.wait_dockerd(host, self.pids, self.logs, timeout=timeout)
        if self.swarm:
            # dockerd answers /_ping before swarm has rejoined; tests want a usable manager
            wait_until(
                lambda: _swarm_state(host) == "active",
                timeout=timeout,
                what=f"swarm on {host.name} after dockerd restart",
                interval=0.2,
            )

    def stop_sshd(self, host: Host) -> None:
        """Stop the sshd listener: new connections are refused, live ones keep going."""
        daemons.stop_sshd(host, self.pids)

    def start_sshd(self, host: Host, *, timeout: float = 15) -> None:
        if _alive(self.pids, host.pid_name("sshd")):
            return
        daemons.start_sshd(host, self.pids, self.logs)
        daemons.wait_sshd(host, self.pids, self.logs, timeout=timeout)

    def regenerate_host_key(self, host: Host) -> str:
        """New host key served by sshd; known_hosts and state follow. Returns the new line."""
        daemons.regenerate_host_key(host, self.pids)
        self._write_ssh_files()
        self._save_state(phase="up")
        return host.known_hosts_line

    def kill_ssh_connections(self, host: Host) -> int:
        """Drop every SSH connection to the host (the listener stays); returns processes killed."""
        return daemons.kill_ssh_connections(host, self.pids)

    # -------------------------------------------------------------- internals
    @contextlib.contextmanager
    def _step(self, what: str) -> Iterator[None]:
        started = time.monotonic()
        yield
        self.timings[what] = time.monotonic() - started
        log.info("%-30s %5.2fs", what, self.timings[what])

    def _service_context(self) -> ServiceContext:
        return ServiceContext(
            gateway=self.gateway,
            directory=self.root / "services",
            logs=self.logs,
            pids=self.pids,
        )

    def _take_ownership(self) -> None:
        """One live run per root: a second `up` must fail, not tear a running bed down.

        The lock is an flock held for the life of this process, so a crashed run's bed
        (lock released by the kernel) is still cleaned up by the next `up`.
        """
        self.root.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.root.parent / f".{self.root.name}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise TestbedError(
                f"the test bed in {self.root} is in use by another live run; "
                "use another bridge/root, or attach to it with BERTH_TESTBED_ROOT"
            ) from None
        self._owner_fd = fd

    def _release_ownership(self) -> None:
        fd = self._owner_fd
        if fd is not None:
            os.close(fd)  # closing releases the flock
            self._owner_fd = None

    def _clear_previous_run(self) -> None:
        if not self.root.exists() or not any(self.root.iterdir()):
            return
        if not (self.root / MARKER).exists():
            raise TestbedError(f"{self.root} exists, is not empty and is not a test bed directory")
        log.info("leftovers of an earlier run in %s: tearing them down first", self.root)
        self.down(_release=False)

    def _plan(self) -> None:
        """Decide every name, then write state.json before creating anything at all."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / MARKER).touch()
        for sub in ("pids", "logs", "keys", "bin", "hosts", "services", "ns"):
            (self.root / sub).mkdir(exist_ok=True)
        ctx = self._service_context()
        self.services = {name: SERVICE_TYPES[name](ctx) for name in self.service_names}
        self.hosts = [
            Host(
                index=i,
                name=f"tb{i}",
                ip=self.subnet.host_ip(i),
                netns=f"{self.bridge}-tb{i}",
                veth=f"{self.bridge}-tb{i}",
                dir=self.root / "hosts" / f"tb{i}",
                ns_dir=self.ns_dir,
                client_key=self.client_key,
                ssh_config=self.ssh_config,
                known_hosts=self.known_hosts,
            )
            for i in range(1, self.host_count + 1)
        ]
        self._save_state(phase="starting")

    def _save_state(self, *, phase: str) -> None:
        state = {
            "version": STATE_VERSION,
            "phase": phase,
            "bridge": self.bridge,
            "subnet": str(self.subnet.network),
            "services": list(self.services),
            "hosts": [h.to_dict() for h in self.hosts],
            "app_images": self.app_images,
            "private_images": self.private_images,
            "traefik_image": self.traefik_image,
            "config": {
                "swarm": self.swarm,
                "images": self.build_images,
                "traefik": self.build_traefik,
                "cache_dir": str(self.cache_dir),
            },
        }
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2) + "\n")
        tmp.replace(self.state_file)

    def _load_state(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self.state_file.read_text())
        except FileNotFoundError:
            return None
        except ValueError as exc:
            raise TestbedError(f"{self.state_file} is corrupt: {exc}") from exc
        return data

    def _make_keys(self) -> None:
        for f in (self.client_key, self.client_key.with_suffix(".pub")):
            f.unlink(missing_ok=True)
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "berth-testbed",
             "-f", self.client_key])  # fmt: skip

    def _mount_ns_dir(self) -> None:
        # `unshare --mount=FILE` refuses a FILE on a shared mount: give ns/ a private one
        if str(self.ns_dir) not in hostlib.mounted_points():
            run(["mount", "--bind", self.ns_dir, self.ns_dir])
            run(["mount", "--make-private", self.ns_dir])

    def _create_host(self, host: Host, settings: HostSettings) -> None:
        hostlib.prepare_files(host, peers=self.hosts, settings=settings)
        hostlib.create_network(host, bridge=self.bridge, prefixlen=self.subnet.prefixlen)
        hostlib.create_filesystem(host, state_root=self.root)
        hostlib.create_users(host)
        daemons.start_sshd(host, self.pids, self.logs)
        daemons.start_dockerd(host, self.pids, self.logs)

    def _swarm_init(self, host: Host) -> None:
        host.docker(["swarm", "init", "--advertise-addr", host.ip], timeout=60)

    def _write_ssh_files(self) -> None:
        self.known_hosts.write_text("".join(f"{h.known_hosts_line}\n" for h in self.hosts))
        ips = " ".join(h.ip for h in self.hosts)
        self.ssh_config.write_text(
            f"Host {ips}\n"
            "  User root\n"
            f"  IdentityFile {self.client_key}\n"
            "  IdentitiesOnly yes\n"
            f"  UserKnownHostsFile {self.known_hosts}\n"
            "  GlobalKnownHostsFile /dev/null\n"
            "  StrictHostKeyChecking yes\n"
            "  BatchMode yes\n"
            "  LogLevel ERROR\n"
            "  ConnectTimeout 10\n"
        )
        # `docker -H ssh://root@IP` execs plain `ssh`: PATH=<root>/bin:$PATH picks this one
        wrapper = self.root / "bin" / "ssh"
        wrapper.write_text(
            f'#!/bin/sh\nexec /usr/bin/ssh -F {shlex.quote(str(self.ssh_config))} "$@"\n'
        )
        wrapper.chmod(0o755)

    def _write_env(self) -> None:
        env: dict[str, str] = {
            "TB_ROOT": str(self.root),
            "TB_BRIDGE": self.bridge,
            "TB_SUBNET": str(self.subnet.network),
            "TB_GW": self.gateway,
            "TB_HOSTS_IPS": " ".join(h.ip for h in self.hosts),
            "TB_SSH_KEY": str(self.client_key),
            "TB_SSH_CONFIG": str(self.ssh_config),
            "TB_KNOWN_HOSTS": str(self.known_hosts),
            "TB_SSH_WRAPPER_DIR": str(self.root / "bin"),
            "TB_DEPLOY_USER": hostlib.DEPLOY_USER,
        }
        for h in self.hosts:
            env[f"TB_HOST{h.index}"] = h.ip
            env[f"TB_HOST{h.index}_NAME"] = h.name
            env[f"TB_HOST{h.index}_NETNS"] = h.netns
            env[f"TB_HOST{h.index}_DOCKER_SOCK"] = str(h.docker_socket)
        for service in self.services.values():
            env.update(service.env())
        for version, ref in self.app_images.items():
            env[f"TB_APP_IMAGE_{version.upper()}"] = ref
        for version, ref in self.private_images.items():
            env[f"TB_PRIVATE_APP_IMAGE_{version.upper()}"] = ref
        if self.traefik_image:
            env["TB_TRAEFIK_IMAGE"] = self.traefik_image
        lines = [f"# source me: . {self.env_file}"]
        lines += [f"export {k}={shlex.quote(v)}" for k, v in env.items()]
        self.env_file.write_text("\n".join(lines) + "\n")

    def _remove_root(self) -> None:
        inside = [
            p
            for p in hostlib.mounted_points()
            if Path(p) == self.root or self.root in Path(p).parents
        ]
        if inside:
            raise TestbedError(f"mounts still under {self.root}, not deleting: {inside}")
        shutil.rmtree(self.root)


def _alive(pids: PidTable, name: str) -> bool:
    ref = pids.get(name)
    return ref is not None and is_running(ref)


def _swarm_state(host: Host) -> str:
    result = host.docker(["info", "--format", "{{.Swarm.LocalNodeState}}"], check=False)
    return result.stdout.strip()


@contextlib.contextmanager
def _collect(errors: list[str], what: str) -> Iterator[None]:
    """Run a teardown step; record its failure and carry on with the next step."""
    try:
        yield
    except Exception as exc:
        log.warning("teardown step %r failed: %s", what, exc)
        errors.append(f"{what}: {exc}")
