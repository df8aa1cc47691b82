"""A certificate the CA refuses, end to end: a real server's Traefik asks the test bed's
pebble, which cannot validate the challenge; the workers' periodic certificate check (every
second here) reads the failure from the proxy and announces it once — not once per period
— to a real webhook receiver, with the CA's own words."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import Domain, NotificationDelivery
from tests.deployments.helpers import api
from tests.domains.stack import add_dns, deployed_app, ready_server
from tests.notifications.receivers import http_receiver
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed

SECRET = "whsec-0123456789-abcdefghijkl"
ZONE = "berth-certcheck.test"


async def _domain(
    sessionmaker: async_sessionmaker[AsyncSession], domain_id: str
) -> tuple[str | None, datetime | None]:
    async with sessionmaker() as session:
        domain = await session.get(Domain, uuid.UUID(domain_id))
        assert domain is not None
        return domain.certificate_check_state, domain.certificate_checked_at


async def test_a_failed_issuance_is_announced_once_not_every_period(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    notify_workers: WorkerProcesses,
    testbed: Testbed,
) -> None:
    host, elsewhere = testbed.host(2), testbed.host(1)
    assert testbed.traefik_image is not None
    notify_workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    notify_workers.env["BERTH_NOTIFICATIONS__CERTIFICATE_CHECK_INTERVAL_SECONDS"] = "1"
    notify_workers.start()
    client = committed_client
    async with http_receiver(secret=SECRET) as hook:
        channel: dict[str, Any] = await api(
            client,
            tenant,
            "POST",
            f"/organizations/{tenant.org.id}/notification-channels",
            json={
                "name": "certs",
                "settings": {"kind": "webhook", "url": f"{hook.base}/in", "signing_secret": SECRET},
            },
        )
        await api(
            client,
            tenant,
            "POST",
            f"/notification-channels/{channel['id']}/subscriptions",
            json={"event_types": ["certificate.failed"]},
        )
        server_id = await ready_server(client, tenant, host, testbed, notify_workers)
        web = await deployed_app(
            client, tenant, notify_workers, server_id, "web", testbed.app_images["v1"]
        )
        # Pebble looks for the challenge on a host whose proxy never asked for it.
        add_dns(testbed, f"unreachable.{ZONE}", elsewhere.ip)
        broken: dict[str, Any] = await api(
            client, tenant, "POST", f"/applications/{web['id']}/domains",
            json={"host": f"unreachable.{ZONE}"},
        )  # fmt: skip

        try:
            received = await hook.wait(1, within=90)
        except TimeoutError:
            raise AssertionError(
                f"no certificate notification; logs:\n{notify_workers.logs()[-4000:]}"
            ) from None
        body = received[0].json()
        assert received[0].headers["x-berth-event"] == "certificate.failed"
        assert body["subject"] == f"unreachable.{ZONE}", body
        assert "urn:ietf:params:acme:error:" in body["reason"], body
        state, first_checked = await _domain(committed_sessionmaker, broken["id"])
        assert state == "failed"
        assert first_checked is not None

        # Several more periods run (the check time moves on), and nothing more is sent.
        async def checked_again() -> bool:
            _, at = await _domain(committed_sessionmaker, broken["id"])
            return at is not None and (at - first_checked).total_seconds() >= 3

        await wait_for(checked_again, within=30, what="later periods of the check", interval=0.5)
        await asyncio.sleep(1.5)  # a delivery written by the last period would be out by now
        assert len(hook.received) == 1, [r.json() for r in hook.received]
        async with committed_sessionmaker() as session:
            rows = await session.scalar(
                select(func.count())
                .select_from(NotificationDelivery)
                .where(NotificationDelivery.channel_id == uuid.UUID(channel["id"]))
            )
        assert rows == 1
