"""Applications and deployment requests through the API (no server contact here)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import (
    Application,
    Deployment,
    Server,
)
from tests.applications.conftest import create_server as _server
from tests.factories.users import create_org

PROBLEM = "application/problem+json"


def _body(server: Server, **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "web",
        "server_id": str(server.id),
        "source": {"type": "image", "image": "registry.example.com:5000/team/web:1.2"},
        "runtime": {
            "port": 8080,
            "replicas": 2,
            "health_check": {"type": "http", "path": "/healthz"},
        },
    }
    body.update(over)
    return body


async def test_create_application_with_generated_hostname(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    env = setting["environment"]
    response = await client.post(
        f"/api/v1/environments/{env.id}/applications",
        json=_body(setting["server"]),
        headers=setting["member"],
    )
    assert response.status_code == 201, response.text
    app = response.json()
    assert app["hostname"] == "web.apps.example.com"
    assert app["service_name"].startswith("berth-web-")
    assert app["runtime"]["health_check"]["interval_seconds"] == 5
    listed = await client.get(
        f"/api/v1/environments/{env.id}/applications", headers=setting["viewer"]
    )
    assert [a["id"] for a in listed.json()["items"]] == [app["id"]]


@pytest.mark.parametrize(
    "image",
    [
        "web;rm -rf /",
        "$(id)",
        "`id`",
        "-web",
        "Registry.Example/Web",
        "web:1 2",
        "we\nb",
        "../web",
        "web@sha256:xyz",
        "",
    ],
)
async def test_hostile_image_references_are_422_and_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any], image: str
) -> None:
    body = _body(setting["server"], source={"type": "image", "image": image})
    response = await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json=body,
        headers=setting["member"],
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert await session.scalar(select(func.count()).select_from(Application)) == 0


@pytest.mark.parametrize(
    "runtime",
    [
        {"port": 0},
        {"port": 70000},
        {"replicas": -1},
        {"replicas": 101},
        {"health_check": {"type": "http", "path": "/x y"}},
        {"health_check": {"type": "http", "path": "x"}},
        {"health_check": {"type": "command"}},
        {"memory_limit_mb": 1},
        {"unknown": True},
    ],
)
async def test_invalid_runtime_is_422(
    client: httpx.AsyncClient, setting: dict[str, Any], runtime: dict[str, Any]
) -> None:
    response = await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json=_body(setting["server"], runtime=runtime),
        headers=setting["member"],
    )
    assert response.status_code == 422, response.text


async def test_a_server_of_another_organization_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    foreign = await _server(session, await create_org(session))
    response = await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json=_body(foreign),
        headers=setting["member"],
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/unknown-server")


async def test_deployments_queue_behind_each_other(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    created = await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json=_body(setting["server"]),
        headers=setting["member"],
    )
    app_id = created.json()["id"]
    first = await client.post(
        f"/api/v1/applications/{app_id}/deployments", json={}, headers=setting["member"]
    )
    assert first.status_code == 202, first.text
    assert first.json()["status"] == "queued"
    assert first.json()["queue_position"] == 0
    second = await client.post(
        f"/api/v1/applications/{app_id}/deployments",
        json={"image": "registry.example.com:5000/team/web:1.3"},
        headers=setting["member"],
    )
    assert second.json()["queue_position"] == 1
    row = await session.get(Deployment, uuid.UUID(second.json()["id"]))
    assert row is not None
    assert row.source["image"] == "registry.example.com:5000/team/web:1.3"  # the CI's new tag
    viewer = await client.post(
        f"/api/v1/applications/{app_id}/deployments", json={}, headers=setting["viewer"]
    )
    assert viewer.status_code == 403


async def test_deploying_to_an_untrusted_server_is_409(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    untrusted = await _server(session, setting["org"], trusted=False)
    created = await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json=_body(untrusted),
        headers=setting["member"],
    )
    response = await client.post(
        f"/api/v1/applications/{created.json()['id']}/deployments",
        json={},
        headers=setting["member"],
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/host-key-not-trusted")
    assert await session.scalar(select(func.count()).select_from(Deployment)) == 0
