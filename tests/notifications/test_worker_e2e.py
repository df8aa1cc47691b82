"""Real worker processes: a committed event is delivered even when the worker is killed in
between, and a deployment failing on a test host produces one message per subscribed
channel with its reason."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import DeliveryStatus, NotificationDelivery
from api.notifications.events import Event, EventType
from api.notifications.outbox import announce
from tests.deployments.helpers import api, new_environment, ready_server, settled
from tests.notifications.receivers import HANG, http_receiver, smtp_receiver
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed

SECRET = "whsec-0123456789-abcdefghijkl"


async def _channel(
    client: httpx.AsyncClient, tenant: Tenant, settings: Mapping[str, object], events: list[str]
) -> str:
    channel = await api(
        client,
        tenant,
        "POST",
        f"/organizations/{tenant.org.id}/notification-channels",
        json={"name": f"ch-{uuid.uuid4().hex[:8]}", "settings": settings},
    )
    await api(
        client,
        tenant,
        "POST",
        f"/notification-channels/{channel['id']}/subscriptions",
        json={"event_types": events},
    )
    return str(channel["id"])


async def test_the_worker_killed_between_commit_and_delivery_still_delivers(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    notify_workers: WorkerProcesses,
) -> None:
    # The first attempt reaches the receiver, which holds it while the worker is killed.
    async with http_receiver(script=[HANG]) as slack:
        channel = await _channel(
            committed_client,
            tenant,
            {"kind": "slack", "webhook_url": f"{slack.base}/services/x"},
            ["server.unreachable"],
        )
        # Committed while no worker runs at all.
        async with committed_sessionmaker() as session, session.begin():
            sent = await announce(
                session,
                Event(
                    type=EventType.server_unreachable,
                    organization_id=tenant.org.id,
                    target_type="server",
                    target_id=uuid.uuid4(),
                    subject="web-1",
                    path="/orgs/x/servers/y",
                    reason="connection refused",
                ),
            )
        assert sent == 1
        first = notify_workers.start()
        await slack.wait(1, within=30)
        notify_workers.kill(first)
        notify_workers.start()
        # The lease (timeout + 10 s) runs out, and the new worker sends it again.
        try:
            await slack.wait(2, within=40)
        except TimeoutError:
            pytest.fail(f"not delivered again; logs:\n{notify_workers.logs()[-4000:]}")

        async def delivered() -> bool:
            async with committed_sessionmaker() as session:
                row = await session.scalar(
                    select(NotificationDelivery).where(
                        NotificationDelivery.channel_id == uuid.UUID(channel)
                    )
                )
                return row is not None and row.status is DeliveryStatus.delivered

        await wait_for(delivered, within=10, what="the delivery recorded as delivered")
    assert slack.received[0].body == slack.received[1].body


async def test_a_failed_deployment_on_a_test_host_messages_each_channel_once(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    notify_workers: WorkerProcesses,
    testbed: Testbed,
) -> None:
    host = testbed.host(1)
    assert testbed.traefik_image is not None
    notify_workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    notify_workers.start()
    client = committed_client
    async with http_receiver() as slack, http_receiver(secret=SECRET) as hook:
        with smtp_receiver() as (smtp, mailbox):
            for settings in (
                {"kind": "slack", "webhook_url": f"{slack.base}/services/x"},
                {"kind": "webhook", "url": f"{hook.base}/in", "signing_secret": SECRET},
                {"kind": "email", "host": "127.0.0.1", "port": smtp.port, "tls": "none",
                 "sender": "berth@example.com", "recipients": ["ops@example.com"]},
            ):  # fmt: skip
                await _channel(client, tenant, settings, ["deployment.failed"])
            # The Slack channel also hears successes.
            await _channel(
                client,
                tenant,
                {"kind": "slack", "webhook_url": f"{slack.base}/services/ok"},
                ["deployment.succeeded"],
            )
            server_id = await ready_server(client, tenant, host, notify_workers)
            environment = await new_environment(client, tenant, "notify")
            missing = testbed.app_images["v1"].rsplit(":", 1)[0] + ":does-not-exist"
            app = await api(
                client,
                tenant,
                "POST",
                f"/environments/{environment}/applications",
                json={
                    "name": "web",
                    "server_id": server_id,
                    "source": {"type": "image", "image": missing},
                    "runtime": {"port": 8080},
                },
            )
            deployment = await api(
                client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
            )
            final = await settled(
                client, tenant, f"/deployments/{deployment['id']}", notify_workers, 120
            )
            assert final["status"] == "failed", final
            await slack.wait(1, within=15)
            await hook.wait(1, within=15)
            await wait_for(lambda: mailbox.messages, within=15, what="the e-mail")
            await asyncio.sleep(2)  # nothing more arrives
            assert (len(slack.received), len(hook.received), len(mailbox.messages)) == (1, 1, 1)
            # Then the same application released from an image that exists.
            await api(
                client,
                tenant,
                "PATCH",
                f"/applications/{app['id']}",
                json={"source": {"type": "image", "image": testbed.app_images["v1"]}},
            )
            good = await api(
                client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
            )
            released = await settled(
                client, tenant, f"/deployments/{good['id']}", notify_workers, 180
            )
            assert released["status"] == "succeeded", released
            await slack.wait(2, within=15)
            await asyncio.sleep(1)
    assert len(hook.received) == len(mailbox.messages) == 1  # they hear failures only
    assert slack.received[1].path == "/services/ok"
    assert (
        slack.received[1]
        .json()["text"]
        .startswith("*Deployment succeeded*: notify / production / web")
    )
    reason = final["error"] or ""
    event = hook.received[0].json()
    assert event["type"] == "deployment.failed"
    assert event["reason"]
    assert event["reason"][:60] in reason
    assert event["subject"] == "notify / production / web"
    assert event["url"] == (
        f"https://berth.example.com/orgs/{tenant.org.id}/deployments/{deployment['id']}"
    )
    assert "*Deployment failed*: notify / production / web" in slack.received[0].json()["text"]
    _, mail = mailbox.messages[0]
    assert mail["Subject"] == "[Berth] Deployment failed: notify / production / web"
    assert event["reason"][:60] in mail.get_payload()
