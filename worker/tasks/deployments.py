"""deployment.run: release one deployment, then start the next one queued for its app."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.deployments.flows import DeploymentCancelled, run_deployment
from api.deployments.live import deployment_channel, status_event
from api.deployments.repository import DeploymentRepository
from api.deployments.service import DEPLOYMENT
from api.kit.live import LivePublisher
from api.models import Deployment
from worker.durable import Lease, run_durable

log = structlog.get_logger("berth.deploy")

CANCEL_POLL_SECONDS = 0.5


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
    live = LivePublisher(ctx["redis"], deployment_channel(deployment_id))

    async def work(session: AsyncSession, deployment: Deployment, lease: Lease) -> None:
        async with ctx["server_limits"](deployment.server_id):
            cancel = asyncio.Event()
            flow = asyncio.create_task(
                run_deployment(
                    session,
                    deployment,
                    lease.attempt,
                    keyring=ctx["keyring"],
                    connections=ctx["connections"],
                    settings=ctx["settings"],
                    live=live,
                    cancel=cancel,
                )
            )
            watcher = asyncio.create_task(_watch_cancel(ctx, deployment.id, flow, cancel))
            try:
                await flow
            except asyncio.CancelledError:
                me = asyncio.current_task()
                if cancel.is_set() and not (me and me.cancelling()):
                    raise DeploymentCancelled("cancelled before it reached the server") from None
                raise
            finally:
                watcher.cancel()
                if not flow.done():  # we were cancelled ourselves (shutdown, lost lease)
                    flow.cancel()

    result = await run_durable(ctx, DEPLOYMENT, deployment_id, request_id, work)
    await _publish_final(ctx, deployment_id, live)
    await _start_next(ctx, deployment_id)
    return result


async def _watch_cancel(
    ctx: dict[str, Any], deployment_id: uuid.UUID, flow: asyncio.Task[None], cancel: asyncio.Event
) -> None:
    """Poll the row's cancel request (a durable flag: it survives a worker restart, and any
    API process can set it) and stop the flow when it appears."""
    sessionmaker: async_sessionmaker[AsyncSession] = ctx["sessionmaker"]
    while not flow.done():
        await asyncio.sleep(CANCEL_POLL_SECONDS)
        async with sessionmaker() as session:
            requested = await session.scalar(
                select(Deployment.cancel_requested_at).where(Deployment.id == deployment_id)
            )
        if requested is not None:
            log.info("cancel requested", deployment_id=str(deployment_id))
            cancel.set()
            flow.cancel()
            return


async def _publish_final(
    ctx: dict[str, Any], deployment_id: uuid.UUID, live: LivePublisher
) -> None:
    sessionmaker: async_sessionmaker[AsyncSession] = ctx["sessionmaker"]
    async with sessionmaker() as session:
        row = await session.get(Deployment, deployment_id)
        if row is not None:
            await live.publish("status", status_event(row))


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
