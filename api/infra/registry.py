"""A registry's HTTP API v2, only as far as proving that credentials work: the same
handshake `docker login` does against ``/v2/`` (Basic, or the Bearer token flow).

httpx errors never leave this module; callers see the RegistryError hierarchy.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from api.infra.errors import InfraError
from api.kit.lazy import lazy_module

if TYPE_CHECKING:
    import httpx
else:
    httpx = lazy_module("httpx")

DOCKER_HUB_API = "registry-1.docker.io"
# A token answer is a small JSON document: anything larger is not a registry talking.
_MAX_TOKEN_BYTES = 64 * 1024
_PARAM = re.compile(r'([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))')


class RegistryError(InfraError):
    """Base of what can go wrong checking a registry."""


class RegistryUnreachable(RegistryError):
    """No HTTPS answer: DNS, refused, timed out, or a certificate we don't trust."""


class CredentialsRejected(RegistryError):
    """The registry (or its token service) said the credentials are wrong."""


class RegistryProtocolError(RegistryError):
    """Something answered, but not as a Docker registry would."""


@dataclass(frozen=True)
class Challenge:
    scheme: str  # lower-case: "basic", "bearer", ...
    params: dict[str, str]


@dataclass(frozen=True)
class CheckResult:
    auth_scheme: Literal["bearer", "basic", "none"]
    detail: str


def parse_challenge(header: str) -> Challenge:
    """``Bearer realm="https://auth.example/token",service="registry"`` -> Challenge."""
    scheme, _, rest = header.strip().partition(" ")
    params = {}
    for match in _PARAM.finditer(rest):
        quoted, bare = match.group(2), match.group(3)
        value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare
        params[match.group(1).lower()] = value
    return Challenge(scheme.lower(), params)


def api_base(host: str) -> str:
    return f"https://{DOCKER_HUB_API if host == 'docker.io' else host}"


async def check_credentials(
    host: str,
    username: str,
    password: str,
    *,
    verify: ssl.SSLContext,
    timeout: float = 10.0,
) -> CheckResult:
    """Authenticate against ``https://<host>/v2/``; raise a RegistryError saying why not."""
    base = api_base(host)
    try:
        async with (
            asyncio.timeout(timeout),
            httpx.AsyncClient(verify=verify, timeout=timeout, follow_redirects=False) as client,
        ):
            return await _check(client, base, username, password)
    except TimeoutError as exc:
        raise RegistryUnreachable(f"{base} did not answer within {timeout:.0f}s") from exc
    except httpx.HTTPError as exc:
        raise RegistryUnreachable(_describe(base, exc)) from exc


async def _check(client: httpx.AsyncClient, base: str, username: str, password: str) -> CheckResult:
    url = f"{base}/v2/"
    anonymous = await _head_of(client, url)
    if anonymous.status_code == 200:
        # Open to everyone: still send the credentials, so wrong ones show up if the
        # registry checks them when offered.
        _expect_ok(await _head_of(client, url, auth=(username, password)), url)
        return CheckResult(
            "none", "the registry allows anonymous access; it accepted the credentials too"
        )
    if anonymous.status_code != 401:
        raise RegistryProtocolError(
            f"GET {url} answered {anonymous.status_code}: not a Docker registry (API v2)"
        )
    challenge = parse_challenge(anonymous.headers.get("www-authenticate", ""))
    if challenge.scheme == "basic":
        _expect_ok(await _head_of(client, url, auth=(username, password)), url)
        return CheckResult("basic", f"{url} accepted the credentials (basic auth)")
    if challenge.scheme == "bearer":
        token = await _fetch_token(client, challenge, username, password)
        bearer = {"Authorization": f"Bearer {token}"}
        _expect_ok(await _head_of(client, url, headers=bearer), url)
        realm = httpx.URL(challenge.params["realm"]).host
        return CheckResult("bearer", f"the token service at {realm} accepted the credentials")
    raise RegistryProtocolError(
        f"GET {url} asks for authentication scheme {challenge.scheme or '(none)'!r}; "
        "a registry uses Basic or Bearer"
    )


async def _head_of(
    client: httpx.AsyncClient,
    url: str,
    *,
    auth: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Status and headers of a GET; the body is never read (a hostile host can't make us
    buffer gigabytes)."""
    async with client.stream("GET", url, auth=auth, headers=headers) as response:
        return response


async def _fetch_token(
    client: httpx.AsyncClient, challenge: Challenge, username: str, password: str
) -> str:
    realm = challenge.params.get("realm", "")
    try:
        realm_url = httpx.URL(realm)
    except httpx.InvalidURL as exc:
        raise RegistryProtocolError(f"the registry's token realm {realm!r} is no URL") from exc
    if realm_url.scheme != "https":
        # The password would travel in clear text to wherever the registry points.
        raise RegistryProtocolError(
            f"the registry sends credentials to {realm!r}, which is not an https:// URL: refused"
        )
    params = {"account": username, "client_id": "berth"}
    for name in ("service", "scope"):
        if name in challenge.params:
            params[name] = challenge.params[name]
    async with client.stream(
        "GET", realm_url, params=params, auth=(username, password)
    ) as response:
        if response.status_code in (401, 403):
            raise CredentialsRejected(
                f"the token service at {realm_url.host} refused the credentials "
                f"({response.status_code})"
            )
        if response.status_code != 200:
            raise RegistryProtocolError(
                f"the token service at {realm_url.host} answered {response.status_code}"
            )
        body = b""
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > _MAX_TOKEN_BYTES:
                raise RegistryProtocolError("the token service's answer is too large")
    try:
        document = httpx.Response(200, content=body).json()
        token = document.get("token") or document.get("access_token")
    except (ValueError, AttributeError) as exc:
        raise RegistryProtocolError("the token service did not answer JSON") from exc
    if not isinstance(token, str) or not token:
        raise RegistryProtocolError("the token service's answer holds no token")
    return token


def _expect_ok(response: httpx.Response, url: str) -> None:
    if response.status_code == 200:
        return
    if response.status_code in (401, 403):
        raise CredentialsRejected(f"{url} refused the credentials ({response.status_code})")
    raise RegistryProtocolError(f"GET {url} answered {response.status_code} after login")


def _describe(base: str, exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return (
            f"{base}: its TLS certificate is not trusted ({text}). For a private CA, set "
            "BERTH_REGISTRIES__CA_FILE (and install the CA in /etc/docker/certs.d on servers)"
        )
    if "WRONG_VERSION_NUMBER" in text:
        return (
            f"{base}: it does not speak HTTPS ({text}); a plain-HTTP registry is never sent "
            "credentials"
        )
    return f"{base}: {text}"
