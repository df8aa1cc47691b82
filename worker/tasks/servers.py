"""Server jobs: setup (durable, per request) and the periodic status refresh."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra.errors import InfraError
from api.kit.errors import BerthError
from api.models import Server, ServerSetup
from api.notifications.announcements import DiskThreshold
from api.servers.connectivity import connection_target
from api.servers.flows import run_setup
from api.servers.repository import ServerRepository
from api.servers.service import SERVER_SETUP, server_service
from worker.context import worker_context
from worker.durable import Lease, run_durable

log = structlog.get_logger("berth.servers")


async def server_setup_run(ctx: dict[str, Any], setup_id: uuid.UUID, request_id: str | None) -> str:
    context = worker_context(ctx)

    async def work(session: AsyncSession, setup: ServerSetup, lease: Lease) -> None:
        await run_setup(
            session,
            setup,
            lease.attempt,
            keyring=context["keyring"],
            connections=context["connections"],
            settings=context["settings"],
        )

    return await run_durable(context, SERVER_SETUP, setup_id, request_id, work)


async def servers_refresh(ctx: dict[str, Any]) -> dict[str, int]:
    """Refresh every connectable server's status, a bounded number at a time."""
    context = worker_context(ctx)
    sessionmaker = context["sessionmaker"]
    limit = asyncio.Semaphore(context["settings"].servers.refresh_concurrency)
    async with sessionmaker() as session:
        ids = [s.id for s in await ServerRepository(session).list_connectable()]

    async def refresh(server_id: uuid.UUID) -> bool:
        async with limit, sessionmaker() as session, session.begin():
            server = await session.get(Server, server_id)
            if server is None:
                return False
            try:
                connection_target(server, context["keyring"])
            except BerthError:
                return False  # trust changed meanwhile: nothing to check
            await server_service.check(
                session,
                None,
                context["keyring"],
                context["connections"],
                server,
                raise_problem=False,
                disk=DiskThreshold.from_settings(context["settings"].notifications),
            )
            return True

    results = await asyncio.gather(*(refresh(i) for i in ids), return_exceptions=True)
    for server_id, result in zip(ids, results, strict=True):
        if isinstance(result, BaseException) and not isinstance(result, InfraError):
            log.error("refresh failed", server_id=str(server_id), error=repr(result))
    return {"servers": len(ids), "checked": sum(1 for r in results if r is True)}
