"""The per-server proxy: Traefik v3 as a Docker Swarm service, described as pure data.

Nothing here does I/O. The worker's setup step turns these dicts into Docker Engine API calls:
create the network, create the Swarm config objects (named after their content hash, so an
unchanged config is reused and a changed one gets a new name: Swarm configs are immutable),
then create the service or update it when the spec-hash label differs.

Every value that reaches a spec comes from users (organisation settings, per-server overrides)
and is validated here; a bad one raises ValueError with a message fit to show them.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from api.infra.swarm import (
    COMPONENT_LABEL,
    MANAGED_LABEL,
    SPEC_HASH_LABEL,
    canonical_json,
    nanoseconds,
    spec_hash,
    validate_image,
)

# The version the test bed runs (tests/testbed TRAEFIK_VERSION): the config below is exercised
# against that binary. Bump both together.
DEFAULT_IMAGE = "traefik:v3.7.15"
DEFAULT_NETWORK = "berth-public"
LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory"
LETSENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory"

SERVICE_NAME = "berth-proxy"
ACME_VOLUME = "berth-proxy-acme"
# The file provider reads a named volume, not a host directory: no host path has to exist
# (Swarm fails a task whose bind source is missing) and a non-root SSH user in the docker
# group can manage it entirely through the Docker API.
DYNAMIC_VOLUME = "berth-proxy-dynamic"
HTTP_RESOLVER = "letsencrypt"
TLSALPN_RESOLVER = "letsencrypt-tlsalpn"

# Paths inside the container.
STATIC_CONFIG_PATH = "/etc/traefik/traefik.yml"  # paerser picks the parser by extension
CA_BUNDLE_PATH = "/etc/traefik/acme-ca.pem"
DYNAMIC_DIR_IN_CONTAINER = "/etc/traefik/dynamic"
ACME_DIR = "/var/lib/traefik"
ACME_STORAGE = f"{ACME_DIR}/acme.json"  # one file for both resolvers: Traefik keys it by name
DOCKER_SOCKET = "/var/run/docker.sock"
# Loopback only: `traefik healthcheck` runs inside the container, and apps on the shared
# overlay network have no business probing the proxy.
PING_ADDRESS = "127.0.0.1:8082"

# Shutdown: Swarm sends SIGTERM, Traefik stops accepting at once (nothing sits in front of it
# that needs time to take it out of rotation) and lets in-flight requests finish for
# GRACE_SECONDS. Swarm's SIGKILL must come later than that, or the grace is cut short.
GRACE_SECONDS = 10
STOP_GRACE_SECONDS = GRACE_SECONDS + 5
# Health check. The update monitor must outlast start period + interval x retries, or Swarm
# declares an update done before the health check could fail once and rollback never fires.
HC_INTERVAL, HC_TIMEOUT, HC_RETRIES, HC_START_PERIOD, HC_START_INTERVAL = 5, 3, 3, 10, 1
MONITOR_SECONDS = HC_START_PERIOD + HC_INTERVAL * HC_RETRIES + 5
# With a config file found, Traefik ignores other flags: the file's `ping` section decides.
HEALTH_TEST = ("CMD", "traefik", "healthcheck", "--ping", f"--configFile={STATIC_CONFIG_PATH}")

MAX_CA_BUNDLE_BYTES = 500 * 1024  # Swarm's limit on a config object's data
LOG_LEVELS = frozenset({"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "PANIC"})
RESERVED_NETWORKS = frozenset({"ingress", "host", "bridge", "none", "docker_gwbridge"})

_EMAIL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
)
_HOSTNAME_RE = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?"
)
_NETWORK_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")
_SWARM_ID_RE = re.compile(r"[a-z0-9]{1,64}")  # node/config ids: 25 chars of base36 in practice
_OBJECT_NAME_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}")
_KIND_RE = re.compile(r"[a-z][a-z-]{0,19}")


@dataclass(frozen=True)
class ProxySettings:
    """One server's proxy. Construction validates every field (ValueError on bad input)."""

    image: str = DEFAULT_IMAGE
    network: str = DEFAULT_NETWORK
    http_port: int = 80
    https_port: int = 443
    acme_email: str | None = None  # the organisation's; None: no certificate resolver at all
    acme_directory: str = LETSENCRYPT_PRODUCTION
    acme_ca_bundle: str | None = None  # PEM: extra CAs to trust for the ACME directory's TLS
    acme_tls_alpn: bool = True  # also offer the TLS-ALPN-01 resolver (port 80 may be blocked)
    log_level: str = "INFO"
    access_log: bool = False
    node_id: str | None = None  # pin to one manager: the ACME volume is local to a node

    def __post_init__(self) -> None:
        validate_image(self.image, what="proxy image")
        _validate_network(self.network)
        for name, port in (("http_port", self.http_port), ("https_port", self.https_port)):
            if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
                raise ValueError(f"{name} must be an integer from 1 to 65535, got {port!r}")
        if self.http_port == self.https_port:
            raise ValueError("http_port and https_port must differ")
        if self.acme_email is not None:
            validate_email(self.acme_email)
        validate_acme_directory(self.acme_directory)
        if self.acme_ca_bundle is not None:
            object.__setattr__(self, "acme_ca_bundle", normalize_ca_bundle(self.acme_ca_bundle))
        level = self.log_level.upper() if isinstance(self.log_level, str) else self.log_level
        if level not in LOG_LEVELS:
            raise ValueError(f"log_level must be one of {sorted(LOG_LEVELS)}, got {level!r}")
        object.__setattr__(self, "log_level", level)
        if self.node_id is not None and not re.fullmatch(r"[a-z0-9]{25}", self.node_id):
            raise ValueError(f"invalid Swarm node id {self.node_id!r}")


def validate_email(email: str) -> None:
    if not isinstance(email, str) or len(email) > 254 or not _EMAIL_RE.fullmatch(email):
        raise ValueError(f"invalid e-mail address {email!r}")


def validate_acme_directory(url: str) -> None:
    """https only: a private CA (pebble, step-ca) serves https too; trust it via the CA bundle."""
    if not isinstance(url, str) or len(url) > 2048 or not url.isascii():
        raise ValueError("invalid ACME directory URL")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise ValueError(f"ACME directory URL contains whitespace or control characters: {url!r}")
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"ACME directory must be an https:// URL, got {url!r}")
    if parts.username is not None or parts.password is not None or parts.fragment:
        raise ValueError(f"ACME directory URL must not carry credentials or a fragment: {url!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"invalid port in ACME directory URL {url!r}") from exc
    if port == 0:
        raise ValueError(f"invalid port in ACME directory URL {url!r}")
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOSTNAME_RE.fullmatch(host) or len(host) > 253:
            raise ValueError(f"invalid host in ACME directory URL {url!r}") from None


def normalize_ca_bundle(pem: str) -> str:
    """Parse and re-encode: only certificates survive (no stray text), and the same CAs always
    give the same bytes, hence the same config name."""
    if not isinstance(pem, str) or len(pem.encode()) > MAX_CA_BUNDLE_BYTES:
        raise ValueError(f"CA bundle must be PEM text of at most {MAX_CA_BUNDLE_BYTES} bytes")
    try:
        certs = x509.load_pem_x509_certificates(pem.encode())
    except ValueError as exc:
        raise ValueError(f"CA bundle is not a PEM certificate list: {exc}") from exc
    return "".join(cert.public_bytes(Encoding.PEM).decode() for cert in certs)


def _validate_network(name: str) -> None:
    if not isinstance(name, str) or not _NETWORK_RE.fullmatch(name) or name in RESERVED_NETWORKS:
        raise ValueError(f"invalid network name {name!r}")


def static_config(settings: ProxySettings) -> dict[str, Any]:
    """Traefik's static configuration (validates against the v3 JSON schema)."""

    def transport() -> dict[str, Any]:
        return {
            # readTimeout bounds reading a whole request, body included: Traefik's 60 s default
            # cuts large uploads on slow links. Idle keep-alives are bounded by idleTimeout.
            "respondingTimeouts": {
                "readTimeout": "300s",
                "writeTimeout": "0s",
                "idleTimeout": "180s",
            },
            "lifeCycle": {"requestAcceptGraceTimeout": "0s", "graceTimeOut": f"{GRACE_SECONDS}s"},
        }

    config: dict[str, Any] = {
        "global": {"checkNewVersion": False, "sendAnonymousUsage": False},
        # JSON logs so Berth can pick ACME errors out of them and show the CA's reason.
        "log": {"level": settings.log_level, "format": "json"},
        "entryPoints": {
            # asDefault: routers that name no entry point bind to these two, never to `ping`.
            "web": {"address": ":80", "asDefault": True, "transport": transport()},
            "websecure": {"address": ":443", "asDefault": True, "transport": transport()},
            "ping": {"address": PING_ADDRESS},
        },
        "ping": {"entryPoint": "ping"},
        # No `api` key at all: its mere presence enables the API, and any app could then route
        # to `api@internal` from its own labels and read every tenant's routing. No dashboard.
        "providers": {
            # Traefik applies at most one new configuration per provider per throttle window
            # (default 2 s): a domain added right after another waited up to 2 s to go live
            # (measured, bench/domains.py). Config rebuilds are cheap at this scale.
            "providersThrottleDuration": "500ms",
            "swarm": {
                "endpoint": f"unix://{DOCKER_SOCKET}",
                "exposedByDefault": False,
                "network": settings.network,
                "watch": True,
                # Swarm mode has no event stream, so Traefik polls. At the 15 s default it routes
                # to tasks an update already stopped and misses new ones for up to 15 s: 502s
                # during every rolling update (traefik #7373, #7886). Polling a local socket
                # every second is cheap.
                "refreshSeconds": "1s",
            },
            # The directory, not single files, is bind-mounted: editors and atomic renames swap
            # inodes, which a file bind mount would never see.
            "file": {"directory": DYNAMIC_DIR_IN_CONTAINER, "watch": True},
        },
    }
    if settings.access_log:
        config["accessLog"] = {"format": "json"}
    if settings.acme_email is not None:
        acme = {
            "email": settings.acme_email,
            "caServer": settings.acme_directory,
            "storage": ACME_STORAGE,
        }
        resolvers = {HTTP_RESOLVER: {"acme": {**acme, "httpChallenge": {"entryPoint": "web"}}}}
        if settings.acme_tls_alpn:
            resolvers[TLSALPN_RESOLVER] = {"acme": {**acme, "tlsChallenge": {}}}
        config["certificatesResolvers"] = resolvers
    return config


def render_static_config(settings: ProxySettings) -> str:
    """The static config file. JSON is YAML, so Traefik reads it from a `.yml` without a YAML
    library here; sorted keys make the bytes, and so the config name, stable."""
    return canonical_json(static_config(settings))


def config_name(content: str, *, kind: str = "static") -> str:
    """Swarm config objects are immutable: name them by content, so a rerun reuses the object
    and a change makes a new one that the service update switches to."""
    if not _KIND_RE.fullmatch(kind):
        raise ValueError(f"invalid config kind {kind!r}")
    return f"{SERVICE_NAME}-{kind}-{hashlib.sha256(content.encode()).hexdigest()[:12]}"


def swarm_config_spec(name: str, content: str) -> dict[str, Any]:
    """Body of `POST /configs/create`."""
    _check_object_name(name)
    return {
        "Name": name,
        "Labels": {MANAGED_LABEL: "true", COMPONENT_LABEL: "proxy"},
        "Data": base64.b64encode(content.encode()).decode(),
    }


def overlay_network_spec(name: str = DEFAULT_NETWORK) -> dict[str, Any]:
    """Body of `POST /networks/create`: the overlay the proxy and every routed app share.
    Attachable, so one-off containers (e.g. a migration run) can reach the same services."""
    _validate_network(name)
    return {
        "Name": name,
        "Driver": "overlay",
        "Attachable": True,
        "Labels": {MANAGED_LABEL: "true", COMPONENT_LABEL: "proxy-network"},
    }


def _check_object_name(name: str) -> None:
    if not isinstance(name, str) or not _OBJECT_NAME_RE.fullmatch(name):
        raise ValueError(f"invalid Swarm object name {name!r}")


def _config_ref(config_id: str, name: str, target: str) -> dict[str, Any]:
    if not isinstance(config_id, str) or not _SWARM_ID_RE.fullmatch(config_id):
        raise ValueError(f"invalid Swarm config id {config_id!r}")
    _check_object_name(name)
    return {
        "File": {"Name": target, "UID": "0", "GID": "0", "Mode": 0o444},
        "ConfigID": config_id,
        "ConfigName": name,
    }


def proxy_service_spec(
    settings: ProxySettings,
    *,
    static_config_id: str,
    static_config_name: str,
    ca_config: tuple[str, str] | None,
) -> dict[str, Any]:
    """Body of `POST /services/create` (and of `/services/{id}/update`).

    `ca_config` is the (id, name) of the Swarm config holding `settings.acme_ca_bundle`.
    The only bind source is the Docker socket, present wherever Docker runs (Swarm fails the
    task, not the API call, on a missing bind source).
    """
    if (ca_config is None) != (settings.acme_ca_bundle is None):
        raise ValueError("ca_config must be given exactly when settings.acme_ca_bundle is set")
    configs = [_config_ref(static_config_id, static_config_name, STATIC_CONFIG_PATH)]
    env: list[str] = []
    if ca_config is not None:
        configs.append(_config_ref(ca_config[0], ca_config[1], CA_BUNDLE_PATH))
        # Read by lego (and Traefik's compatibility layer for it) in every v3 release, unlike the
        # newer `acme.caCertificates` option, which older v3 images reject at startup. The
        # system pool stays trusted: the bundle adds CAs, it does not replace them.
        env = [f"LEGO_CA_CERTIFICATES={CA_BUNDLE_PATH}", "LEGO_CA_SYSTEM_CERT_POOL=true"]
    constraints = ["node.role==manager"]  # the swarm provider needs a manager's Docker API
    if settings.node_id is not None:
        constraints.append(f"node.id=={settings.node_id}")
    container: dict[str, Any] = {
        "Image": settings.image,
        "Args": [f"--configFile={STATIC_CONFIG_PATH}"],
        "Env": env,
        "Labels": {MANAGED_LABEL: "true", COMPONENT_LABEL: "proxy"},
        "Init": True,  # PID 1 that forwards SIGTERM and reaps: graceful stop in seconds
        "StopGracePeriod": nanoseconds(STOP_GRACE_SECONDS),
        "HealthCheck": {
            "Test": list(HEALTH_TEST),
            "Interval": nanoseconds(HC_INTERVAL),
            "Timeout": nanoseconds(HC_TIMEOUT),
            "Retries": HC_RETRIES,
            "StartPeriod": nanoseconds(HC_START_PERIOD),
            "StartInterval": nanoseconds(HC_START_INTERVAL),  # API >= 1.44; older engines ignore it
        },
        "Mounts": [
            # Read-only stops the socket file being replaced; it does NOT make the Docker API
            # read-only. Traefik with this socket is root on the node: keep its image pinned.
            {"Type": "bind", "Source": DOCKER_SOCKET, "Target": DOCKER_SOCKET, "ReadOnly": True},
            {
                "Type": "volume",
                "Source": DYNAMIC_VOLUME,
                "Target": DYNAMIC_DIR_IN_CONTAINER,
                "ReadOnly": True,
                "VolumeOptions": {"Labels": {MANAGED_LABEL: "true", COMPONENT_LABEL: "proxy"}},
            },
            {
                # Certificates and the ACME account outlive task restarts and image updates;
                # losing them means re-issuing everything against the CA's rate limits.
                "Type": "volume",
                "Source": ACME_VOLUME,
                "Target": ACME_DIR,
                "VolumeOptions": {"Labels": {MANAGED_LABEL: "true", COMPONENT_LABEL: "proxy"}},
            },
        ],
        "Configs": configs,
    }
    rollout = {
        "Parallelism": 1,
        "Delay": 0,
        "Monitor": nanoseconds(MONITOR_SECONDS),
        "MaxFailureRatio": 0,
        # Host-mode ports can be bound by one task per node only: with start-first the new task
        # can never bind 80/443 while the old one holds them, and the update hangs Pending.
        # Stop-first costs a few seconds of refused connections per proxy update (rare,
        # operator-triggered); app updates go through the running proxy and stay start-first.
        "Order": "stop-first",
    }
    spec: dict[str, Any] = {
        "Name": SERVICE_NAME,
        "Labels": {MANAGED_LABEL: "true", COMPONENT_LABEL: "proxy"},
        "TaskTemplate": {
            "ContainerSpec": container,
            "Placement": {"Constraints": constraints},
            "Networks": [{"Target": settings.network}],
            "RestartPolicy": {"Condition": "any", "Delay": nanoseconds(5), "MaxAttempts": 0},
        },
        # One replica, not global on managers: Traefik cannot share ACME state between
        # instances, so two would each order every certificate (rate limits) and an HTTP-01
        # challenge could land on the instance that did not ask for it.
        "Mode": {"Replicated": {"Replicas": 1}},
        "UpdateConfig": {**rollout, "FailureAction": "rollback"},
        "RollbackConfig": {**rollout, "FailureAction": "pause"},
        "EndpointSpec": {
            # dnsrr: no service VIP (IPVS), which nothing uses and some kernels lack.
            "Mode": "dnsrr",
            # Host mode: the routing mesh needs IPVS and hides client addresses behind SNAT.
            "Ports": [
                {
                    "Protocol": "tcp",
                    "TargetPort": target,
                    "PublishedPort": port,
                    "PublishMode": "host",
                }
                for target, port in ((80, settings.http_port), (443, settings.https_port))
            ],
        },
    }
    spec["Labels"][SPEC_HASH_LABEL] = spec_hash(spec)
    return spec
