from __future__ import annotations

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from api.kit.settings import RedisSettings, Settings
from api.main import create_app


async def test_healthz_is_always_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_readyz_checks_database_and_redis(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_readyz_is_503_when_redis_is_down(settings: Settings, app: FastAPI) -> None:
    # A Redis URL where nothing listens (port 1 on loopback refuses at once).
    down = create_app(
        settings.model_copy(update={"redis": RedisSettings(url="redis://127.0.0.1:1/0")})
    )
    down.state.engine = app.state.engine
    down.state.redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=down), base_url="http://t"
    ) as client:
        response = await client.get("/readyz")
    await down.state.redis.aclose()
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["redis"].startswith("error")


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    mine = await client.get("/healthz", headers={"X-Request-ID": "ci-run-42"})
    assert mine.headers["x-request-id"] == "ci-run-42"
    hostile = await client.get("/healthz", headers={"X-Request-ID": "bad id\r\ninjected"})
    assert hostile.headers["x-request-id"] != "bad id\r\ninjected"
    assert len(hostile.headers["x-request-id"]) == 32
