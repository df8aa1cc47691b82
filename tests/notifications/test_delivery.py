"""Durable delivery against real receivers: one message per subscribed channel, retries with
backoff, Retry-After, a budget that ends `failed`, coalescing of a flapping server, and rows
a dead worker left."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.deployments.notifications import redact
from api.kit.crypto import Keyring
from api.kit.settings import Settings
from api.models import (
    ChannelState,
    DeliveryStatus,
    Deployment,
    DeploymentTrigger,
    JobStatus,
    NotificationChannel,
    NotificationDelivery,
    ServerStatus,
)
from api.models.base import utcnow
from api.notifications.announcements import announce_server_status
from api.notifications.delivery import claim_due, send_claimed
from api.notifications.events import Event, EventType
from api.notifications.outbox import announce
from api.notifications.repository import DeliveryRepository
from tests.factories.applications import create_application, create_server
from tests.factories.projects import create_environment, create_project
from tests.notifications.conftest import Admin, loopback_notifications
from tests.notifications.receivers import HANG, Answer, http_receiver

SECRET = "whsec-0123456789-abcdefghijkl"


def _event(admin: Admin, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "type": EventType.deployment_failed,
        "organization_id": admin.org.id,
        "target_type": "deployment",
        "target_id": uuid.uuid4(),
        "subject": "shop / production / api",
        "path": f"/orgs/{admin.org.id}/deployments/x",
        "reason": "release: image registry.test/api:2 not found",
        "facts": {"Commit": "0123456789ab fix <!channel> *login*"},
    }
    return Event(**(values | fields))


async def _announce(sessionmaker: async_sessionmaker[AsyncSession], event: Event) -> int:
    async with sessionmaker() as session, session.begin():
        return await announce(session, event)


async def _dispatch(
    sessionmaker: async_sessionmaker[AsyncSession], app: FastAPI, settings: Settings | None = None
) -> list[DeliveryStatus | None]:
    settings = settings or app.state.settings
    keyring: Keyring = app.state.keyring
    async with sessionmaker() as session, session.begin():
        claims = await claim_due(session, settings, 50)
    return [await send_claimed(sessionmaker, keyring, settings, claim) for claim in claims]


async def _deliveries(session: AsyncSession, channel_id: str) -> list[NotificationDelivery]:
    rows = await session.scalars(
        select(NotificationDelivery)
        .where(NotificationDelivery.channel_id == uuid.UUID(channel_id))
        .order_by(NotificationDelivery.created_at)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def _due_now(session: AsyncSession) -> None:
    """Skip the backoff's wait (the delay itself is asserted where it matters)."""
    await session.execute(
        update(NotificationDelivery)
        .where(NotificationDelivery.status == DeliveryStatus.pending)
        .values(next_attempt_at=utcnow())
    )


async def test_an_event_reaches_each_subscribed_channel_exactly_once(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with (
        http_receiver() as slack,
        http_receiver(secret=SECRET) as hook,
        http_receiver() as bystander,
    ):
        await admin.channel(
            {"kind": "slack", "webhook_url": f"{slack.base}/services/x"},
            events=["deployment.failed", "deployment.rolled_back"],
        )
        hook_channel = await admin.channel(
            {"kind": "webhook", "url": f"{hook.base}/in", "signing_secret": SECRET},
            events=["deployment.failed"],
        )
        # A second subscription of the same channel matching too: still one message.
        await admin.request(
            "POST",
            f"/notification-channels/{hook_channel}/subscriptions",
            json={"event_types": ["deployment.failed", "server.unreachable"]},
        )
        await admin.channel(  # subscribed to something else
            {"kind": "slack", "webhook_url": f"{bystander.base}/services/y"},
            events=["deployment.succeeded"],
        )
        disabled = await admin.channel(
            {"kind": "slack", "webhook_url": f"{bystander.base}/services/z"},
            events=["deployment.failed"],
        )
        await admin.request("PATCH", f"/notification-channels/{disabled}", json={"enabled": False})

        assert await _announce(sessionmaker, _event(admin)) == 2
        assert await _dispatch(sessionmaker, app) == [DeliveryStatus.delivered] * 2
        assert await _dispatch(sessionmaker, app) == []  # nothing sent twice

    assert len(slack.received) == len(hook.received) == 1
    assert bystander.received == []
    text = slack.received[0].json()["text"]
    assert "*Deployment failed*: shop / production / api" in text
    assert "Reason: release: image registry.test/api:2 not found" in text
    assert "&lt;!channel&gt;" in text  # user text cannot mention the channel
    assert "<https://berth.example.com/orgs/" in text
    event = hook.received[0].json()
    assert event["type"] == "deployment.failed"
    assert event["reason"] == "release: image registry.test/api:2 not found"
    assert hook.received[0].headers["x-berth-delivery"] == event["id"]
    rows = await _deliveries(session, hook_channel)
    assert [r.status for r in rows] == [DeliveryStatus.delivered]
    assert rows[0].attempt_log[0]["status_code"] == 200


async def test_a_project_filter_keeps_other_projects_out(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    project = await create_project(session, admin.org)
    environment = await create_environment(session, project)
    other = await create_project(session, admin.org)
    channel = await admin.channel({"kind": "slack", "webhook_url": "http://127.0.0.1:9/s"})
    await admin.request(
        "POST",
        f"/notification-channels/{channel}/subscriptions",
        json={"event_types": ["deployment.failed"], "environment_id": str(environment.id)},
    )
    ours = _event(admin, project_id=project.id, environment_id=environment.id)
    assert await _announce(sessionmaker, ours) == 1
    assert await _announce(sessionmaker, _event(admin, project_id=other.id)) == 0
    # A server event has no environment: an environment-filtered subscription skips it.
    server_event = _event(admin, type=EventType.server_unreachable, target_type="server")
    assert await _announce(sessionmaker, server_event) == 0


async def test_a_500_then_200_is_delivered_on_retry(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with http_receiver(script=[Answer(500, b"upstream hiccup")]) as discord:
        channel = await admin.channel(
            {"kind": "discord", "webhook_url": f"{discord.base}/api/webhooks/1/t"},
            events=["deployment.failed"],
        )
        await _announce(sessionmaker, _event(admin))
        assert await _dispatch(sessionmaker, app) == [DeliveryStatus.pending]
        [row] = await _deliveries(session, channel)
        assert row.last_error == "HTTP 500: upstream hiccup"
        assert row.next_attempt_at > utcnow()  # backoff, not at once
        await _due_now(session)
        assert await _dispatch(sessionmaker, app) == [DeliveryStatus.delivered]
    assert len(discord.received) == 2
    assert discord.received[0].body == discord.received[1].body
    [row] = await _deliveries(session, channel)
    assert [a["outcome"] for a in row.attempt_log] == ["retry", "delivered"]
    assert [a["status_code"] for a in row.attempt_log] == [500, 200]
    content = discord.received[0].json()
    assert content["allowed_mentions"] == {"parse": []}
    assert r"\<!channel\> \*login\*" in content["content"]


async def test_a_429_retry_after_is_honoured(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    limited = Answer(429, b'{"ok":false,"error_code":429}', {"Retry-After": "42"})
    async with http_receiver(script=[limited]) as slack:
        channel = await admin.channel(
            {"kind": "slack", "webhook_url": f"{slack.base}/services/x"},
            events=["deployment.failed"],
        )
        await _announce(sessionmaker, _event(admin))
        before = utcnow()
        assert await _dispatch(sessionmaker, app) == [DeliveryStatus.pending]
        assert await _dispatch(sessionmaker, app) == []  # not due yet: it waits
    [row] = await _deliveries(session, channel)
    wait = (row.next_attempt_at - before).total_seconds()
    assert 41 <= wait <= 44, wait
    assert row.attempt_log[0]["status_code"] == 429


async def test_a_receiver_that_never_answers_ends_failed_and_the_channel_failing(
    admin: Admin,
    app: FastAPI,
    notify_settings: Settings,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    settings = notify_settings.model_copy(
        update={
            "notifications": loopback_notifications(
                timeout_seconds=0.3, max_attempts=2, failing_after=1
            )
        }
    )
    async with http_receiver(default=HANG) as hook:
        channel = await admin.channel(
            {"kind": "webhook", "url": f"{hook.base}/in", "signing_secret": SECRET},
            events=["deployment.failed"],
        )
        await _announce(sessionmaker, _event(admin))
        assert await _dispatch(sessionmaker, app, settings) == [DeliveryStatus.pending]
        await _due_now(session)
        assert await _dispatch(sessionmaker, app, settings) == [DeliveryStatus.failed]
        [row] = await _deliveries(session, channel)
        assert row.last_error is not None
        assert row.last_error.endswith("no answer in time; gave up after 2 attempts")
        state = await session.get(NotificationChannel, uuid.UUID(channel), populate_existing=True)
        assert state is not None
        assert (state.state, state.consecutive_failures) == (ChannelState.failing, 1)
        # A failing channel gets one attempt per new event, not a fresh budget each.
        await _announce(sessionmaker, _event(admin))
        assert await _dispatch(sessionmaker, app, settings) == [DeliveryStatus.failed]
    shown = await admin.request("GET", f"/notification-channels/{channel}/deliveries")
    assert [d["status"] for d in shown.json()["items"]] == ["failed", "failed"]
    assert [d["attempts"] for d in shown.json()["items"]] == [1, 2]
    assert shown.json()["items"][1]["attempt_log"][0]["error"].endswith("no answer in time")


async def test_a_flapping_server_is_coalesced(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    server = await create_server(session, admin.org.id)
    async with http_receiver() as slack:
        channel = await admin.channel(
            {"kind": "slack", "webhook_url": f"{slack.base}/services/x"},
            events=["server.unreachable", "server.reachable"],
        )
        sent: list[DeliveryStatus | None] = []
        previous = ServerStatus.reachable
        # Down and up three times within the window (2 s in these settings).
        for status in [ServerStatus.unreachable, ServerStatus.reachable] * 3:
            async with sessionmaker() as s, s.begin():
                row = await s.get(type(server), server.id)
                assert row is not None
                row.status = status
                await announce_server_status(s, row, previous, "connection refused")
            previous = status
            sent += await _dispatch(sessionmaker, app)
        assert sent == [DeliveryStatus.delivered]  # the first; the rest wait for the window
        rows = await _deliveries(session, channel)
        await session.execute(  # the window has passed
            update(NotificationDelivery)
            .where(NotificationDelivery.id == rows[0].id)
            .values(sent_at=utcnow() - timedelta(seconds=3))
        )
        await _due_now(session)
        assert await _dispatch(sessionmaker, app) == [DeliveryStatus.delivered]
    assert len(slack.received) == 2
    first, last = (r.json()["text"] for r in slack.received)
    assert first.startswith("*Server unreachable*")
    # Where it stands now (reachable), and how often it changed.
    assert last.startswith("*Server reachable again*")
    assert "5 changes since" in last
    statuses = [r.status for r in await _deliveries(session, channel)]
    assert statuses.count(DeliveryStatus.coalesced) == 4


async def test_a_row_left_by_a_dead_worker_is_sent_again(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with http_receiver() as slack:
        channel = await admin.channel(
            {"kind": "slack", "webhook_url": f"{slack.base}/services/x"},
            events=["deployment.failed"],
        )
        await _announce(sessionmaker, _event(admin))
        async with sessionmaker() as s, s.begin():
            assert len(await claim_due(s, app.state.settings, 10)) == 1  # ... then it dies
        assert await _dispatch(sessionmaker, app) == []  # its lease still runs
        await session.execute(
            update(NotificationDelivery).values(lease_until=utcnow() - timedelta(seconds=1))
        )
        assert await _dispatch(sessionmaker, app) == [DeliveryStatus.delivered]
    assert len(slack.received) == 1
    [row] = await _deliveries(session, channel)
    assert [a["outcome"] for a in row.attempt_log] == ["lost", "delivered"]


async def test_a_link_local_name_is_refused_at_delivery_time(
    admin: Admin,
    app: FastAPI,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    channel = await admin.channel(
        {"kind": "webhook", "url": "http://127.0.0.1:9/in", "signing_secret": SECRET},
        events=["deployment.failed"],
    )
    # Stands for a DNS answer that changed after the channel was saved.
    row = await session.get(NotificationChannel, uuid.UUID(channel))
    assert row is not None
    row.config = {"url": "http://169.254.169.254/latest/meta-data/"}
    await session.flush()
    await _announce(sessionmaker, _event(admin))
    assert await _dispatch(sessionmaker, app) == [DeliveryStatus.failed]
    [delivery] = await _deliveries(session, channel)
    assert delivery.last_error is not None
    assert "link-local" in delivery.last_error
    assert delivery.attempts == 1  # never retried


def test_variable_values_are_redacted_from_reasons() -> None:
    reason = "build: step 3 printed DATABASE_URL=postgres://u:hunter2-long@db/x and 1"
    cleaned = redact(reason, ["postgres://u:hunter2-long@db/x", "1", "hunter2-long"])
    assert cleaned == "build: step 3 printed DATABASE_URL=[redacted] and 1"


async def test_old_finished_deliveries_are_pruned_and_waiting_ones_kept(
    admin: Admin, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    channel = await admin.channel(
        {"kind": "slack", "webhook_url": "http://127.0.0.1:9/s"}, events=["deployment.failed"]
    )
    for _ in range(3):
        await _announce(sessionmaker, _event(admin))
    old, kept_old, recent = await _deliveries(session, channel)
    long_ago = utcnow() - timedelta(days=31)
    await session.execute(
        update(NotificationDelivery)
        .where(NotificationDelivery.id.in_([old.id, kept_old.id]))
        .values(created_at=long_ago)
    )
    for row, status in ((old, DeliveryStatus.delivered), (recent, DeliveryStatus.delivered)):
        await session.execute(
            update(NotificationDelivery)
            .where(NotificationDelivery.id == row.id)
            .values(status=status)
        )
    # kept_old is still pending: a message not yet sent is never forgotten.
    gone = await DeliveryRepository(session).prune_finished(utcnow() - timedelta(days=30))
    assert gone == 1
    assert [r.id for r in await _deliveries(session, channel)] == [kept_old.id, recent.id]


async def test_cancelling_a_queued_deployment_announces_it(
    admin: Admin, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    project = await create_project(session, admin.org, name="shop")
    environment = await create_environment(session, project)
    app = await create_application(session, environment, name="api")
    deployment = Deployment(
        organization_id=admin.org.id,
        application_id=app.id,
        server_id=app.server_id,
        trigger=DeploymentTrigger.api,
        source=app.source,
        runtime=app.runtime,
        status=JobStatus.queued,
        steps=[],
    )
    session.add(deployment)
    await session.flush()
    channel = await admin.channel(
        {"kind": "slack", "webhook_url": "http://127.0.0.1:9/s"}, events=["deployment.cancelled"]
    )
    cancelled = await admin.request("POST", f"/deployments/{deployment.id}/cancel")
    assert cancelled.status_code == 202, cancelled.text
    [row] = await _deliveries(session, channel)
    assert row.event_type == "deployment.cancelled"
    assert row.target_id == deployment.id
    assert row.payload["subject"] == "shop / production / api"
    assert row.payload["reason"].startswith("cancelled by ")
    assert row.payload["path"] == f"/orgs/{admin.org.id}/deployments/{deployment.id}"
    assert row.payload["environment_id"] == str(environment.id)
