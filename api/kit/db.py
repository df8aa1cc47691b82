"""Engine, sessions and the one-transaction-per-request dependency."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from api.kit.jobs import discard_pending_jobs, flush_pending_jobs
from api.kit.settings import DatabaseSettings


def create_engine(settings: DatabaseSettings, *, application_name: str) -> AsyncEngine:
    return create_async_engine(
        settings.url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_pre_ping=True,
        echo=settings.echo,
        connect_args={"server_settings": {"application_name": application_name}},
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: responses are serialised after the commit, and a
    # post-commit attribute access must not trigger a (lazy, async-illegal) reload.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session, one transaction per request.

    Commits after the handler returns and *before* the response is sent (function
    scope), so a failed commit becomes a 500 problem instead of following a 200. Jobs
    the request queued are sent to Redis only once the commit succeeded.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            discard_pending_jobs(session)
            await session.rollback()
            raise
        await session.commit()
        await flush_pending_jobs(session, request.app.state.arq)


SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]
