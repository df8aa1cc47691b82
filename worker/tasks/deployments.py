"""deployment.run: release one deployment (when its server has a free slot), then start
the next one waiting for its application or for that server."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.deployments.exceptions import DeploymentCancelled
from api.deployments.flows import run_deployment
from api.deployments.live import deployment_channel, status_event
from api.deployments.repository import DeploymentRepository
from api.deployments.service import DEPLOYMENT
from api.kit.jobs.live import LivePublisher
from api.models import Deployment
from worker.durable import Lease, run_durable

log = structlog.get_logger("berth.deploy")

CANCEL_POLL_SECONDS = 0.5


async def deployment_run(
    ctx: dict[str, Any], deployment_id: uuid.UUID, request_id: str | None
) -> str:
    live = LivePublisher(ctx["redis"], deployment_channel(deployment_id))

    async def work(session: AsyncSession, deployment: Deployment, lease: Lease) -> None:
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
                raise DeploymentCancelled("cancelled on request") from None
            raise
        finally:
            watcher.cancel()
            if not flow.done():  # we were cancelled ourselves (shutdown, lost lease)
                flow.cancel()

    async def admit(session: AsyncSession, row_id: uuid.UUID) -> bool:
        limit = ctx["settings"].servers.max_deployments_per_server
        return await DeploymentRepository(session).server_has_capacity(row_id, limit)

    result = await run_durable(ctx, DEPLOYMENT, deployment_id, request_id, work, admit=admit)
    if result != "deferred":
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
    """Queues move on as soon as this deployment is done: the next one of the same
    application, and the next one waiting for a slot on the same server (the reaper is only
    the safety net)."""
    sessionmaker: async_sessionmaker[AsyncSession] = ctx["sessionmaker"]
    async with sessionmaker() as session:
        finished = await session.get(Deployment, deployment_id)
        if finished is None:
            return
        repo = DeploymentRepository(session)
        candidates = [
            await repo.next_queued(finished.application_id),
            await repo.next_queued_on_server(finished.server_id),
        ]
        # Their own first jobs may have run already (refused while this one ran) and arq
        # keeps those results for a while: distinct, still deterministic ids get through.
        jobs = {
            row.id: (
                row.request_id,
                f"{DEPLOYMENT.job_id(row.id, row.attempts)}:after:{deployment_id}",
            )
            for row in candidates
            if row is not None
        }
    for following_id, (request_id, job_id) in jobs.items():
        await ctx["redis"].enqueue_job(
            DEPLOYMENT.function, following_id, request_id, _job_id=job_id
        )
        log.info("started the next queued deployment", deployment_id=str(following_id))
