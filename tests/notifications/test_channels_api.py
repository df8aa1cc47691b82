"""Channels and subscriptions through the API: secrets sealed and never shown, destinations
checked (SSRF), a real test send that returns the provider's words, tenant and role checks."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.crypto import Keyring
from api.kit.settings import Settings
from api.main import create_app, wired_state
from api.models import NotificationChannel, Role
from api.notifications.providers import verify_signature
from api.notifications.secrets import reveal
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.notifications.conftest import Admin
from tests.notifications.receivers import Answer, http_receiver, smtp_receiver
from tests.support.problems import assert_problem

SLACK_PATH = "/services/T000/B000/Very-Secret-Slack-Path-123"
SIGNING_SECRET = "whsec-0123456789-abcdefghijkl"
BOT_TOKEN = "123456:ABCdefGhIJKlmnoPQRstuVWXyz0123456789"


async def test_secrets_are_sealed_and_never_returned(
    admin: Admin, session: AsyncSession, app: FastAPI
) -> None:
    created = await admin.create_channel(
        {"kind": "slack", "webhook_url": f"http://127.0.0.1:9{SLACK_PATH}"}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["kind"] == "slack"
    assert body["config"] == {"host": "127.0.0.1:9"}
    assert body["secret_hints"] == {"webhook_url": "…123"}
    listed = await admin.request("GET", f"/organizations/{admin.org.id}/notification-channels")
    got = await admin.request("GET", f"/notification-channels/{body['id']}")
    for response in (created, listed, got):
        assert "Very-Secret" not in response.text
    row = await session.get(NotificationChannel, uuid.UUID(body["id"]))
    assert row is not None
    assert "Very-Secret" not in row.secrets_encrypted
    keyring: Keyring = app.state.keyring
    assert reveal(keyring, row)["webhook_url"].endswith(SLACK_PATH)


@pytest.mark.parametrize(
    ("destination", "fragment"),
    [
        # Cloud metadata, link-local, however it is spelled.
        ({"kind": "webhook", "url": "http://169.254.169.254/latest/meta-data/"}, "link-local"),
        ({"kind": "webhook", "url": "http://[fe80::1]/hook"}, "link-local"),
        ({"kind": "webhook", "url": "http://[::ffff:169.254.169.254]/"}, "link-local"),
        ({"kind": "webhook", "url": "http://[64:ff9b::a9fe:a9fe]/"}, "link-local"),
        # Private networks the operator did not allow.
        ({"kind": "webhook", "url": "http://10.0.0.5:6379/"}, "private"),
        ({"kind": "webhook", "url": "http://192.168.1.1/"}, "private"),
        ({"kind": "webhook", "url": "http://user:pw@127.0.0.1/"}, "credentials"),
        ({"kind": "webhook", "url": "ftp://127.0.0.1/"}, "https"),
        # A "Slack" channel only ever posts to Slack.
        ({"kind": "slack", "webhook_url": "https://evil.example.com/services/x"}, "Slack"),
        ({"kind": "discord", "webhook_url": "https://evil.example.com/api/webhooks/1"}, "Discord"),
        (
            {
                "kind": "email",
                "host": "169.254.169.254",
                "sender": "a@b.cd",
                "recipients": ["ops@b.cd"],
            },
            "link-local",
        ),
    ],
)
async def test_destinations_that_reach_inside_are_refused(
    admin: Admin, destination: dict[str, str], fragment: str
) -> None:
    if destination["kind"] == "webhook":
        destination = {**destination, "signing_secret": SIGNING_SECRET}
    body = assert_problem(
        await admin.create_channel(destination), 422, "notification-destination-refused"
    )
    assert fragment in body["detail"]


async def test_plain_http_and_loopback_need_the_operators_consent(
    settings: Settings,
    engine: object,
    sessionmaker: object,
    arq_pool: object,
    session: AsyncSession,
) -> None:
    # The production defaults: https only, no private network.
    app = create_app(settings)
    async with wired_state(app, engine=engine, sessionmaker=sessionmaker, arq=arq_pool):  # type: ignore[arg-type]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://berth.test") as client:
            org = await create_org(session)
            _, headers = await user_with_role(session, org, Role.admin)
            admin = Admin(client, org, headers)
            http = await admin.create_channel(
                {"kind": "webhook", "url": "http://example.com/h", "signing_secret": SIGNING_SECRET}
            )
            assert (
                "https" in assert_problem(http, 422, "notification-destination-refused")["detail"]
            )
            loop = await admin.create_channel(
                {"kind": "webhook", "url": "https://127.0.0.1/h", "signing_secret": SIGNING_SECRET}
            )
            detail = assert_problem(loop, 422, "notification-destination-refused")["detail"]
            assert "ALLOWED_PRIVATE_NETWORKS" in detail
            plain_smtp = await admin.create_channel(
                {
                    "kind": "email",
                    "host": "mail.example.com",
                    "tls": "none",
                    "sender": "a@b.cd",
                    "recipients": ["ops@b.cd"],
                }
            )
            assert_problem(plain_smtp, 422, "notification-destination-refused")


async def test_test_send_returns_the_providers_error_verbatim(admin: Admin) -> None:
    async with http_receiver(default=Answer(403, b"invalid_token")) as slack:
        channel = await admin.channel({"kind": "slack", "webhook_url": f"{slack.base}{SLACK_PATH}"})
        response = await admin.request("POST", f"/notification-channels/{channel}/test")
    assert response.status_code == 200, response.text
    assert response.json()["delivered"] is False
    assert response.json()["status_code"] == 403
    assert response.json()["error"] == "HTTP 403: invalid_token"
    assert slack.received[0].path == SLACK_PATH
    assert "Test notification" in slack.received[0].json()["text"]


async def test_test_send_to_a_signed_webhook(admin: Admin) -> None:
    async with http_receiver(secret=SIGNING_SECRET) as hook:
        channel = await admin.channel(
            {"kind": "webhook", "url": f"{hook.base}/hooks/berth", "signing_secret": SIGNING_SECRET}
        )
        response = await admin.request("POST", f"/notification-channels/{channel}/test")
        assert response.json()["delivered"] is True, response.text
        got = hook.received[0]
        assert verify_signature(
            SIGNING_SECRET,
            got.headers["x-berth-timestamp"],
            got.headers["x-berth-signature"],
            got.body,
        )
        # A wrong secret is what the receiver refuses: the check can fail.
        assert not verify_signature(
            "another-secret-0123456789",
            got.headers["x-berth-timestamp"],
            got.headers["x-berth-signature"],
            got.body,
        )
        # And a replay later than the tolerance is refused even with the right secret.
        ts = int(got.headers["x-berth-timestamp"])
        assert not verify_signature(
            SIGNING_SECRET, str(ts), got.headers["x-berth-signature"], got.body, now=ts + 301
        )
        assert SIGNING_SECRET not in got.body.decode()


async def test_test_send_to_telegram_and_email(admin: Admin, app: FastAPI) -> None:
    async with http_receiver(default=Answer(200, b'{"ok":true}')) as telegram:
        app.state.settings.notifications.telegram_api_base = telegram.base
        channel = await admin.channel(
            {"kind": "telegram", "bot_token": BOT_TOKEN, "chat_id": "-100123"}
        )
        response = await admin.request("POST", f"/notification-channels/{channel}/test")
        assert response.json()["delivered"] is True, response.text
        assert telegram.received[0].path == f"/bot{BOT_TOKEN}/sendMessage"
        sent = telegram.received[0].json()
        assert (sent["chat_id"], sent["parse_mode"]) == ("-100123", "HTML")
    with smtp_receiver() as (controller, recorder):
        channel = await admin.channel(
            {
                "kind": "email",
                "host": "127.0.0.1",
                "port": controller.port,
                "tls": "none",
                "sender": "berth@example.com",
                "recipients": ["ops@example.com"],
            }
        )
        response = await admin.request("POST", f"/notification-channels/{channel}/test")
        assert response.json()["delivered"] is True, response.text
    envelope, mail = recorder.messages[0]
    assert envelope.rcpt_tos == ["ops@example.com"]
    assert mail["Subject"].startswith("[Berth] Test notification")


async def test_an_smtp_server_refusing_is_quoted(admin: Admin) -> None:
    async with http_receiver() as nobody:  # an HTTP server is no SMTP server
        channel = await admin.channel(
            {
                "kind": "email",
                "host": "127.0.0.1",
                "port": nobody.port,
                "tls": "none",
                "sender": "berth@example.com",
                "recipients": ["ops@example.com"],
            }
        )
        response = await admin.request("POST", f"/notification-channels/{channel}/test")
    assert response.json()["delivered"] is False
    assert response.json()["error"].startswith("127.0.0.1: ")


async def test_subscriptions_filter_by_project_of_the_same_organization(
    admin: Admin, session: AsyncSession
) -> None:
    channel = await admin.channel(
        {"kind": "slack", "webhook_url": f"http://127.0.0.1:9{SLACK_PATH}"}
    )
    project = await create_project(session, admin.org)
    environment = await create_environment(session, project)
    ok = await admin.request(
        "POST",
        f"/notification-channels/{channel}/subscriptions",
        json={
            "event_types": ["deployment.failed"],
            "project_id": str(project.id),
            "environment_id": str(environment.id),
        },
    )
    assert ok.status_code == 201, ok.text
    other = await create_project(session, await create_org(session))
    refused = await admin.request(
        "POST",
        f"/notification-channels/{channel}/subscriptions",
        json={"event_types": ["deployment.failed"], "project_id": str(other.id)},
    )
    assert_problem(refused, 422, "notification-subscription-scope-invalid")
    unknown = await admin.request(
        "POST",
        f"/notification-channels/{channel}/subscriptions",
        json={"event_types": ["deployment.exploded"]},
    )
    assert unknown.status_code == 422
    listed = await admin.request("GET", f"/notification-channels/{channel}/subscriptions")
    assert [s["id"] for s in listed.json()] == [ok.json()["id"]]
    gone = await admin.request("DELETE", f"/notification-subscriptions/{ok.json()['id']}")
    assert gone.status_code == 204


async def test_viewers_read_and_outsiders_see_nothing(
    admin: Admin, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    channel = await admin.channel(
        {"kind": "slack", "webhook_url": f"http://127.0.0.1:9{SLACK_PATH}"}
    )
    _, viewer = await user_with_role(session, admin.org, Role.viewer)
    read = await client.get(f"/api/v1/notification-channels/{channel}", headers=viewer)
    assert read.status_code == 200
    for method, path in (
        ("POST", f"/notification-channels/{channel}/test"),
        ("DELETE", f"/notification-channels/{channel}"),
    ):
        response = await client.request(method, f"/api/v1{path}", headers=viewer)
        assert_problem(response, 403, "permission-denied")
    stranger_org = await create_org(session)
    _, stranger = await user_with_role(session, stranger_org, Role.owner)
    hidden = await client.get(f"/api/v1/notification-channels/{channel}", headers=stranger)
    assert_problem(hidden, 404, "notification-channel-not-found")


async def test_update_replaces_settings_but_never_changes_the_kind(admin: Admin) -> None:
    channel = await admin.channel(
        {"kind": "slack", "webhook_url": f"http://127.0.0.1:9{SLACK_PATH}"}
    )
    changed = await admin.request(
        "PATCH",
        f"/notification-channels/{channel}",
        json={
            "name": "ops-alerts",
            "enabled": False,
            "settings": {
                "kind": "slack",
                "webhook_url": "http://127.0.0.1:10/services/new-secret-url",
            },
        },
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["enabled"]) == ("ops-alerts", False)
    assert changed.json()["config"] == {"host": "127.0.0.1:10"}
    kind = await admin.request(
        "PATCH",
        f"/notification-channels/{channel}",
        json={"settings": {"kind": "discord", "webhook_url": "http://127.0.0.1:10/x"}},
    )
    assert_problem(kind, 422, "notification-channel-kind-change")


async def test_an_edit_keeps_each_secret_it_leaves_out(
    admin: Admin, session: AsyncSession, app: FastAPI
) -> None:
    """Reads never return a secret, so an edit that does not carry one keeps the stored
    one; carrying one replaces it; the audit log names which, never the value."""
    keyring: Keyring = app.state.keyring
    channel = await admin.channel(
        {
            "kind": "email",
            "host": "127.0.0.1",
            "port": 2525,
            "tls": "none",
            "username": "berth",
            "password": "old-smtp-password",
            "sender": "berth@example.com",
            "recipients": ["ops@example.com"],
        }
    )
    path = f"/notification-channels/{channel}"
    email = {
        "kind": "email",
        "host": "127.0.0.1",
        "tls": "none",
        "username": "berth",
        "sender": "berth@example.com",
        "recipients": ["ops@example.com", "oncall@example.com"],
    }

    async def stored() -> dict[str, str]:
        row = await session.get(NotificationChannel, uuid.UUID(channel))
        assert row is not None
        await session.refresh(row)
        return reveal(keyring, row)

    kept = await admin.request("PATCH", path, json={"settings": {**email, "port": 2526}})
    assert kept.status_code == 200, kept.text
    assert kept.json()["config"]["port"] == 2526
    assert kept.json()["config"]["recipients"] == ["ops@example.com", "oncall@example.com"]
    assert kept.json()["secret_hints"] == {"password": "…ord"}
    assert await stored() == {"password": "old-smtp-password"}

    new = {**email, "port": 2526, "password": "new-smtp-password"}
    replaced = await admin.request("PATCH", path, json={"settings": new})
    assert replaced.status_code == 200, replaced.text
    assert "new-smtp-password" not in replaced.text
    assert await stored() == {"password": "new-smtp-password"}
    audit = await admin.request("GET", f"/organizations/{admin.org.id}/audit-events")
    assert "new-smtp-password" not in audit.text
    updates = [
        e["data"] for e in audit.json()["items"] if e["action"] == "notification_channel.update"
    ]
    assert sorted(u["secrets_replaced"] for u in updates) == [[], ["password"]]

    # No login any more: the stored password goes with it.
    anonymous = await admin.request("PATCH", path, json={"settings": {**email, "username": ""}})
    assert anonymous.status_code == 200, anonymous.text
    assert await stored() == {}
    assert anonymous.json()["secret_hints"] == {}

    # Telegram: a new chat id alone keeps the token; the token stays out of every read.
    async with http_receiver(default=Answer(200, b'{"ok":true}')) as telegram:
        app.state.settings.notifications.telegram_api_base = telegram.base
        bot = await admin.channel({"kind": "telegram", "bot_token": BOT_TOKEN, "chat_id": "-1"})
        moved = await admin.request(
            "PATCH",
            f"/notification-channels/{bot}",
            json={"settings": {"kind": "telegram", "chat_id": "@berth_ops"}},
        )
        assert moved.status_code == 200, moved.text
        assert BOT_TOKEN not in moved.text
        sent = await admin.request("POST", f"/notification-channels/{bot}/test")
        assert sent.json()["delivered"] is True, sent.text
        assert telegram.received[0].path == f"/bot{BOT_TOKEN}/sendMessage"
        assert telegram.received[0].json()["chat_id"] == "@berth_ops"


async def test_a_redirect_is_never_followed(admin: Admin) -> None:
    moved = Answer(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    async with http_receiver(default=moved) as hook:
        channel = await admin.channel(
            {"kind": "webhook", "url": f"{hook.base}/in", "signing_secret": SIGNING_SECRET}
        )
        response = await admin.request("POST", f"/notification-channels/{channel}/test")
    result = response.json()
    assert result["delivered"] is False
    assert result["status_code"] == 302
    assert "redirects are not followed" in result["error"]
    assert len(hook.received) == 1  # and nothing went to the Location
