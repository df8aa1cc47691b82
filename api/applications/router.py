from __future__ import annotations

import asyncio
import contextlib
import enum
from collections.abc import AsyncIterable, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import dependencies as deps
from api.applications.exceptions import (
    ApplicationNameTaken,
    ApplicationNotFound,
    FileRepositoriesDisabled,
    HostnameTaken,
    InvalidDeployKey,
    ServerNotInOrganization,
    UnknownPushRegistry,
)
from api.applications.schemas import (
    ApplicationCreate,
    ApplicationRead,
    ApplicationUpdate,
    DeployKeyCreate,
    DeployKeyRead,
    LogLine,
    RuntimeLogs,
)
from api.applications.service import application_service
from api.applications.variables_router import router as variables_router
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.environments import dependencies as env_deps
from api.environments.dependencies import KeyringDep
from api.environments.exceptions import EnvironmentNotFound
from api.kit.dependencies import PaginationDep, SessionDep, SettingsDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.models import Application, Server
from api.servers.dependencies import ConnectionsDep
from api.servers.exceptions import (
    CONNECTION_PROBLEMS,
)

router = APIRouter(tags=["applications"], route_class=BerthRoute)


class ApplicationSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"


_ENV = (NotAuthenticated, EnvironmentNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, ApplicationNotFound, PermissionDenied)


async def _read_all(session: AsyncSession, apps: Sequence[Application]) -> list[ApplicationRead]:
    hostnames = await application_service.hostnames(session, apps)
    return [
        ApplicationRead.model_validate(a).model_copy(update={"hostname": hostnames[a.id]})
        for a in apps
    ]


async def _read(session: AsyncSession, app: Application) -> ApplicationRead:
    return (await _read_all(session, [app]))[0]


@router.get(
    "/environments/{environment_id}/applications",
    summary="List applications",
    response_model=Page[ApplicationRead],
    responses=problem_responses(*_ENV),
)
async def list_applications(
    scoped: env_deps.EnvironmentRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(ApplicationSort, ["name"]))],
) -> Page[ApplicationRead]:
    """Applications of an environment."""
    items, total = await application_service.list(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build(await _read_all(session, items), total, pagination)


@router.post(
    "/environments/{environment_id}/applications",
    summary="Create an application",
    status_code=status.HTTP_201_CREATED,
    response_model=ApplicationRead,
    responses=problem_responses(
        *_ENV,
        ApplicationNameTaken,
        HostnameTaken,
        ServerNotInOrganization,
        FileRepositoriesDisabled,
        UnknownPushRegistry,
    ),
)
async def create_application(
    body: ApplicationCreate,
    scoped: env_deps.EnvironmentWrite,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationRead:
    """Define what runs where; nothing is deployed until a deployment is requested."""
    app = await application_service.create(
        session,
        scoped.access,
        scoped.obj,
        body,
        allow_file_repositories=settings.builds.allow_file_repositories,
    )
    return await _read(session, app)


@router.get(
    "/applications/{application_id}",
    summary="Get an application",
    response_model=ApplicationRead,
    responses=problem_responses(*_ITEM),
)
async def get_application(scoped: deps.ApplicationRead, session: SessionDep) -> ApplicationRead:
    """One application, with its generated host name."""
    return await _read(session, scoped.obj)


@router.get(
    "/applications/{application_id}/logs",
    summary="Read an application's logs",
    response_model=RuntimeLogs,
    responses=problem_responses(*_ITEM, *CONNECTION_PROBLEMS),
)
async def get_application_logs(
    scoped: deps.ApplicationRead,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
    tail: Annotated[int, Query(ge=1, le=5000, description="Lines from the end")] = 200,
    since: Annotated[int | None, Query(ge=0, description="Unix time: only newer lines")] = None,
) -> RuntimeLogs:
    """The last lines its containers wrote (stdout and stderr), read from the server."""
    lines = await application_service.runtime_logs(
        session, keyring, connections, scoped.obj, tail=tail, since=since
    )
    return RuntimeLogs(
        application_id=scoped.obj.id,
        lines=[LogLine(stream=s, timestamp=t, message=m) for s, t, m in lines],
    )


async def _server_of(scoped: deps.ApplicationRead, session: SessionDep) -> Server | None:
    return await application_service.server_of(session, scoped.obj)


@router.get(
    "/applications/{application_id}/logs/stream",
    summary="Follow an application's logs",
    response_class=EventSourceResponse,
    responses=problem_responses(*_ITEM),
)
async def follow_application_logs(
    scoped: deps.ApplicationRead,
    server: Annotated[Server | None, Depends(_server_of)],
    keyring: KeyringDep,
    connections: ConnectionsDep,
    tail: Annotated[int, Query(ge=0, le=5000, description="Lines from the end first")] = 100,
    since: Annotated[int | None, Query(ge=0, description="Unix time: only newer lines")] = None,
    max_seconds: Annotated[
        int, Query(ge=1, le=86400, description="End the stream after this long")
    ] = 3600,
) -> AsyncIterable[ServerSentEvent]:
    """Server-Sent Events: one `log` event per line ({stream, timestamp, message}) as the
    containers write them; an `error` event if the server or service goes away."""
    # Everything from the database is loaded by the dependencies: the request's session
    # closes as soon as the stream starts.
    if server is None:
        return
    lines = application_service.follow_logs(
        keyring, connections, scoped.obj, server, tail=tail, since=since
    )
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(max_seconds):
            async for stream, stamp, message in lines:
                event = "error" if stream == "berth" else "log"
                yield ServerSentEvent(
                    event=event, data=LogLine(stream=stream, timestamp=stamp, message=message)
                )
    await lines.aclose()


@router.patch(
    "/applications/{application_id}",
    summary="Update an application",
    response_model=ApplicationRead,
    responses=problem_responses(
        *_ITEM, ApplicationNameTaken, HostnameTaken, FileRepositoriesDisabled, UnknownPushRegistry
    ),
)
async def update_application(
    body: ApplicationUpdate,
    scoped: deps.ApplicationWrite,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationRead:
    """Change source, build or runtime; takes effect with the next deployment."""
    app = await application_service.update(
        session,
        scoped.access,
        scoped.obj,
        body,
        allow_file_repositories=settings.builds.allow_file_repositories,
    )
    return await _read(session, app)


@router.put(
    "/applications/{application_id}/deploy-key",
    summary="Set the deploy key",
    response_model=DeployKeyRead,
    responses=problem_responses(*_ITEM, InvalidDeployKey),
)
async def set_deploy_key(
    body: DeployKeyCreate,
    scoped: deps.ApplicationWrite,
    session: SessionDep,
    keyring: KeyringDep,
) -> DeployKeyRead:
    """Upload a private key, or send `{}` to generate one; add the returned public key to
    the repository as a read-only deploy key. The private key is never returned."""
    app = await application_service.set_deploy_key(
        session, scoped.access, keyring, scoped.obj, body
    )
    return DeployKeyRead.model_validate(app.deploy_key)


@router.delete(
    "/applications/{application_id}/deploy-key",
    summary="Remove the deploy key",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM),
)
async def delete_deploy_key(scoped: deps.ApplicationWrite, session: SessionDep) -> None:
    await application_service.delete_deploy_key(session, scoped.access, scoped.obj)


@router.delete(
    "/applications/{application_id}",
    summary="Delete an application",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM, *CONNECTION_PROBLEMS),
)
async def delete_application(
    scoped: deps.ApplicationWrite,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
    force: Annotated[
        bool, Query(description="Forget it even if its server can't be reached")
    ] = False,
) -> None:
    """Stop and remove its service on the server, then forget the application and its
    deployment history. Built images stay in the server's cache until pruned."""
    await application_service.delete(
        session, scoped.access, keyring, connections, scoped.obj, force=force
    )


# Mounted here rather than in api.main: the variables are part of the application resource.
router.include_router(variables_router)
