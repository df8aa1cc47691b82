"""Engine and session factory shared by the API, the worker and the CLI."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from api.kit.settings import DatabaseSettings


def create_engine(settings: DatabaseSettings, *, application_name: str) -> AsyncEngine:
    return create_async_engine(
        settings.url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        # No pre-ping: it costs a round trip per request. A connection broken by a database
        # restart fails one request and is then discarded by the pool.
        pool_recycle=1800,
        echo=settings.echo,
        connect_args={"server_settings": {"application_name": application_name}},
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: responses are serialised after the commit, and a
    # post-commit attribute access must not trigger a (lazy, async-illegal) reload.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
