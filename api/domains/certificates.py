"""Host names and uploaded certificates: checked before anything is stored or sent."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID

from api.infra.service_spec import validate_host


def normalize_host(value: str) -> str:
    """Lower-case punycode without a trailing dot. Wildcards are refused: a wildcard route
    would capture other tenants' subdomains on a shared server, and HTTP-01 cannot prove it."""
    host = value.strip().rstrip(".")
    if "*" in host:
        raise ValueError("wildcard hosts are not supported: add each host as its own domain")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise ValueError(f"invalid international host name {value!r}: {exc}") from None
    host = host.lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ValueError("give a DNS name, not an IP address")
    validate_host(host)
    if "." not in host or host.rsplit(".", 1)[1].isdigit():
        raise ValueError(f"invalid host name {host!r}: a fully qualified DNS name is needed")
    return host


def unicode_host(host: str) -> str:
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


@dataclass(frozen=True)
class CertificateInfo:
    not_after: datetime
    issuer: str
    names: tuple[str, ...]


def _names(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        return tuple(n.lower() for n in san.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        return tuple(
            str(a.value).lower() for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        )


def covers(names: tuple[str, ...], host: str) -> bool:
    for name in names:
        if name == host:
            return True
        # A wildcard certificate covers exactly one label.
        if name.startswith("*.") and host.split(".", 1)[-1] == name[2:] and host.count(".") >= 2:
            return True
    return False


def describe(cert: x509.Certificate) -> CertificateInfo:
    issuer = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return CertificateInfo(
        not_after=cert.not_valid_after_utc,
        issuer=str(issuer[0].value) if issuer else cert.issuer.rfc4514_string(),
        names=_names(cert),
    )


def _public_bytes(key: PrivateKeyTypes) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def check_pair(certificate_pem: str, key_pem: str, host: str) -> CertificateInfo:
    """The leaf (first certificate) must match the key, cover the host and not be expired."""
    try:
        chain = x509.load_pem_x509_certificates(certificate_pem.encode())
    except ValueError:
        raise ValueError("certificate is not a PEM certificate chain") from None
    try:
        key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    except (ValueError, TypeError):
        raise ValueError("private_key is not an unencrypted PEM private key") from None
    leaf = chain[0]
    if _public_bytes(key) != leaf.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise ValueError("the private key does not belong to the certificate (first in chain)")
    info = describe(leaf)
    if not covers(info.names, host):
        raise ValueError(f"the certificate is for {list(info.names)}, not for {host!r}")
    if info.not_after <= datetime.now(UTC):
        raise ValueError(f"the certificate expired on {info.not_after.isoformat()}")
    return info


def normalized_pem(certificate_pem: str) -> str:
    """Certificates only, re-encoded: no stray text reaches the proxy's document."""
    chain = x509.load_pem_x509_certificates(certificate_pem.encode())
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in chain)


def normalized_key(key_pem: str) -> str:
    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
