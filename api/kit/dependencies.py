"""FastAPI dependencies shared by every router: the request's session, pagination, sorting."""

import enum
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.jobs.queue import discard_pending_jobs, flush_pending_jobs
from api.kit.pagination import MAX_LIMIT, PaginationParams
from api.kit.settings import Settings
from api.kit.sorting import InvalidSorting, Sorting

# No `from __future__ import annotations` here: the sorting dependency's signature is
# built in a closure, and FastAPI must be able to resolve its annotations.


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


async def _pagination(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 20,
) -> PaginationParams:
    return PaginationParams(page=page, limit=limit)


PaginationDep = Annotated[PaginationParams, Depends(_pagination)]


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(_settings)]


def sorting_dependency(
    fields: type[enum.StrEnum], default: list[str]
) -> Callable[..., Awaitable[Sorting]]:
    allowed = {f.value for f in fields}
    choices = sorted(allowed | {f"-{f}" for f in allowed})

    async def dependency(
        sorting: Annotated[
            list[str] | None,
            Query(description=f"Sort keys, '-' for descending. One of: {', '.join(choices)}"),
        ] = None,
    ) -> Sorting:
        raw = sorting or default
        criteria: list[tuple[str, bool]] = []
        for item in raw:
            name = item.removeprefix("-")
            if name not in allowed:
                raise InvalidSorting(f"cannot sort by {item!r}; allowed: {', '.join(choices)}")
            criteria.append((name, item.startswith("-")))
        return Sorting(tuple(criteria))

    return dependency
