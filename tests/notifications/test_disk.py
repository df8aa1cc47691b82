"""Disk nearly full, from a real measurement: the status check runs `df` on a test host,
and the threshold is placed around the host's actual usage so the real figure crosses it.
One alert per crossing: refreshes while still full say nothing, and only a drop below the
re-arm line lets the next crossing alert again."""

from __future__ import annotations

import math
import uuid

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import NotificationDelivery, Server
from api.notifications.announcements import DISK_FLAG, DiskThreshold, disk_used_percent
from api.servers.service import server_service
from tests.notifications.conftest import Admin
from tests.testbed import Testbed


async def _deliveries(session: AsyncSession, channel_id: str) -> list[NotificationDelivery]:
    rows = await session.scalars(
        select(NotificationDelivery)
        .where(NotificationDelivery.channel_id == uuid.UUID(channel_id))
        .order_by(NotificationDelivery.created_at)
    )
    return list(rows)


async def test_disk_nearly_full_is_announced_once_per_crossing(
    admin: Admin, app: FastAPI, session: AsyncSession, testbed: Testbed
) -> None:
    host = testbed.host(1)
    created = await admin.request(
        "POST",
        f"/organizations/{admin.org.id}/servers",
        json={
            "name": f"disk-{uuid.uuid4().hex[:6]}",
            "host": host.ip,
            "port": host.ssh_port,
            "username": "root",
            "private_key": host.client_key.read_text(),
        },
    )
    assert created.status_code == 201, created.text
    server_id = created.json()["id"]
    scanned = await admin.request("POST", f"/servers/{server_id}/host-key/scan")
    fingerprint = scanned.json()["pending_host_key_fingerprint"]
    confirmed = await admin.request(
        "POST", f"/servers/{server_id}/host-key/confirm", json={"fingerprint": fingerprint}
    )
    assert confirmed.status_code == 200, confirmed.text
    channel_id = await admin.channel(
        {"kind": "webhook", "url": "http://127.0.0.1:9/hook", "signing_secret": "s" * 32},
        events=["server.disk_nearly_full"],
    )
    server = await session.get(Server, uuid.UUID(server_id))
    assert server is not None

    async def check(percent: float) -> None:
        await server_service.check(
            session,
            None,
            app.state.keyring,
            app.state.connections,
            server,
            disk=DiskThreshold(percent=percent, rearm_points=5.0),
        )
        await session.flush()

    # A threshold no disk reaches: measured, not full, nothing announced.
    await check(100.0)
    used = disk_used_percent(server.facts)
    assert used is not None, server.facts
    assert server.facts[DISK_FLAG] is False
    assert await _deliveries(session, channel_id) == []
    # The real usage (a few percent at least on any host with a Docker root) crosses a
    # threshold just below it.
    crossing = max(0.5, math.floor(used) - 1)
    assert used >= crossing

    await check(crossing)
    await check(crossing)
    await check(crossing)
    sent = await _deliveries(session, channel_id)
    assert len(sent) == 1, [d.payload for d in sent]
    payload = sent[0].payload
    assert payload["type"] == "server.disk_nearly_full"
    assert payload["target"] == {"type": "server", "id": server_id}
    assert f"{used:.0f}% full" in payload["reason"]
    assert payload["facts"]["Host"] == host.ip

    # A manual check without a threshold neither re-arms nor fires.
    await server_service.check(session, None, app.state.keyring, app.state.connections, server)
    assert server.facts[DISK_FLAG] is True
    # Usage inside the re-arm band (threshold - 5 points) keeps it armed-off.
    await check(min(100.0, used + 4))
    assert server.facts[DISK_FLAG] is True
    assert len(await _deliveries(session, channel_id)) == 1
    # Well below again: re-armed; the next crossing is news again.
    await check(100.0)
    assert server.facts[DISK_FLAG] is False
    await check(crossing)
    count = await session.scalar(
        select(func.count())
        .select_from(NotificationDelivery)
        .where(NotificationDelivery.channel_id == uuid.UUID(channel_id))
    )
    assert count == 2
