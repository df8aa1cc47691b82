"""An organization admin driving the destinations API, under a backup policy that lets
destinations reach loopback and the test bed's subnet (where the real storage servers are)."""

from __future__ import annotations

import ipaddress
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from arq.connections import ArqRedis
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.kit.settings import BackupSettings, Settings
from api.main import create_app, wired_state
from api.models import Organization, Role
from tests.factories.users import create_org, user_with_role

BED_SUBNET = os.environ.get("BERTH_TESTBED_SUBNET", "10.217.0.0/24")
SECRET_KEY = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"


def lab_backups(**overrides: Any) -> BackupSettings:
    values: dict[str, Any] = {
        "allowed_private_networks": [
            ipaddress.ip_network("127.0.0.0/8"),
            ipaddress.ip_network(BED_SUBNET),
        ],
        "allow_insecure_transport": True,  # moto, fake-gcs-server and Azurite speak http
        "check_timeout_seconds": 30,
    }
    return BackupSettings(**(values | overrides))


@pytest.fixture
def backup_settings() -> BackupSettings:
    return lab_backups()


@pytest.fixture
async def app(
    settings: Settings,
    backup_settings: BackupSettings,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    arq_pool: ArqRedis,
) -> AsyncIterator[FastAPI]:
    app = create_app(settings.model_copy(update={"backups": backup_settings}))
    async with wired_state(app, engine=engine, sessionmaker=sessionmaker, arq=arq_pool):
        yield app


def s3_spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "kind": "s3",
        "endpoint": "https://s3.example.com",
        "bucket": "backups",
        "prefix": "berth/prod",
        "path_style": True,
        "credentials": {"access_key_id": "AKIAEXAMPLE", "secret_access_key": SECRET_KEY},
    }
    return spec | overrides


@dataclass
class Admin:
    client: httpx.AsyncClient
    org: Organization
    headers: dict[str, str]

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(method, f"/api/v1{path}", headers=self.headers, **kwargs)

    async def create(self, spec: dict[str, Any], name: str | None = None) -> httpx.Response:
        body = {"name": name or f"dest-{uuid.uuid4().hex[:8]}", "spec": spec}
        return await self.request("POST", f"/organizations/{self.org.id}/destinations", json=body)

    async def add(self, spec: dict[str, Any], name: str | None = None) -> dict[str, Any]:
        response = await self.create(spec, name)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    async def check(self, destination_id: str) -> httpx.Response:
        return await self.request("POST", f"/destinations/{destination_id}/check")


@pytest.fixture
async def admin(client: httpx.AsyncClient, session: AsyncSession) -> Admin:
    org = await create_org(session)
    _, headers = await user_with_role(session, org, Role.admin)
    return Admin(client=client, org=org, headers=headers)
