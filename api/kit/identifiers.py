"""Validated identifiers that end up in SSH targets, Docker specs and proxy rules.

Every peer's security history is user input reaching a shell or a config file: these
types accept only the shapes that are safe everywhere they travel.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Annotated

from pydantic import AfterValidator, Field

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")


def normalize_ip(value: str) -> str:
    if "%" in value:
        # `ip_address` accepts any text as an IPv6 zone id ("fe80::1%$(id)"), and a
        # link-local address is no way to reach a remote server anyway.
        raise ValueError("IPv6 zone ids (%...) are not supported")
    return str(ipaddress.ip_address(value.strip().strip("[]")))


def normalize_hostname(value: str) -> str:
    """Lower-cased, IDNA (punycode) encoded, RFC 1123 labels; raises ValueError otherwise."""
    host = value.strip().rstrip(".").lower()
    if not host or len(host) > 253:
        raise ValueError("must be 1-253 characters")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError("not a valid internationalised host name") from exc
    labels = ascii_host.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(
            "must be a host name made of letters, digits and inner hyphens (e.g. app.example.com)"
        )
    if labels[-1].isdigit() or _is_legacy_ipv4(ascii_host):
        # "300.1.1.1" is a mistyped IP, and the resolver reads "127.1" or "0x7f.1" as
        # 127.0.0.1: numbers that bypass IP validation are not host names.
        raise ValueError("not a valid IP address, and a number is not a host name")
    return ascii_host


def _is_legacy_ipv4(host: str) -> bool:
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


def validate_host(value: str) -> str:
    """A server address: an IP literal or a host name."""
    try:
        return normalize_ip(value)
    except ValueError:
        return normalize_hostname(value)


def validate_domain(value: str) -> str:
    domain = normalize_hostname(value)
    if "." not in domain:
        raise ValueError("must be a fully qualified domain (e.g. apps.example.com)")
    return domain


def validate_username(value: str) -> str:
    if not _USERNAME.fullmatch(value):
        raise ValueError("must be a POSIX user name: lower-case letters, digits, '_' or '-'")
    return value


# Docker reference grammar (distribution/reference), lower-case repository paths, an
# optional registry host[:port], tag and/or digest. Anything else never reaches the engine.
_IMAGE_REF = re.compile(
    r"(?:(?P<registry>[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*"
    r"[a-zA-Z0-9])?)*(?::[0-9]{1,5})?)/)?"
    r"(?P<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?"
)


def validate_image_ref(value: str) -> str:
    ref = value.strip()
    if len(ref) > 512 or not _IMAGE_REF.fullmatch(ref) or ref.startswith("-"):
        raise ValueError(
            "must be an image reference like registry.example.com:5000/team/app:1.2 "
            "(lower-case repository, optional tag and @sha256 digest)"
        )
    return ref


HostAddress = Annotated[str, Field(max_length=255), AfterValidator(validate_host)]
DomainName = Annotated[str, Field(max_length=253), AfterValidator(validate_domain)]
IPAddress = Annotated[str, Field(max_length=64), AfterValidator(normalize_ip)]
Username = Annotated[str, Field(max_length=32), AfterValidator(validate_username)]
Port = Annotated[int, Field(ge=1, le=65535)]
ImageRef = Annotated[str, Field(max_length=512), AfterValidator(validate_image_ref)]
