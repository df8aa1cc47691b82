"""Certificate status read from the server's proxy, not guessed from the database.

Issued: the certificate is in Traefik's ACME storage (`acme.json` in the proxy's ACME
volume, keyed by resolver). Failed: the proxy's JSON log has an error naming the host; the
CA's own words (`urn:ietf:params:acme:error:...` and its detail) are in that error, and
they are returned as they are, because "it failed" is the peers' most reported TLS pain.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509

from api.domains import certificates
from api.domains.schemas import CertificateState, CertificateStatus
from api.infra import proxy_files, traefik
from api.infra import traefik_domains as td
from api.infra.connections import ConnectionManager
from api.infra.errors import InfraError
from api.kit.crypto import Keyring
from api.models import CertificateMode, Domain, Server
from api.servers.connectivity import connection_target, problem_for

LOG_TAIL = 3000
# Server and control-plane clocks differ a little; a failure logged this much before the
# domain was created still counts.
CLOCK_SKEW = timedelta(seconds=30)
MAX_REASON = 2000
ACME_PATH = f"{proxy_files.ACME_MOUNT}/{traefik.ACME_STORAGE.rsplit('/', 1)[1]}"


def issued_certificate(
    storage: dict[str, Any], resolver: str, host: str
) -> x509.Certificate | None:
    """The newest certificate in the resolver's storage whose names cover the host."""
    section = storage.get(resolver)
    entries = section.get("Certificates") if isinstance(section, dict) else None
    best: x509.Certificate | None = None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        try:
            pem = base64.b64decode(entry.get("certificate") or "")
            cert = x509.load_pem_x509_certificates(pem)[0]
        except (ValueError, IndexError, TypeError):
            continue
        if certificates.covers(certificates.describe(cert).names, host) and (
            best is None or cert.not_valid_after_utc > best.not_valid_after_utc
        ):
            best = cert
    return best


def last_failure(lines: Iterable[str], host: str) -> tuple[str, datetime | None] | None:
    """The proxy's latest ACME error that names this host: (reason, when)."""
    found: tuple[str, datetime | None] | None = None
    for line in lines:
        start = line.find("{")
        if start < 0:
            continue
        try:
            entry = json.loads(line[start:])
        except ValueError:
            continue
        if not isinstance(entry, dict) or entry.get("level") not in ("error", "warn"):
            continue
        domains = entry.get("domains") or []
        text = f"{entry.get('error', '')} {entry.get('message', '')}"
        if host not in domains and f"[{host}]" not in text and f"`{host}`" not in text:
            continue
        if "acme" not in json.dumps(entry).lower():
            continue
        reason = str(entry.get("error") or entry.get("message") or "unknown error")
        when = None
        if isinstance(entry.get("time"), str):
            try:
                when = datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))
            except ValueError:
                when = None
        found = (reason[:MAX_REASON], when)
    return found


def _status(
    domain: Domain,
    state: CertificateState,
    *,
    reason: str | None = None,
    cert: x509.Certificate | None = None,
    failed_at: datetime | None = None,
) -> CertificateStatus:
    info = certificates.describe(cert) if cert is not None else None
    return CertificateStatus(
        domain_id=domain.id,
        host=domain.host,
        certificate=domain.certificate,
        status=state,
        reason=reason,
        not_after=info.not_after if info else domain.certificate_not_after,
        issuer=info.issuer if info else None,
        failed_at=failed_at,
    )


def _renewal_window(cert: x509.Certificate) -> datetime:
    """Traefik renews in the last third of a certificate's life (30 of 90 days). A failure
    before that is from the first attempts, which the issued certificate superseded (CAs
    back-date notBefore, so issuance time itself is unknown)."""
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    return end - (end - start) / 3 - timedelta(hours=1)


def _stale(domain: Domain, failed_at: datetime | None) -> bool:
    if failed_at is None or domain.created_at is None:
        return False
    return failed_at < domain.created_at - CLOCK_SKEW


def decide(domain: Domain, storage: dict[str, Any], log_lines: Iterable[str]) -> CertificateStatus:
    resolver = td.RESOLVERS[domain.certificate.value]
    cert = issued_certificate(storage, resolver, domain.host)
    failure = last_failure(log_lines, domain.host)
    if failure is not None and _stale(domain, failure[1]):
        failure = None  # about an earlier domain with this host, removed since
    if cert is not None:
        when = failure[1] if failure is not None else None
        if failure is not None and when is not None and when >= _renewal_window(cert):
            # Still valid, but the renewal is failing: say so before it expires.
            return _status(
                domain, "issued", cert=cert, reason=f"renewal failed: {failure[0]}", failed_at=when
            )
        return _status(domain, "issued", cert=cert)
    if failure is not None:
        return _status(domain, "failed", reason=failure[0], failed_at=failure[1])
    return _status(domain, "pending", reason="the proxy has not obtained a certificate yet")


async def certificate_statuses(
    keyring: Keyring, connections: ConnectionManager, server: Server, domains: Sequence[Domain]
) -> list[CertificateStatus]:
    """Every domain's status from one read of the proxy's storage and log."""
    acme = [d for d in domains if d.certificate.value in td.RESOLVERS]
    storage: dict[str, Any] = {}
    lines: list[str] = []
    reason = None
    if acme and not server.is_set_up:
        reason = f"server '{server.name}' is not set up yet"
    elif acme:
        try:
            storage, lines = await _read_proxy_state(keyring, connections, server)
        except proxy_files.ProxyNotInstalled:
            reason = f"server '{server.name}' has no proxy"
    out = []
    for domain in domains:
        if domain.certificate == CertificateMode.none:
            out.append(_status(domain, "none"))
        elif domain.certificate == CertificateMode.uploaded:
            out.append(_status(domain, "uploaded"))
        elif reason is not None:
            out.append(_status(domain, "pending", reason=reason))
        else:
            out.append(decide(domain, storage, lines))
    return out


async def certificate_status(
    keyring: Keyring, connections: ConnectionManager, server: Server, domain: Domain
) -> CertificateStatus:
    return (await certificate_statuses(keyring, connections, server, [domain]))[0]


async def _read_proxy_state(
    keyring: Keyring, connections: ConnectionManager, server: Server
) -> tuple[dict[str, Any], list[str]]:
    try:
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            files = await proxy_files.read_files(conn.docker, [ACME_PATH])
            logs = await conn.docker.service_logs(traefik.SERVICE_NAME, tail=LOG_TAIL)
    except proxy_files.ProxyNotInstalled:
        raise
    except InfraError as exc:
        raise problem_for(server, exc) from exc
    raw = files.get(ACME_PATH)
    try:
        storage = json.loads(raw) if raw else {}
    except ValueError:
        storage = {}
    return (storage if isinstance(storage, dict) else {}), [m for _, m in logs]
