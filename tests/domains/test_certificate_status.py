"""Certificate status from the proxy's ACME storage and log lines, as Traefik 3 writes them."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime

from api.domains.status import decide, last_failure
from api.models import CertificateMode, Domain
from tests.domains.certs import issue

HOST = "shop.example.com"
CA_REASON = (
    "unable to generate a certificate for the domains [shop.example.com]: error: one or more "
    "domains had a problem:\n[shop.example.com] invalid authorization: acme: error: 400 :: "
    "urn:ietf:params:acme:error:connection :: Connection refused"
)


def _domain(
    mode: CertificateMode = CertificateMode.letsencrypt_http,
    created_at: datetime = datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
) -> Domain:
    return Domain(id=uuid.uuid4(), host=HOST, certificate=mode, created_at=created_at)


def _log(**fields: object) -> str:
    return "2026-11-26T15:00:00.000000000Z " + json.dumps(fields)


def _storage(resolver: str, *hosts: str, days: int = 30) -> dict[str, object]:
    pem = issue(*hosts, days=days).certificate.encode()
    entry = {"domain": {"main": hosts[0]}, "certificate": base64.b64encode(pem).decode()}
    return {resolver: {"Account": {}, "Certificates": [entry]}}


def test_a_stored_certificate_is_issued_with_its_expiry() -> None:
    status = decide(_domain(), _storage("letsencrypt", HOST), [])
    assert status.status == "issued"
    assert status.not_after is not None
    assert status.not_after > datetime.now(UTC)
    assert status.issuer == "berth test CA"


def test_a_certificate_of_the_other_resolver_does_not_count() -> None:
    domain = _domain(CertificateMode.letsencrypt_tls_alpn)
    assert decide(domain, _storage("letsencrypt", HOST), []).status == "pending"


def test_the_cas_reason_is_returned_as_it_is() -> None:
    lines = [
        _log(level="info", message="Starting provider *acme.Provider"),
        _log(
            level="error",
            providerName="letsencrypt.acme",
            routerName="berth-domain-x@file",
            domains=[HOST],
            error=CA_REASON,
            time="2026-11-26T15:00:01Z",
            message="Unable to obtain ACME certificate for domains",
        ),
        _log(level="error", domains=["other.example.com"], error="acme: other failure"),
    ]
    status = decide(_domain(), {}, lines)
    assert status.status == "failed"
    assert status.reason == CA_REASON
    assert status.failed_at == datetime(2026, 11, 26, 15, 0, 1, tzinfo=UTC)


def test_unrelated_or_garbled_lines_are_ignored() -> None:
    lines = ["not json", "{broken", _log(level="error", error="dial tcp: refused (no acme)")]
    assert last_failure(lines, HOST) is None
    assert decide(_domain(), {"letsencrypt": "garbage"}, lines).status == "pending"


def test_a_failure_from_before_the_domain_existed_is_not_its_own() -> None:
    line = _log(level="error", domains=[HOST], error=CA_REASON, time="2026-11-26T15:00:01Z")
    later = _domain(created_at=datetime(2026, 11, 26, 16, 0, tzinfo=UTC))
    assert decide(later, {}, [line]).status == "pending"
    skewed = _domain(created_at=datetime(2026, 11, 26, 15, 0, 20, tzinfo=UTC))
    assert decide(skewed, {}, [line]).status == "failed"


def test_a_failing_renewal_is_shown_next_to_the_valid_certificate() -> None:
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    recent = _log(level="error", domains=[HOST], error=CA_REASON, time=now)
    # 32 days of life, 30 left: a failure now was a first attempt, superseded.
    fresh = decide(_domain(), _storage("letsencrypt", HOST), [recent])
    assert (fresh.status, fresh.reason) == ("issued", None)
    # 3 days of life, 1 left: Traefik is renewing, and the renewal fails.
    expiring = decide(_domain(), _storage("letsencrypt", HOST, days=1), [recent])
    assert expiring.status == "issued"
    assert expiring.reason == f"renewal failed: {CA_REASON}"
