"""deployment.run: release one deployment (when its server has a free slot), then start
the next one waiting for its application or for that server."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.deployments.exceptions import DeploymentCancelled
from api.deployments.flows import run_deployment
from api.deployments.live import deployment_channel, status_event
from api.deployments.repository import DeploymentRepository
from api.deployments.service import DEPLOYMENT
from api.kit.jobs.live import LivePublisher
from api.models import Deployment
from worker.context import WorkerContext, worker_context
from worker.durable import Lease, run_durable

log = structlog.get_logger("berth.deploy")

CANCEL_POLL_SECONDS = 0.5


async def deployment_run(
    ctx: dict[str, Any], deployment_id: uuid.UUID, request_id: str | None
) -> str:
    context = worker_context(ctx)
    live = LivePublisher(context["redis"], deployment_channel(deployment_id))

    async def work(session: AsyncSession, deployment: Deployment, lease: Lease) -> None:
        cancel = asyncio.Event()
        flow = asyncio.create_task(
            run_deployment(
                session,
                deployment,
                lease.attempt,
                keyring=context["keyring"],
                connections=context["connections"],
                settings=context["settings"],
                live=live,
                cancel=cancel,
            )
        )
        watcher = asyncio.create_task(_watch_cancel(context, deployment.id, flow, cancel))
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
        limit = context["settings"].servers.max_deployments_per_server
        return await DeploymentRepository(session).server_has_capacity(row_id, limit)

    result = await run_durable(context, DEPLOYMENT, deployment_id, request_id, work, admit=admit)
    if result != "deferred":
        await _publish_final(context, deployment_id, live)
        await _start_next(context, deployment_id)
    return result


async def _watch_cancel(
    ctx: WorkerContext, deployment_id: uuid.UUID, flow: asyncio.Task[None], cancel: asyncio.Event
) -> None:
    """Poll the row's cancel request (a durable flag: it survives a worker restart, and any
    API process can set it) and stop the flow when it appears."""
    while not flow.done():
        await asyncio.sleep(CANCEL_POLL_SECONDS)
        async with ctx["sessionmaker"]() as session:
            requested = await DeploymentRepository(session).cancel_requested(deployment_id)
        if requested:
            log.info("cancel requested", deployment_id=str(deployment_id))
            cancel.set()
            flow.cancel()
            return


async def _publish_final(ctx: WorkerContext, deployment_id: uuid.UUID, live: LivePublisher) -> None:
    async with ctx["sessionmaker"]() as session:
        row = await DeploymentRepository(session).get_by_id(deployment_id)
        if row is not None:
            await live.publish("status", status_event(row))


async def _start_next(ctx: WorkerContext, deployment_id: uuid.UUID) -> None:
    """Queues move on as soon as this deployment is done: the next one of the same
    application, and the next one waiting for a slot on the same server (the reaper is only
    the safety net)."""
    async with ctx["sessionmaker"]() as session:
        repo = DeploymentRepository(session)
        finished = await repo.get_by_id(deployment_id)
        if finished is None:
            return
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
