"""Notifications tests: settings that let channels reach receivers on loopback (plain http,
127.0.0.0/8 allowed, provider bases on loopback), and an admin driving the API."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from arq.connections import ArqRedis
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.kit.settings import NotificationSettings, Settings
from api.main import create_app, wired_state
from api.models import Organization, Role
from tests.factories.users import create_org, user_with_role
from tests.support.workers import WorkerProcesses

LOOPBACK = "http://127.0.0.1:"


def loopback_notifications(**overrides: Any) -> NotificationSettings:
    values: dict[str, Any] = {
        "public_url": "https://berth.example.com",
        "slack_webhook_base": LOOPBACK,
        "discord_webhook_bases": [LOOPBACK],
        "telegram_api_base": "http://127.0.0.1:9",  # each test points it at its receiver
        "allow_insecure_transport": True,
        "allowed_private_networks": [ipaddress.ip_network("127.0.0.0/8")],
        "timeout_seconds": 2,
        "retry_base_seconds": 0.05,
        "coalesce_window_seconds": 2,
    }
    return NotificationSettings(**(values | overrides))


@pytest.fixture
def notify_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"notifications": loopback_notifications()})


@pytest.fixture
async def app(
    notify_settings: Settings,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    arq_pool: ArqRedis,
) -> AsyncIterator[FastAPI]:
    app = create_app(notify_settings)
    async with wired_state(app, engine=engine, sessionmaker=sessionmaker, arq=arq_pool):
        yield app


@dataclass
class Admin:
    client: httpx.AsyncClient
    org: Organization
    headers: dict[str, str]

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(method, f"/api/v1{path}", headers=self.headers, **kwargs)

    async def create_channel(self, settings: dict[str, Any], **body: Any) -> httpx.Response:
        body.setdefault("name", f"ch-{uuid.uuid4().hex[:8]}")
        return await self.request(
            "POST",
            f"/organizations/{self.org.id}/notification-channels",
            json={"settings": settings, **body},
        )

    async def channel(self, settings: dict[str, Any], events: list[str] | None = None) -> str:
        response = await self.create_channel(settings)
        assert response.status_code == 201, response.text
        channel_id = str(response.json()["id"])
        if events:
            subscribed = await self.request(
                "POST",
                f"/notification-channels/{channel_id}/subscriptions",
                json={"event_types": events},
            )
            assert subscribed.status_code == 201, subscribed.text
        return channel_id


@pytest.fixture
async def admin(client: httpx.AsyncClient, session: AsyncSession) -> Admin:
    org = await create_org(session)
    _, headers = await user_with_role(session, org, Role.admin)
    return Admin(client=client, org=org, headers=headers)


@pytest.fixture
def notify_workers(workers: WorkerProcesses) -> WorkerProcesses:
    workers.env.update(
        {
            "BERTH_NOTIFICATIONS__PUBLIC_URL": "https://berth.example.com",
            "BERTH_NOTIFICATIONS__ALLOWED_PRIVATE_NETWORKS": '["127.0.0.0/8"]',
            "BERTH_NOTIFICATIONS__ALLOW_INSECURE_TRANSPORT": "true",
            "BERTH_NOTIFICATIONS__SLACK_WEBHOOK_BASE": "http://127.0.0.1:",
            "BERTH_NOTIFICATIONS__TIMEOUT_SECONDS": "1",
            "BERTH_NOTIFICATIONS__DISPATCH_INTERVAL_SECONDS": "1",
            "BERTH_NOTIFICATIONS__RETRY_BASE_SECONDS": "0.2",
        }
    )
    return workers


@pytest.fixture
async def committed_app(
    notify_settings: Settings,
    engine: AsyncEngine,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    arq_pool: ArqRedis,
) -> AsyncIterator[FastAPI]:
    app = create_app(notify_settings)
    async with wired_state(app, engine=engine, sessionmaker=committed_sessionmaker, arq=arq_pool):
        yield app
