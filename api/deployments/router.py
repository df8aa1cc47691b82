from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterable, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import dependencies as app_deps
from api.applications.exceptions import ApplicationNotFound, BuildKitUnavailable
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.deployments import dependencies as deps
from api.deployments.exceptions import (
    DeploymentFinished,
    DeploymentNotFound,
    NothingToRestart,
    NotRollbackTarget,
    SourceMismatch,
)
from api.deployments.live import (
    deployment_channel,
    deployment_events,
    is_finished,
    status_event,
    wait_until_finished,
)
from api.deployments.schemas import (
    DeploymentCreate,
    DeploymentLog,
    DeploymentRead,
    DeploymentState,
    ScaleRequest,
)
from api.deployments.service import deployment_service
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.jobs.live import LivePublisher
from api.kit.jobs.queue import call_after_commit
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.models import Deployment, JobStatus
from api.servers.exceptions import HostKeyChanged, HostKeyNotTrusted

router = APIRouter(tags=["deployments"], route_class=BerthRoute)


class DeploymentSort(enum.StrEnum):
    created_at = "created_at"


MAX_WAIT_SECONDS = 120
STREAM_MAX_SECONDS = 3600
_APP = (NotAuthenticated, ApplicationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, DeploymentNotFound, PermissionDenied)


async def _read_all(
    session: AsyncSession, deployments: Sequence[Deployment]
) -> list[DeploymentRead]:
    positions = await deployment_service.queue_positions(session, deployments)
    return [
        DeploymentRead.model_validate(d).model_copy(update={"queue_position": positions.get(d.id)})
        for d in deployments
    ]


async def _read(session: AsyncSession, deployment: Deployment) -> DeploymentRead:
    return (await _read_all(session, [deployment]))[0]


@router.post(
    "/applications/{application_id}/deployments",
    summary="Deploy an application",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(
        *_APP, HostKeyNotTrusted, HostKeyChanged, SourceMismatch, BuildKitUnavailable
    ),
)
async def create_deployment(
    body: DeploymentCreate, scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Queue a deployment of the source as configured (202): git builds the tip of its
    branch (or `ref`, or exactly `commit`), an image source resolves its tag again (or
    `image`). Poll it until it succeeds, fails or rolls back."""
    deployment = await deployment_service.request(session, scoped.access, scoped.obj, body)
    return await _read(session, deployment)


@router.post(
    "/applications/{application_id}/redeploy",
    summary="Redeploy an application",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_APP, HostKeyNotTrusted, HostKeyChanged, BuildKitUnavailable),
)
async def redeploy_application(
    scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Queue the version now serving again (git: the same commit rebuilt; image: the same
    digest) with the current runtime settings and variables. Never the branch tip: deploy
    that with POST /applications/{id}/deployments (optionally `{"ref": "main"}`)."""
    deployment = await deployment_service.redeploy(session, scoped.access, scoped.obj)
    return await _read(session, deployment)


@router.post(
    "/applications/{application_id}/restart",
    summary="Restart an application",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_APP, NothingToRestart, HostKeyNotTrusted, HostKeyChanged),
)
async def restart_application(
    scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Queue a rolling, health-gated replacement of every task of the running version."""
    deployment = await deployment_service.restart(session, scoped.access, scoped.obj)
    return await _read(session, deployment)


@router.post(
    "/applications/{application_id}/scale",
    summary="Scale, stop or start an application",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_APP, HostKeyNotTrusted, HostKeyChanged),
)
async def scale_application(
    body: ScaleRequest, scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Queue a deployment that only changes the number of replicas (0 stops it)."""
    deployment = await deployment_service.scale(session, scoped.access, scoped.obj, body.replicas)
    return await _read(session, deployment)


@router.post(
    "/applications/{application_id}/deployments/{deployment_id}/rollback",
    summary="Roll back to a deployment",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_APP, DeploymentNotFound, NotRollbackTarget, HostKeyNotTrusted),
)
async def rollback_to_deployment(
    deployment_id: uuid.UUID, scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Release again exactly what an earlier successful deployment released."""
    deployment = await deployment_service.rollback(
        session, scoped.access, scoped.obj, deployment_id
    )
    return await _read(session, deployment)


@router.get(
    "/applications/{application_id}/deployments",
    summary="List deployments",
    response_model=Page[DeploymentRead],
    responses=problem_responses(*_APP),
)
async def list_deployments(
    scoped: app_deps.ApplicationRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(DeploymentSort, ["-created_at"]))],
    state: Annotated[
        list[DeploymentState],
        Query(description="Only deployments in these states (repeat for several); all if unset"),
    ] = [],  # noqa: B006 - FastAPI copies a query default, it is never mutated
) -> Page[DeploymentRead]:
    """An application's deployment history, newest first."""
    items, total = await deployment_service.list(
        session, scoped.access, scoped.obj, pagination, sorting, state
    )
    return Page.build(await _read_all(session, items), total, pagination)


@router.get(
    "/deployments/{deployment_id}",
    summary="Get a deployment",
    response_model=DeploymentRead,
    responses=problem_responses(*_ITEM),
)
async def get_deployment(
    scoped: deps.DeploymentRead,
    session: SessionDep,
    request: Request,
    wait_seconds: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_WAIT_SECONDS,
            description="Long-poll: answer once it ended, or after this many seconds",
        ),
    ] = 0,
) -> DeploymentRead:
    """Status, outcome, per-step durations and the released image. CI can await the end
    with `?wait_seconds=120` in a loop."""
    if wait_seconds and not is_finished(scoped.obj):
        await session.commit()  # don't hold a database connection while waiting
        await wait_until_finished(
            request.app.state.redis,
            request.app.state.sessionmaker,
            scoped.obj.id,
            max_seconds=wait_seconds,
        )
        await session.refresh(scoped.obj)
    return await _read(session, scoped.obj)


@router.post(
    "/deployments/{deployment_id}/cancel",
    summary="Cancel a deployment",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_ITEM, DeploymentFinished),
)
async def cancel_deployment(
    scoped: deps.DeploymentDeploy, session: SessionDep, request: Request
) -> DeploymentRead:
    """Queued: dropped now. Running: its worker stops this deployment's build (never other
    builds on the server) or rolls its Swarm update back; poll until `cancelled`."""
    deployment = await deployment_service.cancel(session, scoped.access, scoped.obj)
    if deployment.status is JobStatus.cancelled:
        live = LivePublisher(request.app.state.redis, deployment_channel(deployment.id))
        event = status_event(deployment)
        call_after_commit(session, lambda: live.publish("status", event))
    return await _read(session, deployment)


@router.get(
    "/deployments/{deployment_id}/events",
    summary="Follow a deployment live",
    response_class=EventSourceResponse,
    responses=problem_responses(*_ITEM),
)
async def deployment_events_stream(
    scoped: deps.DeploymentRead, request: Request
) -> AsyncIterable[ServerSentEvent]:
    """Server-Sent Events: `snapshot` (steps and log so far), then `log` lines and `step`
    changes as they happen, then a final `status`. Ends when the deployment does."""
    # The request's session (used by the permission check) is closed as soon as the
    # stream starts; the stream reads with short sessions of its own.
    deployment_id = scoped.obj.id
    async for event in deployment_events(
        request.app.state.redis,
        request.app.state.sessionmaker,
        deployment_id,
        max_seconds=STREAM_MAX_SECONDS,
    ):
        yield event


@router.get(
    "/deployments/{deployment_id}/log",
    summary="Get a deployment's log",
    response_model=DeploymentLog,
    responses=problem_responses(*_ITEM),
)
async def get_deployment_log(scoped: deps.DeploymentRead) -> DeploymentLog:
    """The persisted deploy log; `/events` streams it live."""
    return DeploymentLog.model_validate(scoped.obj)
