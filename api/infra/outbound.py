"""Requests to addresses users typed in (notification webhooks, SMTP servers), made so they
cannot reach the control plane's own network.

A URL is user input that the control plane fetches from *inside* its network: without a
guard, "https://169.254.169.254/latest/meta-data/" or "http://10.0.0.5:6379" would make
Berth read cloud credentials or talk to its own Redis (SSRF). So:

- only public (globally routable) addresses are reached, plus the private networks the
  operator lists; link-local (which holds every cloud's metadata service), loopback-like,
  multicast and reserved ranges, and NAT64/6to4 prefixes that embed an IPv4 address, are
  refused whatever the list says;
- the name is resolved *at each delivery*, every address it resolves to must pass, and the
  connection goes to the address that was checked (TLS still verifies the name): a DNS
  answer that changes between check and connect (rebinding) gains nothing;
- redirects are not followed (a public URL answering 302 to an internal one), proxies from
  the environment are not used, and only a bounded part of the answer is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.message
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import anyio

from api.infra.errors import InfraError
from api.kit.lazy import lazy_module

if TYPE_CHECKING:
    import aiosmtplib
    import httpx
else:
    aiosmtplib = lazy_module("aiosmtplib")
    httpx = lazy_module("httpx")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Never reachable, even if an operator lists a network that contains them.
ALWAYS_REFUSED: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "169.254.0.0/16",  # link-local: AWS/GCP/Azure/OpenStack metadata at 169.254.169.254
        "100.100.100.200/32",  # Alibaba Cloud metadata
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "fe80::/10",
        "fd00:ec2::254/128",  # AWS metadata over IPv6
        "ff00::/8",
        "64:ff9b::/96",  # NAT64: an IPv6 address standing for any IPv4 one
        "64:ff9b:1::/48",
        "2002::/16",  # 6to4: likewise
    )
)

MAX_ANSWER_BYTES = 4096


class OutboundError(InfraError):
    """The request could not be made or got no usable answer (retry may help)."""


class AddressRefused(OutboundError):
    """The destination is an address Berth will not reach (never worth retrying)."""


@dataclass(frozen=True)
class AddressPolicy:
    allowed_private: tuple[IPNetwork, ...] = ()
    allow_insecure: bool = False

    def refusal(self, address: IPAddress) -> str | None:
        """Why `address` may not be reached, or None when it may."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in net for net in ALWAYS_REFUSED if net.version == address.version):
            return f"{address} is a link-local, metadata, multicast or reserved address"
        if any(address in net for net in self.allowed_private if net.version == address.version):
            return None
        if not address.is_global:
            return (
                f"{address} is a private, loopback or shared address; the operator can "
                "allow a private network with BERTH_NOTIFICATIONS__ALLOWED_PRIVATE_NETWORKS"
            )
        return None


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve_checked(host: str, port: int, policy: AddressPolicy) -> IPAddress:
    """The address to connect to: every address `host` resolves to must be allowed."""
    literal = literal_address(host)
    if literal is not None:
        addresses: Sequence[IPAddress] = [literal]
    else:
        try:
            infos = await asyncio.wait_for(
                asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM),
                timeout=5,
            )
        except (OSError, TimeoutError) as exc:
            raise OutboundError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not addresses:
            raise OutboundError(f"{host} resolves to no address")
    for address in addresses:
        reason = policy.refusal(address)
        if reason is not None:
            raise AddressRefused(f"{host} is refused: {reason}")
    return addresses[0]


@dataclass(frozen=True)
class HttpAnswer:
    status_code: int
    headers: Mapping[str, str]
    body: str  # at most MAX_ANSWER_BYTES, decoded leniently
    duration_ms: int


def check_url(url: str, policy: AddressPolicy) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL Berth may post to; ValueError says why not."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise ValueError("must be an https:// URL")
    if parts.scheme == "http" and not policy.allow_insecure:
        raise ValueError(
            "must be https:// (plain http is allowed only when the operator sets "
            "BERTH_NOTIFICATIONS__ALLOW_INSECURE_TRANSPORT)"
        )
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials before the host (user:pass@)")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # a port that is not a number or out of range
        raise ValueError(f"has an invalid port: {exc}") from exc
    if not host:
        raise ValueError("has no host")
    if parts.fragment:
        raise ValueError("must not have a #fragment")
    literal = literal_address(host)
    if literal is not None and (reason := policy.refusal(literal)) is not None:
        raise ValueError(f"points at a refused address: {reason}")
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


async def post(
    url: str,
    *,
    content: bytes,
    headers: Mapping[str, str],
    policy: AddressPolicy,
    timeout: float,
    verify: ssl.SSLContext,
) -> HttpAnswer:
    """POST `content` to `url` at an address that passed `policy`; any status is an answer."""
    try:
        scheme, host, port = check_url(url, policy)
    except ValueError as exc:
        raise AddressRefused(f"the URL {exc}") from exc
    address = await resolve_checked(host, port, policy)
    parts = urlsplit(url)
    netloc = f"[{address}]" if address.version == 6 else str(address)
    pinned = parts._replace(netloc=f"{netloc}:{port}").geturl()
    host_header = host if parts.port is None else f"{host}:{port}"
    started = time.monotonic()
    try:
        # anyio's deadline, not asyncio's: httpcore works in anyio cancel scopes, which can
        # swallow a bare asyncio cancellation and leave the task hanging.
        with anyio.fail_after(timeout):
            async with (
                httpx.AsyncClient(
                    verify=verify,
                    trust_env=False,
                    follow_redirects=False,
                    timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                ) as client,
                client.stream(
                    "POST",
                    pinned,
                    content=content,
                    headers={**headers, "Host": host_header},
                    extensions={"sni_hostname": host} if scheme == "https" else {},
                ) as response,
            ):
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) >= MAX_ANSWER_BYTES:
                        break
    except (httpx.HTTPError, TimeoutError, OSError, ssl.SSLError) as exc:
        # The message names the host, never the URL: a Slack or Telegram URL is a secret.
        raise OutboundError(f"{host}: {_describe(exc)}") from exc
    return HttpAnswer(
        status_code=response.status_code,
        headers=dict(response.headers),
        body=bytes(body[:MAX_ANSWER_BYTES]).decode("utf-8", errors="replace"),
        duration_ms=int((time.monotonic() - started) * 1000),
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return "no answer in time"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


TlsMode = Literal["starttls", "tls", "none"]


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: TlsMode
    username: str | None
    password: str | None


class SmtpRefused(OutboundError):
    """The SMTP server answered with an error (its own words are in the message)."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


async def send_mail(
    server: SmtpServer,
    message: email.message.EmailMessage,
    recipients: Iterable[str],
    *,
    policy: AddressPolicy,
    timeout: float,
    verify: ssl.SSLContext,
) -> None:
    """Send one message through `server`, connected at an address that passed `policy`."""
    if server.tls == "none" and not policy.allow_insecure:
        raise AddressRefused("SMTP without TLS is allowed only when the operator allows it")
    address = await resolve_checked(server.host, server.port, policy)
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    handed_over = False
    try:
        async with asyncio.timeout(timeout):
            await asyncio.get_running_loop().sock_connect(sock, (str(address), server.port))
            handed_over = True
            # The checked socket is handed over; `hostname` is only what TLS verifies.
            client = aiosmtplib.SMTP(
                hostname=server.host,
                sock=sock,
                use_tls=server.tls == "tls",
                start_tls=server.tls == "starttls",
                tls_context=verify,
                username=server.username,
                password=server.password,
                timeout=timeout,
            )
            async with client:
                await client.send_message(message, recipients=list(recipients))
    except aiosmtplib.SMTPResponseException as exc:
        # 5xx is the server saying no for good (bad recipient, auth refused); 4xx is "later".
        raise SmtpRefused(
            f"{server.host}: {exc.code} {exc.message}", permanent=500 <= exc.code < 600
        ) from exc
    except (aiosmtplib.SMTPException, TimeoutError, OSError, ssl.SSLError) as exc:
        raise OutboundError(f"{server.host}: {_describe(exc)}") from exc
    finally:
        # Once handed over, the socket is the transport's to close. Closing it here after a
        # failure inside STARTTLS (a refused login) freed its descriptor while the TLS
        # layer's shutdown still held the raw transport, and the next send that got the
        # same descriptor number failed with "is used by transport". Shutting it down
        # instead ends the connection at once and lets that transport close it.
        with contextlib.suppress(OSError):
            if handed_over:
                sock.shutdown(socket.SHUT_RDWR)
            else:
                sock.close()
