"""An application's Swarm service, described as pure data.

Nothing here does I/O. The deployment flow sends `service_spec(release)` as the body of
`POST /services/create` or `/services/{id}/update`, then waits for the update to complete or
roll back. Every field comes from users and is validated when `AppRelease` is built; a bad one
raises ValueError with a message fit to show them.

Zero downtime rests on three mechanisms, each read in the sources and measured on the test bed:
- Readiness. With a Docker health check, Swarm's executor reports a task `running` only once
  its container is healthy; until then it is `starting` (moby daemon/cluster/executor/
  container/controller.go, `Start`). Traefik's swarm provider routes only to tasks whose
  desired *and* current state are `running` (traefik pkg/provider/docker/pswarm.go,
  `listTasks`). So a new task gets traffic once healthy, with no Traefik-side health check.
- Switch. `start-first` marks the old task for shutdown only when the new one is `running`
  (swarmkit updater, `updateTask`); Traefik drops it at its next poll (1 s, see traefik.py)
  because its desired state changed, and the agent waits ~2 s (gossip delay) before SIGTERM.
- Rollback. A new task that fails before ever turning healthy always fails the update; one
  that fails later counts only within `Monitor` of turning healthy. So Monitor covers a full
  health-check window: a release that passes once and then degrades is still rolled back.
Measured (Traefik 3.7.15, Docker 20.10, 20 req/s): 0 failed requests over repeated updates
and health-failed rollbacks, with 1 and 2 replicas.
Limits: without a health check a task is `running` before it listens, so Berth's runtime
settings should default to an HTTP check. A release that degrades *after* turning healthy is
rolled back, but its predecessor is already gone: with one replica, ~7 s of errors. And
`rollback_completed` can come before the restored task is healthy: wait for running tasks.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from api.infra import swarm, traefik
from api.infra.swarm import (
    COMPONENT_LABEL,
    DEPLOYMENT_LABEL,
    MANAGED_LABEL,
    SPEC_HASH_LABEL,
    nanoseconds,
    spec_hash,
)

APP_LABEL, ENVIRONMENT_LABEL = "berth.app", "berth.environment"
_IMAGE_ID_RE = re.compile(r"sha256:[0-9a-f]{64}")
HTTP_ENTRYPOINT = "web"

MONITOR_MARGIN_SECONDS = 5
# No health check: the task is `running` as soon as it starts, so only an early crash can be
# caught. Long enough for a typical boot-time failure (bad config, missing env) to surface.
NO_HEALTH_CHECK_MONITOR_SECONDS = 15
# json-file without limits grows until the disk is full (a recurring peer complaint); these
# bound each container's logs at ~30 MB while `docker service logs` keeps working.
LOG_OPTIONS = (("max-size", "10m"), ("max-file", "3"))
# Swarm keeps the spec in its raft log, which refuses transactions above ~1.5 MB.
MAX_ENV_BYTES = 512 * 1024
MAX_ARGV_BYTES = 64 * 1024
MAX_ROUTES = 100

# DNS labels. The service name doubles as the overlay DNS name and as Traefik's router name,
# whose label keys split on dots.
_DNS_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,254}")
# RFC 3986 path and query characters: no space, quote, backslash, `#` or control character.
_HTTP_PATH_RE = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]{0,1023}")
_NETWORK_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")
_VOLUME_NAME_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")
_CONSTRAINT_RE = re.compile(
    r"(?:node|engine)(?:\.[A-Za-z0-9_-]{1,64}){1,3} ?[=!]= ?[A-Za-z0-9_.:-]{1,128}"
)
# Bind sources that hand a container the server: the Docker socket (root on every node),
# host config and credentials (/etc, /root, /home: shadow, sudoers, SSH keys), the kernel's
# views (/proc/1/root is the host's root), devices, the boot loader, system binaries a
# writable mount could replace, and Docker's own state (every tenant's volumes). A source is
# refused when it is one of these, lies under one, or contains one (`/var` holds
# `/var/lib/docker`). Symlinks are resolved on the server, where this check cannot see them.
SENSITIVE_BIND_SOURCES = (
    "/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/home", "/run", "/var/run",
    "/var/run/docker.sock", "/run/docker.sock", "/var/lib/docker", "/var/lib/containerd",
    "/usr", "/bin", "/sbin", "/lib", "/lib64",
)  # fmt: skip


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")


def _check_text(name: str, value: object, max_bytes: int) -> str:
    if not isinstance(value, str) or "\x00" in value or len(value.encode()) > max_bytes:
        raise ValueError(f"{name} must be text without NUL of at most {max_bytes} bytes")
    return value


def _as_tuple(name: str, value: object) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValueError(f"{name} must be a list")
    return tuple(value)


def _check_argv(name: str, argv: object, *, allow_empty: bool) -> tuple[str, ...]:
    if isinstance(argv, str | bytes) or not isinstance(argv, Sequence):
        raise ValueError(f"{name} must be a list of strings: an argv, never a shell line")
    items = tuple(_check_text(f"each {name} item", item, MAX_ARGV_BYTES) for item in argv)
    if not items and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    if sum(len(item.encode()) for item in items) > MAX_ARGV_BYTES:
        raise ValueError(f"{name} is longer than {MAX_ARGV_BYTES} bytes")
    return items


@dataclass(frozen=True, kw_only=True)
class _Timing:
    """Health-check timings in seconds. Docker runs a probe `interval` after the previous one
    finished; `start_interval` applies during `start_period` (API >= 1.44, older engines ignore
    it) so a fast app is found healthy within a second, not a whole interval."""

    interval: int = 5
    timeout: int = 3
    retries: int = 3
    start_period: int = 10
    start_interval: int = 1

    def _check_timing(self) -> None:
        _check_int("health check interval", self.interval, 1, 3600)
        _check_int("health check timeout", self.timeout, 1, 3600)
        _check_int("health check retries", self.retries, 1, 100)
        _check_int("health check start_period", self.start_period, 0, 3600)
        _check_int("health check start_interval", self.start_interval, 1, self.interval)

    def test(self, app_port: int) -> list[str]:
        raise NotImplementedError

    def docker_spec(self, app_port: int) -> dict[str, Any]:
        """ContainerSpec.HealthCheck."""
        return {
            "Test": self.test(app_port),
            "Interval": nanoseconds(self.interval),
            "Timeout": nanoseconds(self.timeout),
            "Retries": self.retries,
            "StartPeriod": nanoseconds(self.start_period),
            "StartInterval": nanoseconds(self.start_interval),
        }

    def window_seconds(self) -> int:
        """Worst case from start to `unhealthy`: failures in the start period do not count,
        then `retries` probes that each wait `interval` and may run for `timeout`."""
        return self.start_period + self.retries * (self.interval + self.timeout)


@dataclass(frozen=True, kw_only=True)
class HttpHealthCheck(_Timing):
    """GET http://127.0.0.1:<port><path> inside the container; a status below 400 is healthy.

    Docker runs the probe in the container, so the image needs a client: `wget` (busybox,
    alpine and their derivatives) or `curl` (most Debian-based official images). Images with
    neither (scratch, distroless, python:slim) need a CommandHealthCheck. The probe is an exec
    argv, never a shell line, so the path is data, not code."""

    path: str = "/"
    port: int | None = None  # None: the routed port
    client: Literal["wget", "curl"] = "wget"

    def __post_init__(self) -> None:
        self._check_timing()
        if not isinstance(self.path, str) or not _HTTP_PATH_RE.fullmatch(self.path):
            raise ValueError(f"health check path must be an absolute URL path, got {self.path!r}")
        if self.port is not None:
            _check_int("health check port", self.port, 1, 65535)
        if self.client not in ("wget", "curl"):
            raise ValueError(f"health check client must be wget or curl, got {self.client!r}")

    def test(self, app_port: int) -> list[str]:
        # 127.0.0.1, not localhost: `localhost` may resolve to ::1 first while the app listens
        # on IPv4 only. Both clients exit non-zero on an HTTP status >= 400.
        url = f"http://127.0.0.1:{self.port or app_port}{self.path}"
        if self.client == "curl":
            return ["CMD", "curl", "-fsS", "-o", "/dev/null", url]
        return ["CMD", "wget", "-q", "-O", "/dev/null", url]


@dataclass(frozen=True, kw_only=True)
class CommandHealthCheck(_Timing):
    """An argv run in the container (exit 0 is healthy), e.g. the app's own `healthcheck`."""

    argv: Sequence[str]

    def __post_init__(self) -> None:
        self._check_timing()
        argv = _check_argv("health check argv", self.argv, allow_empty=False)
        object.__setattr__(self, "argv", argv)

    def test(self, app_port: int) -> list[str]:
        return ["CMD", *self.argv]


HealthCheck = HttpHealthCheck | CommandHealthCheck


def _check_path(name: str, path: object) -> str:
    if not isinstance(path, str) or len(path) > 1024 or not path.startswith("/"):
        raise ValueError(f"{name} must be an absolute path of at most 1024 characters")
    if path != "/" and any(part in ("", ".", "..") for part in path.split("/")[1:]):
        # Normalised form only: `..` could climb out of an allowed prefix, and `//` or a
        # trailing slash would let one directory slip past the checks under two spellings.
        raise ValueError(f"{name} must be a normalised path without '.', '..' or '//': {path!r}")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        raise ValueError(f"{name} contains a control character: {path!r}")
    if name == "mount target" and path == "/":
        raise ValueError("a mount cannot replace the container's root filesystem")
    return path


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/")  # so "/" contains only itself here


@dataclass(frozen=True)
class VolumeMount:
    """A named Docker volume, local to the node. During a start-first update the old and the
    new task mount it at the same time: apps that lock files (SQLite) must tolerate that."""

    name: str
    target: str
    read_only: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _VOLUME_NAME_RE.fullmatch(self.name):
            raise ValueError(f"invalid volume name {self.name!r}")
        _check_path("mount target", self.target)


@dataclass(frozen=True)
class BindMount:
    """A host path. Swarm fails the task (not the API call) when the source is missing, so
    the flow must create it first."""

    source: str
    target: str
    read_only: bool = False

    def __post_init__(self) -> None:
        source = _check_path("bind source", self.source)
        for sensitive in SENSITIVE_BIND_SOURCES:
            if _is_within(source, sensitive) or _is_within(sensitive, source):
                raise ValueError(f"bind source {source!r} would expose {sensitive} of the server")
        _check_path("mount target", self.target)


Mount = VolumeMount | BindMount


@dataclass(frozen=True)
class RestartPolicy:
    """When Swarm replaces a task that exited. During an update, the first failure of a new
    task already triggers the rollback (MaxFailureRatio 0), whatever this says."""

    condition: Literal["any", "on-failure", "none"] = "any"
    max_attempts: int = 0  # 0: unlimited
    delay_seconds: int = 5

    def __post_init__(self) -> None:
        if self.condition not in ("any", "on-failure", "none"):
            raise ValueError(f"invalid restart condition {self.condition!r}")
        _check_int("restart max_attempts", self.max_attempts, 0, 1000)
        _check_int("restart delay_seconds", self.delay_seconds, 0, 3600)


def validate_image(ref: str) -> None:
    """Docker's reference grammar and a pinned tag or digest (never `latest`), as for the
    proxy: with a moving tag a redeploy runs whatever the registry serves that day, and a
    rollback returns to something other than what was deployed. An image built on the
    server is released by its local id (`sha256:...`): Swarm never tries to pull that."""
    if isinstance(ref, str) and _IMAGE_ID_RE.fullmatch(ref):
        return
    swarm.validate_image(ref)


def validate_host(host: str) -> None:
    """A lower-case DNS name, IDNs already in punycode. Only `[a-z0-9.-]` passes, so a host can
    never carry a backtick, a parenthesis, `|`, `&`, `!` or a space into a Traefik rule: the
    rule built from it cannot be closed early or extended with another matcher."""
    if not isinstance(host, str) or not 1 <= len(host) <= 253:
        raise ValueError(f"invalid host name {host!r}")
    if host != host.lower():
        # Hosts match case-insensitively: `App.example.com` and `app.example.com` are one
        # route, so only the canonical spelling is stored and compared.
        raise ValueError(f"host names must be lower case, got {host!r}")
    for label in host.split("."):
        if not _DNS_LABEL_RE.fullmatch(label):
            raise ValueError(f"invalid host name {host!r}: give a DNS name, IDNs in punycode")
        try:
            label.encode().decode("idna")  # checks the punycode of `xn--` labels
        except UnicodeError:
            raise ValueError(f"invalid host name {host!r}: bad punycode in {label!r}") from None


def host_rule(hosts: Sequence[str]) -> str:
    for host in hosts:
        validate_host(host)  # again: this is the one place a rule is written
    return " || ".join(f"Host(`{host}`)" for host in hosts)


@dataclass(frozen=True)
class AppRelease:
    """One application version on one server. Construction validates every field and turns
    sequences into tuples, so a release is immutable once built."""

    service_name: str  # berth-<app-slug>-<short-id>
    image: str
    port: int  # the container port Traefik routes HTTP to
    app_id: uuid.UUID
    environment_id: uuid.UUID
    deployment_id: uuid.UUID
    routes: Sequence[str] = ()  # host names; none: the app is not reachable from outside
    env: Mapping[str, str] = field(default_factory=dict)
    command: Sequence[str] | None = None  # replaces the image's ENTRYPOINT
    args: Sequence[str] | None = None  # replaces the image's CMD
    replicas: int = 1
    cpu_limit: float | None = None  # cores
    memory_limit_bytes: int | None = None
    health_check: HealthCheck | None = None  # None: the image's own HEALTHCHECK, if any
    volumes: Sequence[Mount] = ()
    restart_policy: RestartPolicy = field(default_factory=RestartPolicy)
    network: str = traefik.DEFAULT_NETWORK
    # More networks the tasks join (an environment's private one, for linked databases);
    # the proxy still routes over `network`.
    extra_networks: Sequence[str] = ()
    stop_grace_seconds: int = 10
    placement_constraints: Sequence[str] = ()

    def __post_init__(self) -> None:
        name = self.service_name
        if not isinstance(name, str) or not _DNS_LABEL_RE.fullmatch(name):
            raise ValueError(f"invalid service name {name!r}: lower-case DNS label expected")
        if name == traefik.SERVICE_NAME:
            raise ValueError(f"{name!r} is the proxy's service name")
        validate_image(self.image)
        _check_int("port", self.port, 1, 65535)
        for ident in ("app_id", "environment_id", "deployment_id"):
            if not isinstance(getattr(self, ident), uuid.UUID):
                raise ValueError(f"{ident} must be a UUID")
        routes = _as_tuple("routes", self.routes)
        for host in routes:
            validate_host(host)
        if len(set(routes)) != len(routes) or len(routes) > MAX_ROUTES:
            raise ValueError(f"routes must be distinct and at most {MAX_ROUTES}")
        self._set("routes", routes)
        self._set("env", _validated_env(self.env))
        for argv in ("command", "args"):
            if getattr(self, argv) is not None:
                self._set(argv, _check_argv(argv, getattr(self, argv), allow_empty=argv == "args"))
        self._check_resources()
        self._check_placement()

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)  # frozen: normalised once, at construction

    def _check_resources(self) -> None:
        _check_int("replicas", self.replicas, 0, 100)
        cpu = self.cpu_limit
        if cpu is not None and (
            isinstance(cpu, bool) or not isinstance(cpu, int | float) or not 0.01 <= cpu <= 512
        ):
            raise ValueError(f"cpu_limit must be from 0.01 to 512 cores, got {cpu!r}")
        if self.memory_limit_bytes is not None:  # Docker refuses limits under 6 MiB
            _check_int("memory_limit_bytes", self.memory_limit_bytes, 6 * 2**20, 2**40)
        if self.health_check is not None and not isinstance(self.health_check, HealthCheck):
            raise ValueError("health_check must be an HttpHealthCheck or a CommandHealthCheck")
        if not isinstance(self.restart_policy, RestartPolicy):
            raise ValueError("restart_policy must be a RestartPolicy")
        _check_int("stop_grace_seconds", self.stop_grace_seconds, 0, 3600)
        volumes = _as_tuple("volumes", self.volumes)
        if not all(isinstance(mount, VolumeMount | BindMount) for mount in volumes):
            raise ValueError("volumes must be VolumeMount or BindMount entries")
        if len({mount.target for mount in volumes}) != len(volumes):
            raise ValueError("two mounts share a target path")
        self._set("volumes", volumes)

    def _check_placement(self) -> None:
        network = self.network
        if not isinstance(network, str) or not _NETWORK_RE.fullmatch(network):
            raise ValueError(f"invalid network name {network!r}")
        if network in traefik.RESERVED_NETWORKS:
            raise ValueError(f"network {network!r} is reserved by Docker")
        extra = _as_tuple("extra_networks", self.extra_networks)
        for name in extra:
            if not isinstance(name, str) or not _NETWORK_RE.fullmatch(name):
                raise ValueError(f"invalid network name {name!r}")
            if name in traefik.RESERVED_NETWORKS or name == network:
                raise ValueError(f"network {name!r} cannot be an extra network")
        self._set("extra_networks", extra)
        constraints = _as_tuple("placement_constraints", self.placement_constraints)
        for constraint in constraints:
            if not isinstance(constraint, str) or not _CONSTRAINT_RE.fullmatch(constraint):
                raise ValueError(f"invalid placement constraint {constraint!r}")
        self._set("placement_constraints", constraints)


def _validated_env(env: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(env, Mapping):
        raise ValueError("env must be a mapping of names to values")
    total = 0
    for name, value in env.items():
        if not isinstance(name, str) or not _ENV_NAME_RE.fullmatch(name):
            raise ValueError(f"invalid environment variable name {name!r}: [A-Za-z_][A-Za-z0-9_]*")
        total += len(name) + len(_check_text(f"the value of {name}", value, MAX_ENV_BYTES).encode())
    if total > MAX_ENV_BYTES:
        raise ValueError(f"environment larger than {MAX_ENV_BYTES} bytes")
    return dict(sorted(env.items()))  # sorted: the same env always gives the same spec hash


def monitor_seconds(release: AppRelease) -> int:
    """How long Swarm keeps watching new tasks after they turn `running` (= healthy)."""
    if release.health_check is None:
        return NO_HEALTH_CHECK_MONITOR_SECONDS
    return release.health_check.window_seconds() + MONITOR_MARGIN_SECONDS


def router_dynamic_config(release: AppRelease) -> dict[str, Any]:
    """What the Traefik labels mean, as file-provider dynamic configuration. The swarm
    provider expands the one server below into one per running task (its IP on the network,
    the routed port); `http://<service>:<port>` names the same set through overlay DNS."""
    if not release.routes:
        return {}
    name = release.service_name
    # The extension point for TLS (routing issue): a second router on `websecure` with
    # `tls.certResolver`, and a redirect middleware on this one.
    routers = {
        name: {"rule": host_rule(release.routes), "entryPoints": [HTTP_ENTRYPOINT], "service": name}
    }
    services = {name: {"loadBalancer": {"servers": [{"url": f"http://{name}:{release.port}"}]}}}
    return {"http": {"routers": routers, "services": services}}


def traefik_labels(release: AppRelease) -> dict[str, str]:
    """Service labels for the swarm provider (it reads `Spec.Labels`, not container labels).
    All tasks of a service share them, old and new alike during an update: a release that
    changes the port is routed to the old tasks on the new port until they stop."""
    config = router_dynamic_config(release)
    if not config:
        return {"traefik.enable": "false"}
    labels = {
        "traefik.enable": "true",
        # v3's swarm provider reads `traefik.swarm.*`; mixing in `traefik.docker.*` labels
        # makes it skip the service ("both Docker and Swarm labels are defined").
        "traefik.swarm.network": release.network,
    }
    for router_name, router in config["http"]["routers"].items():
        prefix = f"traefik.http.routers.{router_name}"
        labels[f"{prefix}.rule"] = router["rule"]
        labels[f"{prefix}.entrypoints"] = ",".join(router["entryPoints"])
        labels[f"{prefix}.service"] = router["service"]
    for service_name in config["http"]["services"]:
        labels[f"traefik.http.services.{service_name}.loadbalancer.server.port"] = str(release.port)
    return labels


def _mount_spec(mount: Mount) -> dict[str, Any]:
    spec: dict[str, Any] = {"Target": mount.target, "ReadOnly": mount.read_only}
    if isinstance(mount, BindMount):
        return {"Type": "bind", "Source": mount.source, **spec}
    labels = {MANAGED_LABEL: "true", COMPONENT_LABEL: "app-volume"}
    return {"Type": "volume", "Source": mount.name, **spec, "VolumeOptions": {"Labels": labels}}


def service_spec(release: AppRelease) -> dict[str, Any]:
    """Body of `POST /services/create` (and of `/services/{id}/update`)."""
    berth_labels = {
        MANAGED_LABEL: "true",
        COMPONENT_LABEL: "app",
        APP_LABEL: str(release.app_id),
        ENVIRONMENT_LABEL: str(release.environment_id),
        # On the containers too: after a rollback the service label names the failed
        # deployment, while each container still says which deployment started it.
        DEPLOYMENT_LABEL: str(release.deployment_id),
    }
    container: dict[str, Any] = {
        "Image": release.image,
        "Env": [f"{name}={value}" for name, value in release.env.items()],
        "Labels": dict(berth_labels),
        # A PID 1 that forwards SIGTERM and reaps: busybox and many shells ignore SIGTERM as
        # PID 1, which turns every task stop into a `stop_grace_seconds` wait and a SIGKILL.
        "Init": True,
        "StopGracePeriod": nanoseconds(release.stop_grace_seconds),
        "Mounts": [_mount_spec(mount) for mount in release.volumes],
    }
    if release.command is not None:
        container["Command"] = list(release.command)
    if release.args is not None:
        container["Args"] = list(release.args)
    if release.health_check is not None:
        container["HealthCheck"] = release.health_check.docker_spec(release.port)
    limits: dict[str, int] = {}
    if release.cpu_limit is not None:
        limits["NanoCPUs"] = nanoseconds(release.cpu_limit)
    if release.memory_limit_bytes is not None:
        limits["MemoryBytes"] = release.memory_limit_bytes
    policy = release.restart_policy
    task: dict[str, Any] = {
        "ContainerSpec": container,
        # Limits only, no reservations: start-first runs old and new tasks side by side, so a
        # reservation must fit twice on the node or the new task stays Pending and the update
        # never finishes. Limits cap a runaway app without blocking scheduling.
        "Resources": {"Limits": limits},
        "RestartPolicy": {
            "Condition": policy.condition,
            "Delay": nanoseconds(policy.delay_seconds),
            "MaxAttempts": policy.max_attempts,
        },
        "Networks": [
            {"Target": release.network},
            *({"Target": name} for name in release.extra_networks),
        ],
        "LogDriver": {"Name": "json-file", "Options": dict(LOG_OPTIONS)},
    }
    if release.placement_constraints:
        task["Placement"] = {"Constraints": list(release.placement_constraints)}
    rollout = {
        "Parallelism": 1,
        "Delay": 0,
        "Monitor": nanoseconds(monitor_seconds(release)),
        "MaxFailureRatio": 0,
        # Start the new task, and stop the old one only once the new one is healthy. The app
        # publishes no host port, which would make start-first hang Pending on one node.
        "Order": "start-first",
    }
    spec: dict[str, Any] = {
        "Name": release.service_name,
        "Labels": {**berth_labels, **traefik_labels(release)},
        "TaskTemplate": task,
        "Mode": {"Replicated": {"Replicas": release.replicas}},
        "UpdateConfig": {**rollout, "FailureAction": "rollback"},
        # Swarm never rolls back a rollback; a failing one pauses for an operator.
        "RollbackConfig": {**rollout, "FailureAction": "pause"},
        # dnsrr: no service VIP, which needs IPVS. No published ports at all: traffic enters
        # only through Traefik, which dials task IPs on the overlay network.
        "EndpointSpec": {"Mode": "dnsrr"},
    }
    spec["Labels"][SPEC_HASH_LABEL] = spec_hash(spec)
    return spec
