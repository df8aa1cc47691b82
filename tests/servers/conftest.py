"""Servers against real test hosts: the session's test bed, an app that can connect, and
helpers that add and trust a server through the API as an operator would."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra.connections import ConnectionManager
from api.models import Organization, Role
from tests.factories.users import create_org, user_with_role
from tests.testbed import Host


@pytest.fixture
def connections(app: FastAPI) -> ConnectionManager:
    manager: ConnectionManager = app.state.connections
    return manager


@dataclass
class Operator:
    """An organization admin driving the servers API."""

    client: httpx.AsyncClient
    org: Organization
    headers: dict[str, str]

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(method, f"/api/v1{path}", headers=self.headers, **kwargs)

    async def create(self, **body: Any) -> httpx.Response:
        body.setdefault("name", f"srv-{uuid.uuid4().hex[:8]}")
        return await self.request("POST", f"/organizations/{self.org.id}/servers", json=body)

    async def add(
        self,
        host: Host,
        *,
        user: str = "root",
        private_key: str | None = None,
        address: str | None = None,
        **body: Any,
    ) -> dict[str, Any]:
        """Add `host` with the test bed's client key uploaded (it is in authorized_keys)."""
        key = private_key if private_key is not None else host.client_key.read_text()
        response = await self.create(
            host=address or host.ip, port=host.ssh_port, username=user, private_key=key, **body
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    async def scan(self, server_id: str) -> httpx.Response:
        return await self.request("POST", f"/servers/{server_id}/host-key/scan")

    async def confirm(self, server_id: str, fingerprint: str) -> httpx.Response:
        return await self.request(
            "POST", f"/servers/{server_id}/host-key/confirm", json={"fingerprint": fingerprint}
        )

    async def check(self, server_id: str) -> httpx.Response:
        return await self.request("POST", f"/servers/{server_id}/check")

    async def get(self, server_id: str) -> dict[str, Any]:
        response = await self.request("GET", f"/servers/{server_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def trust(self, server_id: str) -> dict[str, Any]:
        """Scan, then confirm exactly the fingerprint the scan showed."""
        scanned = await self.scan(server_id)
        assert scanned.status_code == 200, scanned.text
        confirmed = await self.confirm(server_id, scanned.json()["pending_host_key_fingerprint"])
        assert confirmed.status_code == 200, confirmed.text
        body: dict[str, Any] = confirmed.json()
        return body

    async def add_trusted(self, host: Host, *, user: str = "root", **body: Any) -> dict[str, Any]:
        server = await self.add(host, user=user, **body)
        return await self.trust(server["id"])


@pytest.fixture
async def operator(client: httpx.AsyncClient, session: AsyncSession) -> Operator:
    org = await create_org(session)
    _, headers = await user_with_role(session, org, Role.admin)
    return Operator(client=client, org=org, headers=headers)


async def wait_disconnected(
    manager: ConnectionManager, server_id: uuid.UUID, timeout: float = 5.0
) -> None:
    """Until the manager has seen its connection to `server_id` drop (an EOF is only noticed
    when the event loop reads it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        slot = manager._slots.get(server_id)
        if slot is None or slot.connection is None or slot.connection.is_closed:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"connection to {server_id} still open after {timeout}s")
