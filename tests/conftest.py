"""Session-wide real services: PostgreSQL and Redis from the machine's binaries.

Each test runs inside a transaction that is rolled back (API requests use savepoints on
the same connection), so tests are isolated without re-creating the schema. Tests that
need a separate process to see their data (the worker) use `committed_sessionmaker`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.config import Config
from arq import create_pool
from arq.connections import ArqRedis
from arq.connections import RedisSettings as ArqRedisSettings
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import generate_master_key
from api.kit.settings import (
    DatabaseSettings,
    Environment,
    JobSettings,
    RedisSettings,
    SecuritySettings,
    Settings,
)
from api.main import create_app, wired_state
from tests.support.testbed_session import shared_testbed
from tests.testbed import Testbed

ROOT = Path(__file__).resolve().parents[1]

# Shared fixtures for tests that need real worker processes or committed data.
pytest_plugins = ["tests.support.workers"]


@pytest.fixture(scope="session")
def services() -> Iterator[tuple[EmbeddedPostgres, EmbeddedRedis]]:
    workdir = Path(tempfile.mkdtemp(prefix="berth-test-"))
    workdir.chmod(0o711)
    pg = EmbeddedPostgres(workdir / "pg", free_port(), durable=False, allow_createdb=True)
    redis = EmbeddedRedis(workdir / "redis", free_port(), durable=False)
    try:
        pg.start()
        redis.start()
        yield pg, redis
    finally:
        redis.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        if pg.data_root != workdir / "pg":
            shutil.rmtree(pg.data_root, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(services: tuple[EmbeddedPostgres, EmbeddedRedis]) -> Settings:
    pg, redis = services
    return Settings(
        env=Environment.test,
        log_level="WARNING",
        database=DatabaseSettings(url=pg.url, pool_size=5),
        redis=RedisSettings(url=redis.url),
        security=SecuritySettings(
            session_secret=SecretStr("test-session-secret-" + "x" * 32),
            master_key=SecretStr(generate_master_key()),
            login_max_failures_per_account_address=5,
            login_max_failures_per_address=20,
        ),
        jobs=JobSettings(
            heartbeat_interval_seconds=0.5,
            heartbeat_stale_seconds=3,
            queued_grace_seconds=3,
            reaper_interval_seconds=1,
        ),
    )


@pytest.fixture(scope="session")
def worker_env(settings: Settings) -> dict[str, str]:
    """Environment for a worker subprocess that shares the test's settings."""
    sec, jobs = settings.security, settings.jobs
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(
        {
            "BERTH_ENV": "test",
            "BERTH_LOG_FORMAT": "json",
            "BERTH_DATABASE__URL": settings.database.url,
            "BERTH_REDIS__URL": settings.redis.url,
            "BERTH_SECURITY__SESSION_SECRET": sec.session_secret.get_secret_value(),
            "BERTH_SECURITY__MASTER_KEY": sec.master_key.get_secret_value(),
            "BERTH_JOBS__HEARTBEAT_INTERVAL_SECONDS": str(jobs.heartbeat_interval_seconds),
            "BERTH_JOBS__HEARTBEAT_STALE_SECONDS": str(jobs.heartbeat_stale_seconds),
            "BERTH_JOBS__QUEUED_GRACE_SECONDS": str(jobs.queued_grace_seconds),
            "BERTH_JOBS__REAPER_INTERVAL_SECONDS": str(jobs.reaper_interval_seconds),
        }
    )
    return env


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.attributes["database_url"] = url
    return config


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> str:
    """Runs every migration once, as production does."""
    command.upgrade(alembic_config(settings.database.url), "head")
    return settings.database.url


@pytest.fixture(scope="session")
async def engine(migrated: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(migrated, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    # Requests "commit" to savepoints inside the test's outer transaction.
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def committed_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Real commits, for tests whose data another process must see. Clean up after!"""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@pytest.fixture(scope="session")
async def arq_pool(settings: Settings) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(ArqRedisSettings.from_dsn(settings.redis.url))
    yield pool
    await pool.aclose()


@pytest.fixture(autouse=True)
async def _clean_redis(request: pytest.FixtureRequest) -> None:
    if "arq_pool" in request.fixturenames:
        pool: ArqRedis = request.getfixturevalue("arq_pool")
        await pool.flushdb()


@pytest.fixture(scope="session")
def testbed() -> Iterator[Testbed]:
    """Real test hosts (network namespaces with sshd + dockerd), shared by the whole run."""
    yield from shared_testbed()


@pytest.fixture
async def app(
    settings: Settings,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    arq_pool: ArqRedis,
) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    # The lifespan's own wiring, with the test's services instead of new ones: requests
    # must share the test's rolled-back connection.
    async with wired_state(app, engine=engine, sessionmaker=sessionmaker, arq=arq_pool):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://berth.test") as client:
        yield client
