from __future__ import annotations

import enum
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import dependencies as app_deps
from api.applications.exceptions import ApplicationNotFound
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.deployments import dependencies as deps
from api.deployments.exceptions import DeploymentNotFound, NotRollbackTarget
from api.deployments.schemas import (
    DeploymentCreate,
    DeploymentLog,
    DeploymentRead,
    ScaleRequest,
)
from api.deployments.service import deployment_service
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.models import Deployment
from api.servers.exceptions import HostKeyChanged, HostKeyNotTrusted

router = APIRouter(tags=["deployments"], route_class=BerthRoute)


class DeploymentSort(enum.StrEnum):
    created_at = "created_at"


_APP = (NotAuthenticated, ApplicationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, DeploymentNotFound, PermissionDenied)


async def _read(session: AsyncSession, deployment: Deployment) -> DeploymentRead:
    position = await deployment_service.queue_position(session, deployment)
    return DeploymentRead.model_validate(deployment).model_copy(update={"queue_position": position})


@router.post(
    "/applications/{application_id}/deployments",
    summary="Deploy an application",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_APP, HostKeyNotTrusted, HostKeyChanged),
)
async def create_deployment(
    body: DeploymentCreate, scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Queue a deployment (202); poll it until it succeeds, fails or rolls back."""
    deployment = await deployment_service.request(session, scoped.access, scoped.obj, body)
    return await _read(session, deployment)


@router.post(
    "/applications/{application_id}/redeploy",
    summary="Redeploy an application",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentRead,
    responses=problem_responses(*_APP, HostKeyNotTrusted, HostKeyChanged),
)
async def redeploy_application(
    scoped: app_deps.ApplicationDeploy, session: SessionDep
) -> DeploymentRead:
    """Queue a deployment of the current source and runtime."""
    deployment = await deployment_service.redeploy(session, scoped.access, scoped.obj)
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
) -> Page[DeploymentRead]:
    """An application's deployment history, newest first."""
    items, total = await deployment_service.list(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build([await _read(session, d) for d in items], total, pagination)


@router.get(
    "/deployments/{deployment_id}",
    summary="Get a deployment",
    response_model=DeploymentRead,
    responses=problem_responses(*_ITEM),
)
async def get_deployment(scoped: deps.DeploymentRead, session: SessionDep) -> DeploymentRead:
    """Status, outcome, per-step durations and the released image."""
    return await _read(session, scoped.obj)


@router.get(
    "/deployments/{deployment_id}/log",
    summary="Get a deployment's log",
    response_model=DeploymentLog,
    responses=problem_responses(*_ITEM),
)
async def get_deployment_log(scoped: deps.DeploymentRead) -> DeploymentLog:
    """The persisted deploy log (live streaming comes with the log stream endpoint)."""
    return DeploymentLog.model_validate(scoped.obj)
