"""Custom domains as Traefik file-provider documents, one per application. Pure data, no I/O.

Why the file provider and not more Swarm service labels:
- A label change is a Swarm service update, which restarts the app's tasks: adding a domain
  would redeploy the app. A file in the proxy's `berth-proxy-dynamic` volume is picked up by
  Traefik's watcher within a second, touches no task and no other application's file.
- Uploaded certificates need `tls.certificates`, which only the file provider accepts.
- One document per application: a bad or missing file affects that application only.

Routers point at `<service>@swarm` (the load balancer the app's own labels define), so the
swarm provider keeps choosing healthy tasks only and zero-downtime updates still hold. A
domain that targets another container port gets its own file-provider service addressed by
the app's overlay DNS name (dnsrr: the task IPs), which is not health-aware during updates.

Every value here comes from users and is validated again when a `DomainRoute` is built: a
host or a path prefix can never close a rule's backtick string, and header values can never
carry a line break (the document is JSON, so quotes are data, never syntax).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from api.infra import traefik
from api.infra.service_spec import validate_host

CertificateMode = Literal["letsencrypt-http", "letsencrypt-tls-alpn", "uploaded", "none"]
WwwRedirect = Literal["none", "www-to-apex", "apex-to-www"]

CERTIFICATE_MODES: tuple[CertificateMode, ...] = (
    "letsencrypt-http",
    "letsencrypt-tls-alpn",
    "uploaded",
    "none",
)
RESOLVERS: Mapping[str, str] = {
    "letsencrypt-http": traefik.HTTP_RESOLVER,
    "letsencrypt-tls-alpn": traefik.TLSALPN_RESOLVER,
}
MAX_PATH_PREFIX = 256
MAX_HEADERS = 50
MAX_HEADER_VALUE = 4096
MAX_AUTH_USERS = 50
FILE_PREFIX = "app-"
FILE_SUFFIX = ".yml"

# Path segments of RFC 3986 unreserved characters only: no `%` (an encoded `/` or `..`
# would slip past the checks), no backtick, quote, space or parenthesis that a rule could
# read as syntax.
_SEGMENT_RE = re.compile(r"[A-Za-z0-9._~-]{1,64}")
_HEADER_NAME_RE = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}")
# Printable ASCII plus space and tab: no CR/LF (response splitting), no NUL.
_HEADER_VALUE_RE = re.compile(r"[\x20-\x7e\t]*")
# Headers the proxy or the HTTP framing owns: setting them breaks responses, not styles them.
FORBIDDEN_HEADERS = frozenset(
    {"connection", "content-length", "transfer-encoding", "host", "keep-alive", "upgrade", "te"}
)
_BCRYPT_RE = re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")
_USERNAME_RE = re.compile(r"[A-Za-z0-9._@+-]{1,64}")


def validate_path_prefix(prefix: str) -> str:
    """`/` or `/seg[/seg...]`, no trailing slash, no `.`/`..` segments. Returns it unchanged."""
    if not isinstance(prefix, str) or not prefix.startswith("/") or len(prefix) > MAX_PATH_PREFIX:
        raise ValueError(f"path prefix must start with '/' (at most {MAX_PATH_PREFIX} characters)")
    if prefix == "/":
        return prefix
    segments = prefix[1:].split("/")
    for segment in segments:
        if segment in (".", "..") or not _SEGMENT_RE.fullmatch(segment):
            raise ValueError(
                f"invalid path prefix {prefix!r}: segments of letters, digits and '-._~' only, "
                "no empty, '.' or '..' segment, no trailing '/'"
            )
    return prefix


def validate_headers(headers: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(headers, Mapping) or len(headers) > MAX_HEADERS:
        raise ValueError(f"headers must be a mapping of at most {MAX_HEADERS} entries")
    seen: set[str] = set()
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME_RE.fullmatch(name):
            raise ValueError(f"invalid header name {name!r}: an HTTP token expected")
        if name.lower() in FORBIDDEN_HEADERS:
            raise ValueError(f"header {name!r} is managed by the proxy and cannot be set")
        if name.lower() in seen:
            raise ValueError(f"header {name!r} is given twice")
        seen.add(name.lower())
        if (
            not isinstance(value, str)
            or len(value) > MAX_HEADER_VALUE
            or not _HEADER_VALUE_RE.fullmatch(value)
        ):
            raise ValueError(
                f"invalid value for header {name!r}: printable ASCII without line breaks, "
                f"at most {MAX_HEADER_VALUE} characters"
            )
    return dict(sorted(headers.items()))


def validate_auth_user(entry: str) -> None:
    """`user:<bcrypt hash>`, as Traefik's basicAuth reads it: only hashes reach the proxy."""
    user, sep, digest = entry.partition(":") if isinstance(entry, str) else ("", "", "")
    if not sep or not _USERNAME_RE.fullmatch(user) or not _BCRYPT_RE.fullmatch(digest):
        raise ValueError("basic auth entries must be 'user:<bcrypt hash>'")


def www_alias(host: str, mode: WwwRedirect) -> str | None:
    """The other spelling of a host that redirects to it, or None."""
    if mode == "www-to-apex":
        if host.startswith("www."):
            raise ValueError("www-to-apex needs the apex host (without 'www.') as the domain")
        alias = f"www.{host}"
    elif mode == "apex-to-www":
        if not host.startswith("www.") or host.count(".") < 2:
            raise ValueError("apex-to-www needs a 'www.' host with an apex behind it")
        alias = host.removeprefix("www.")
    else:
        return None
    validate_host(alias)
    return alias


@dataclass(frozen=True)
class DomainRoute:
    """One domain of one application; construction validates every field."""

    id: uuid.UUID
    host: str
    path_prefix: str = "/"
    strip_prefix: bool = False
    port: int | None = None  # None: the application's own port (its @swarm service)
    certificate: CertificateMode = "letsencrypt-http"
    redirect_https: bool = True
    www_redirect: WwwRedirect = "none"
    basic_auth: Sequence[str] = ()  # `user:<bcrypt>` entries
    headers: Mapping[str, str] = field(default_factory=dict)
    # PEM text of an uploaded certificate chain and its key; only for `uploaded`.
    certificate_pem: str | None = None
    private_key_pem: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, uuid.UUID):
            raise ValueError("id must be a UUID")
        if self.host.startswith("*"):
            raise ValueError("wildcard hosts are not supported: add each host as its own domain")
        validate_host(self.host)
        validate_path_prefix(self.path_prefix)
        if self.strip_prefix and self.path_prefix == "/":
            raise ValueError("strip_prefix needs a path prefix other than '/'")
        if self.port is not None and (
            isinstance(self.port, bool) or not isinstance(self.port, int)
        ):
            raise ValueError("port must be an integer")
        if self.port is not None and not 1 <= self.port <= 65535:
            raise ValueError(f"port must be from 1 to 65535, got {self.port}")
        if self.certificate not in CERTIFICATE_MODES:
            raise ValueError(f"certificate must be one of {list(CERTIFICATE_MODES)}")
        if self.certificate == "none" and self.redirect_https:
            raise ValueError("redirect_https needs a certificate (not 'none')")
        uploaded = self.certificate_pem is not None and self.private_key_pem is not None
        if (self.certificate == "uploaded") != uploaded:
            raise ValueError("certificate and key are given exactly for 'uploaded'")
        www_alias(self.host, self.www_redirect)
        auth = tuple(self.basic_auth)
        if len(auth) > MAX_AUTH_USERS:
            raise ValueError(f"at most {MAX_AUTH_USERS} basic auth users")
        for entry in auth:
            validate_auth_user(entry)
        object.__setattr__(self, "basic_auth", auth)
        object.__setattr__(self, "headers", validate_headers(self.headers))

    @property
    def https(self) -> bool:
        return self.certificate != "none"

    @property
    def name(self) -> str:
        return f"berth-domain-{self.id.hex}"


def _rule(host: str, prefix: str) -> str:
    validate_host(host)  # again: this is where a rule is written
    rule = f"Host(`{host}`)"
    if prefix != "/":
        # Whole segments: a bare PathPrefix(`/shop`) would also take `/shopping` (and strip
        # it to `/ping`).
        prefix = validate_path_prefix(prefix)
        rule += f" && (Path(`{prefix}`) || PathPrefix(`{prefix}/`))"
    return rule


@dataclass
class _Document:
    routers: dict[str, Any] = field(default_factory=dict)
    middlewares: dict[str, Any] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)
    certificates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        http: dict[str, Any] = {"routers": self.routers}
        if self.middlewares:
            http["middlewares"] = self.middlewares
        if self.services:
            http["services"] = self.services
        document: dict[str, Any] = {"http": http}
        if self.certificates:
            document["tls"] = {"certificates": self.certificates}
        return document


def _target(
    doc: _Document, route: DomainRoute, service_name: str, app_port: int | None, swarm: bool
) -> str:
    port = route.port if route.port is not None else app_port
    if port is None:
        raise ValueError("the application has no port and the domain names none")
    if swarm and port == app_port:
        # The swarm provider's load balancer: health-aware, follows rolling updates.
        return f"{service_name}@swarm"
    name = f"{route.name}-port"
    doc.services[name] = {"loadBalancer": {"servers": [{"url": f"http://{service_name}:{port}"}]}}
    return name


def _serving_chain(doc: _Document, route: DomainRoute) -> list[str]:
    """Auth first (nothing else runs for a stranger), then headers, then the prefix strip."""
    name, chain = route.name, []
    if route.basic_auth:
        auth = {"users": list(route.basic_auth), "removeHeader": True}
        doc.middlewares[f"{name}-auth"] = {"basicAuth": auth}
        chain.append(f"{name}-auth")
    if route.headers:
        doc.middlewares[f"{name}-headers"] = {
            "headers": {"customResponseHeaders": dict(route.headers)}
        }
        chain.append(f"{name}-headers")
    if route.strip_prefix:
        doc.middlewares[f"{name}-strip"] = {"stripPrefix": {"prefixes": [route.path_prefix]}}
        chain.append(f"{name}-strip")
    return chain


def _add_route(doc: _Document, route: DomainRoute, target: str) -> None:
    name = route.name

    def router(rule: str, entry: str, chain: list[str]) -> dict[str, Any]:
        body: dict[str, Any] = {"rule": rule, "entryPoints": [entry], "service": target}
        if chain:
            body["middlewares"] = chain
        if entry == "websecure":
            resolver = RESOLVERS.get(route.certificate)
            # Uploaded: an empty tls section; Traefik picks the certificate from
            # `tls.certificates` by SNI.
            body["tls"] = {"certResolver": resolver} if resolver else {}
        return body

    chain = _serving_chain(doc, route)
    rule = _rule(route.host, route.path_prefix)
    doc.routers[name] = router(rule, traefik_entrypoint(route.https), chain)
    if route.https:
        http_chain = chain
        if route.redirect_https:
            redirect = {"scheme": "https", "permanent": True}
            doc.middlewares[f"{name}-to-https"] = {"redirectScheme": redirect}
            http_chain = [f"{name}-to-https"]
        doc.routers[f"{name}-http"] = router(rule, "web", http_chain)
    alias = www_alias(route.host, route.www_redirect)
    if alias is not None:
        scheme = "https" if route.https else "http"
        doc.middlewares[f"{name}-canonical"] = {
            "redirectRegex": {
                "regex": r"^https?://[^/]+(.*)$",
                "replacement": f"{scheme}://{route.host}${{1}}",
                "permanent": True,
            }
        }
        alias_rule, canonical = _rule(alias, route.path_prefix), [f"{name}-canonical"]
        doc.routers[f"{name}-alias"] = router(
            alias_rule, traefik_entrypoint(route.https), canonical
        )
        if route.https:
            doc.routers[f"{name}-alias-http"] = router(alias_rule, "web", canonical)
    if route.certificate_pem is not None and route.private_key_pem is not None:
        # PEM content inline (Traefik reads a value that is no existing path as content): one
        # file per application, replaced as a whole.
        doc.certificates.append(
            {"certFile": route.certificate_pem, "keyFile": route.private_key_pem}
        )


def application_document(
    service_name: str,
    app_port: int | None,
    routes: Sequence[DomainRoute],
    *,
    swarm_routed: bool = True,
) -> dict[str, Any]:
    """The file-provider document for one application's domains (`{}` when it has none).

    `swarm_routed`: the app's own labels define `<service>@swarm` (they do when the server
    has a base domain and the app a port); otherwise every domain gets a DNS-addressed
    service."""
    if not routes:
        return {}
    doc = _Document()
    for route in routes:
        _add_route(doc, route, _target(doc, route, service_name, app_port, swarm_routed))
    return doc.as_dict()


def traefik_entrypoint(https: bool) -> str:
    return "websecure" if https else "web"


def file_name(service_name: str) -> str:
    """The document's name in the dynamic volume; the service name is a DNS label."""
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", service_name):
        raise ValueError(f"invalid service name {service_name!r}")
    return f"{FILE_PREFIX}{service_name}{FILE_SUFFIX}"


def render(document: Mapping[str, Any]) -> str:
    """JSON is YAML: Traefik parses it by the `.yml` extension, and JSON escaping makes any
    quote or backslash in a value data. Sorted keys: the same domains give the same bytes."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True) + "\n"
