from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from api.health.router import heads_of, migration_heads
from api.kit.settings import RedisSettings, Settings
from api.main import create_app
from tests.conftest import alembic_config


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


async def test_readyz_is_503_until_the_schema_is_at_head(
    settings: Settings, app: FastAPI, engine: AsyncEngine
) -> None:
    """A replica started before its migrations ran takes no traffic; once they ran it does."""
    heads = migration_heads()
    script = ScriptDirectory.from_config(alembic_config(settings.database.url))
    older = script.get_revision(next(iter(heads))).down_revision
    assert isinstance(older, str)
    name = f"readyz_{uuid.uuid4().hex[:8]}"
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(settings.database.url).set(database=name)
    other = create_async_engine(url)
    behind = create_app(settings)
    behind.state.engine = other
    behind.state.redis = app.state.redis
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=behind), base_url="http://t"
        ) as client:
            empty = await client.get("/readyz")  # nothing migrated: no alembic_version
            async with other.begin() as conn:
                await conn.execute(text("CREATE TABLE alembic_version (version_num text)"))
                await conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": older})
            old = await client.get("/readyz")
            async with other.begin() as conn:
                await conn.execute(
                    text("UPDATE alembic_version SET version_num = :v"), {"v": next(iter(heads))}
                )
            current = await client.get("/readyz")
            live = await client.get("/healthz")
    finally:
        await other.dispose()
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE "{name}"'))
    assert empty.status_code == 503
    assert empty.json()["checks"]["database"].startswith("error")
    assert old.status_code == 503
    assert old.json()["checks"]["database"] == (
        f"error: schema at {older}, code expects {next(iter(heads))}"
    )
    assert current.status_code == 200, current.json()
    assert live.status_code == 200  # liveness never depends on the schema


def test_migration_heads_agree_with_alembic() -> None:
    """readyz reads the heads without alembic (memory); alembic's answer is the truth."""
    script = ScriptDirectory.from_config(alembic_config("postgresql://unused/x"))
    assert migration_heads() == frozenset(script.get_heads())


def test_migration_heads_of_branches_and_merges(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    files = {
        "a": "revision = 'a'\ndown_revision = None\n",
        "b": "revision: str = 'b'\ndown_revision: str | None = 'a'\n",
        "c": 'revision = "c"\ndown_revision = "a"\n',  # a second branch off a
        "d": "revision = 'd'\ndown_revision = ('b', 'c')\n",  # merges both
        "e": "revision = 'e'\ndown_revision = 'a'\n",  # a third branch, still open
    }
    for name, text_ in files.items():
        (versions / f"{name}.py").write_text(f'"""{name}"""\n{text_}')
    config = Config()
    config.set_main_option("script_location", str(tmp_path))
    expected = frozenset(ScriptDirectory.from_config(config).get_heads())
    assert expected == {"d", "e"}
    assert heads_of(versions) == expected
