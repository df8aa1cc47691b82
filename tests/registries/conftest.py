"""An organization admin driving the registries API, and the private registry's facts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Organization, Role
from tests.factories.users import create_org, user_with_role

PASSWORD = "glpat-Very-Secret-Token-0123456789"


@dataclass
class RegistryAdmin:
    client: httpx.AsyncClient
    org: Organization
    headers: dict[str, str]

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(method, f"/api/v1{path}", headers=self.headers, **kwargs)

    async def create(self, **body: Any) -> httpx.Response:
        body.setdefault("name", f"reg-{uuid.uuid4().hex[:8]}")
        body.setdefault("address", "registry.example.com")
        body.setdefault("username", "ci")
        body.setdefault("password", PASSWORD)
        return await self.request("POST", f"/organizations/{self.org.id}/registries", json=body)

    async def add(self, **body: Any) -> dict[str, Any]:
        response = await self.create(**body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created


@pytest.fixture
async def admin(client: httpx.AsyncClient, session: AsyncSession) -> RegistryAdmin:
    org = await create_org(session)
    _, headers = await user_with_role(session, org, Role.admin)
    return RegistryAdmin(client=client, org=org, headers=headers)
