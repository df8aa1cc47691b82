"""deployment.run: release one deployment, then start the next one queued for its app."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.deployments.flows import run_deployment
from api.deployments.repository import DeploymentRepository
from api.deployments.service import DEPLOYMENT
from api.models import Deployment
from worker.durable import Lease, run_durable

log = structlog.get_logger("berth.deploy")


class ServerLimits:
    """Deployments of different applications run concurrently, at most N per server per
    worker process, so one busy server can't take every worker slot."""

    def __init__(self, per_server: int) -> None:
        self._semaphores: dict[uuid.UUID, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_server)
        )

    def __call__(self, server_id: uuid.UUID) -> asyncio.Semaphore:
        return self._semaphores[server_id]


async def deployment_run(
    ctx: dict[str, Any], deployment_id: uuid.UUID, request_id: str | None
) -> str:
    async def work(session: AsyncSession, deployment: Deployment, lease: Lease) -> None:
        async with ctx["server_limits"](deployment.server_id):
            await run_deployment(
                session,
                deployment,
                lease.attempt,
                keyring=ctx["keyring"],
                connections=ctx["connections"],
                settings=ctx["settings"],
            )

    result = await run_durable(ctx, DEPLOYMENT, deployment_id, request_id, work)
    await _start_next(ctx, deployment_id)
    return result


async def _start_next(ctx: dict[str, Any], deployment_id: uuid.UUID) -> None:
    """The application's queue moves on as soon as this deployment is done (the reaper is
    only the safety net)."""
    sessionmaker: async_sessionmaker[AsyncSession] = ctx["sessionmaker"]
    async with sessionmaker() as session:
        finished = await session.get(Deployment, deployment_id)
        if finished is None:
            return
        following = await DeploymentRepository(session).next_queued(finished.application_id)
        if following is None:
            return
        # Its own first job may have run already (refused while this one was running) and
        # arq keeps that result for a while: a distinct, still deterministic id gets through.
        job_id = f"{DEPLOYMENT.job_id(following.id, following.attempts)}:after:{deployment_id}"
        request_id = following.request_id
        following_id = following.id
    await ctx["redis"].enqueue_job(DEPLOYMENT.function, following_id, request_id, _job_id=job_id)
    log.info("started the next queued deployment", deployment_id=str(following_id))
