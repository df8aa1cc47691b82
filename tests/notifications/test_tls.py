"""Channels over real TLS: receivers playing a webhook, Slack, Discord and Telegram serve
HTTPS with a certificate from a private CA, and a real SMTP server (aiosmtpd) does STARTTLS
or implicit TLS with a login. Each is reached only when the operator trusts that CA
(`BERTH_NOTIFICATIONS__CA_FILE`); without it the send fails on verification, never
silently skipping it, and no password is sent before TLS is verified."""

from __future__ import annotations

import ipaddress
import json
import ssl
from pathlib import Path

import pytest
import trustme

from api.kit.settings import NotificationSettings
from api.models import ChannelKind
from api.notifications import providers, render
from tests.notifications.conftest import loopback_notifications
from tests.notifications.receivers import http_receiver, smtp_receiver

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


def _trusting(ca: trustme.CA, tmp_path: Path) -> Path:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return ca_file


LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
STRICT = {"allow_insecure_transport": False, "allowed_private_networks": LOOPBACK}


@pytest.mark.parametrize("kind", [ChannelKind.slack, ChannelKind.discord, ChannelKind.telegram])
async def test_chat_providers_over_https_are_verified_against_the_operators_ca(
    kind: ChannelKind, tmp_path: Path
) -> None:
    """Each chat provider's real request shape, to an HTTPS receiver at its base URL."""
    ca = trustme.CA()
    token = "123456:" + "A" * 35
    async with http_receiver(certificate=ca.issue_cert("localhost")) as chat:
        base = f"{chat.base}/"
        settings = loopback_notifications(
            **STRICT,
            slack_webhook_base=base,
            discord_webhook_bases=[base],
            telegram_api_base=chat.base,
        )
        config, secrets = {
            ChannelKind.slack: ({}, {"webhook_url": f"{base}services/T0/B0/x"}),
            ChannelKind.discord: ({}, {"webhook_url": f"{base}api/webhooks/1/x"}),
            ChannelKind.telegram: ({"chat_id": "-1001"}, {"bot_token": token}),
        }[kind]

        async def send(**overrides: object) -> providers.SendResult:
            return await providers.send(
                kind,
                config,
                secrets,
                _message(),
                delivery_id="d-1",
                payload={"type": "deployment.failed"},
                settings=settings.model_copy(update=overrides),
            )

        untrusted = await send()
        assert untrusted.outcome == "retry", untrusted
        assert "certificate" in (untrusted.error or "").lower(), untrusted.error
        assert chat.received == []

        trusted = await send(ca_file=_trusting(ca, tmp_path))
        assert trusted.outcome == "delivered", trusted
        assert len(chat.received) == 1
        got = chat.received[0]
        text = json.dumps(got.json())
        assert "shop / production / web" in text
        assert "health check failed" in text
        match kind:
            case ChannelKind.slack:
                assert got.path == "/services/T0/B0/x"
            case ChannelKind.discord:
                assert got.path == "/api/webhooks/1/x"
            case ChannelKind.telegram:
                assert got.path == f"/bot{token}/sendMessage"
                assert got.json()["chat_id"] == "-1001"


def _mail_settings(ca_file: Path | None) -> NotificationSettings:
    return loopback_notifications(**STRICT, ca_file=ca_file)


async def _mail(port: int, tls: str, password: str, ca_file: Path | None) -> providers.SendResult:
    return await providers.send(
        ChannelKind.email,
        {
            "host": "127.0.0.1",
            "port": port,
            "tls": tls,
            "username": "berth",
            "sender": "berth@example.com",
            "recipients": ["ops@example.com"],
        },
        {"password": password},
        _message(),
        delivery_id="d-1",
        payload={},
        settings=_mail_settings(ca_file),
    )


async def test_smtp_starttls_and_login_against_a_real_server(tmp_path: Path) -> None:
    """The server offers AUTH only after STARTTLS and requires both: the password is sent
    inside TLS, verified against the operator's CA; a wrong one is a permanent failure."""
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    with smtp_receiver(
        ("berth", "s3cret-pass"), tls_context=server_context, require_starttls=True
    ) as (smtp, mailbox):
        untrusted = await _mail(smtp.port, "starttls", "s3cret-pass", None)
        assert untrusted.outcome == "retry", untrusted
        assert "certificate" in (untrusted.error or "").lower(), untrusted.error
        assert mailbox.logins == []  # the password never left before TLS was verified

        ca_file = _trusting(ca, tmp_path)
        wrong = await _mail(smtp.port, "starttls", "not-it", ca_file)
        assert wrong.outcome == "failed", wrong
        assert "535" in (wrong.error or ""), wrong.error

        sent = await _mail(smtp.port, "starttls", "s3cret-pass", ca_file)
        assert sent.outcome == "delivered", sent
    # (The client may try the wrong password with more than one mechanism.)
    assert set(mailbox.logins) == {
        ("berth", "not-it", True),
        ("berth", "s3cret-pass", True),
    }
    assert mailbox.logins[-1] == ("berth", "s3cret-pass", True)
    assert len(mailbox.messages) == 1
    envelope, mail = mailbox.messages[0]
    assert envelope.rcpt_tos == ["ops@example.com"]
    assert "Deployment failed" in str(mail["Subject"])


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_smtp_implicit_tls_and_login_against_a_real_server(tmp_path: Path) -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    # aiosmtpd counts only STARTTLS as TLS for offering AUTH; the recorder still checks
    # that each login arrived over this TLS connection.
    with smtp_receiver(
        ("berth", "s3cret-pass"), ssl_context=server_context, auth_require_tls=False
    ) as (smtp, mailbox):
        sent = await _mail(smtp.port, "tls", "s3cret-pass", _trusting(ca, tmp_path))
        assert sent.outcome == "delivered", sent
    assert mailbox.logins == [("berth", "s3cret-pass", True)]
    assert len(mailbox.messages) == 1
