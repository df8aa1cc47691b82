"""Channels over real TLS: a webhook receiver serving HTTPS with a certificate from a private
CA is reached only when the operator trusts that CA (`BERTH_NOTIFICATIONS__CA_FILE`); without
it the send fails on verification, never silently skipping it."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import trustme

from api.models import ChannelKind
from api.notifications import providers, render
from tests.notifications.conftest import loopback_notifications
from tests.notifications.receivers import http_receiver

SECRET = "whsec-0123456789-abcdefghijkl"


def _message() -> render.Message:
    return render.Message.from_payload(
        {
            "type": "deployment.failed",
            "title": "Deployment failed",
            "subject": "shop / production / web",
            "reason": "health check failed",
            "facts": {"commit": "abc1234"},
            "path": "/deployments/1",
            "occurred_at": "2026-12-03T12:00:00+00:00",
        },
        "https://berth.example.com",
        1,
        None,
    )


async def test_https_webhook_is_verified_against_the_operators_ca(tmp_path: Path) -> None:
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    # TLS only: plain transport is not allowed here, so the send cannot fall back to http.
    loopback = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
    strict = {"allow_insecure_transport": False, "allowed_private_networks": loopback}

    async with http_receiver(secret=SECRET, certificate=ca.issue_cert("localhost")) as hook:
        config = {"url": f"{hook.base}/hooks/berth"}

        async def send(**overrides: object) -> providers.SendResult:
            return await providers.send(
                ChannelKind.webhook,
                config,
                {"signing_secret": SECRET},
                _message(),
                delivery_id="d-1",
                payload={"type": "deployment.failed"},
                settings=loopback_notifications(**strict, **overrides),
            )

        untrusted = await send()
        assert untrusted.outcome == "retry", untrusted
        assert "certificate" in (untrusted.error or "").lower(), untrusted.error
        assert hook.received == []

        trusted = await send(ca_file=ca_file)
        assert trusted.outcome == "delivered", trusted
        assert len(hook.received) == 1
        assert hook.received[0].path == "/hooks/berth"
