"""What the worker's startup puts in arq's per-process context, typed.

arq hands every task the same dict (`dict[Any, Any]` in its signatures, so task functions
keep that parameter type); `worker_context` is its typed view, taken once at a task's
entry, so a misspelt key or a wrong type is a mypy error rather than a KeyError at 3 a.m.
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

from arq.connections import ArqRedis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.infra.connections import ConnectionManager
from api.kit.crypto import Keyring
from api.kit.settings import Settings


class WorkerContext(TypedDict):
    redis: ArqRedis  # set by arq itself
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    keyring: Keyring
    connections: ConnectionManager
    # This worker's identity, recorded on the rows it claims so that its successor under
    # the same identity (make run's supervisor) takes them over at once.
    worker_id: str


def worker_context(ctx: dict[str, Any]) -> WorkerContext:
    """The typed view of the dict `worker.main.startup` filled."""
    return cast(WorkerContext, ctx)
