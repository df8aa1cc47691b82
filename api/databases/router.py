from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import dependencies as app_deps
from api.applications.exceptions import ApplicationNotFound, ServerNotInOrganization
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.databases import dependencies as deps
from api.databases.exceptions import (
    DatabaseBusy,
    DatabaseLinkNotFound,
    DatabaseNameTaken,
    DatabaseNotFound,
    DatabaseOperationNotFound,
    ExternalPortTaken,
    InvalidDatabaseImage,
    LinkNotAllowed,
    LinkVariableTaken,
    MajorVersionChange,
)
from api.databases.schemas import (
    ConnectionDetails,
    DatabaseCreate,
    DatabaseLogLine,
    DatabaseLogs,
    DatabaseOperationRead,
    DatabaseRead,
    DatabaseUpdate,
    LinkCreate,
    LinkRead,
)
from api.databases.service import database_service, external_address
from api.environments import dependencies as env_deps
from api.environments.dependencies import KeyringDep
from api.environments.exceptions import EnvironmentNotFound
from api.infra import database_spec
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.models import Database, DatabaseAction
from api.servers.dependencies import ConnectionsDep
from api.servers.exceptions import CONNECTION_PROBLEMS
from api.servers.repository import ServerRepository

router = APIRouter(tags=["databases"], route_class=BerthRoute)


class DatabaseSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"


class OperationSort(enum.StrEnum):
    created_at = "created_at"


_ENV = (NotAuthenticated, EnvironmentNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, DatabaseNotFound, PermissionDenied)
_APP = (NotAuthenticated, ApplicationNotFound, PermissionDenied)


async def _read_all(session: AsyncSession, items: Sequence[Database]) -> list[DatabaseRead]:
    servers = {
        s.id: s for s in await ServerRepository(session).get_many({d.server_id for d in items})
    }
    return [
        DatabaseRead.model_validate(d).model_copy(
            update={
                "internal_host": d.service_name,
                "port": database_spec.contract(d.engine).port,
                "external_address": external_address(d, servers.get(d.server_id)),
            }
        )
        for d in items
    ]


async def _read(session: AsyncSession, database: Database) -> DatabaseRead:
    return (await _read_all(session, [database]))[0]


@router.get(
    "/environments/{environment_id}/databases",
    summary="List databases",
    response_model=Page[DatabaseRead],
    responses=problem_responses(*_ENV),
)
async def list_databases(
    scoped: env_deps.EnvironmentRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(DatabaseSort, ["name"]))],
) -> Page[DatabaseRead]:
    """Databases of an environment."""
    items, total = await database_service.list(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build(await _read_all(session, items), total, pagination)


@router.post(
    "/environments/{environment_id}/databases",
    summary="Create a database",
    status_code=status.HTTP_201_CREATED,
    response_model=DatabaseRead,
    responses=problem_responses(
        *_ENV, DatabaseNameTaken, ExternalPortTaken, ServerNotInOrganization, InvalidDatabaseImage
    ),
)
async def create_database(
    body: DatabaseCreate,
    scoped: env_deps.EnvironmentWrite,
    session: SessionDep,
    keyring: KeyringDep,
) -> DatabaseRead:
    """Generate its credentials and queue its creation on the server (watch `status`, or
    its operations)."""
    database = await database_service.create(session, scoped.access, keyring, scoped.obj, body)
    return await _read(session, database)


@router.get(
    "/databases/{database_id}",
    summary="Get a database",
    response_model=DatabaseRead,
    responses=problem_responses(*_ITEM),
)
async def get_database(scoped: deps.DatabaseRead, session: SessionDep) -> DatabaseRead:
    """One database, without its credentials (see the reveal)."""
    return await _read(session, scoped.obj)


@router.patch(
    "/databases/{database_id}",
    summary="Update a database",
    response_model=DatabaseRead,
    responses=problem_responses(
        *_ITEM, ExternalPortTaken, MajorVersionChange, InvalidDatabaseImage, DatabaseBusy
    ),
)
async def update_database(
    body: DatabaseUpdate, scoped: deps.DatabaseWrite, session: SessionDep
) -> DatabaseRead:
    """Change the version (within its major), the image, arguments, resources or the
    external port; released on the server at once, health-gated, rolled back when the new
    version never turns healthy."""
    await database_service.update(session, scoped.access, scoped.obj, body)
    return await _read(session, scoped.obj)


@router.delete(
    "/databases/{database_id}",
    summary="Delete a database",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM, *CONNECTION_PROBLEMS),
)
async def delete_database(
    scoped: deps.DatabaseWrite,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
    delete_volume: Annotated[
        bool, Query(description="Also delete the volume, and with it every row")
    ] = False,
    force: Annotated[
        bool, Query(description="Forget it even if its server can't be reached")
    ] = False,
) -> None:
    """Stop and remove its service. The volume (the data) stays on the server unless
    `delete_volume=true`. Linked applications lose the variable at their next release."""
    await database_service.delete(
        session,
        scoped.access,
        keyring,
        connections,
        scoped.obj,
        delete_volume=delete_volume,
        force=force,
    )


def _action_route(action: DatabaseAction, summary: str, doc: str) -> None:
    async def act(scoped: deps.DatabaseDeploy, session: SessionDep) -> DatabaseOperationRead:
        operation = await database_service.act(session, scoped.access, scoped.obj, action)
        return DatabaseOperationRead.model_validate(operation)

    act.__doc__ = doc
    act.__name__ = f"{action}_database"
    router.post(
        f"/databases/{{database_id}}/{action}",
        summary=summary,
        status_code=status.HTTP_202_ACCEPTED,
        response_model=DatabaseOperationRead,
        responses=problem_responses(*_ITEM, DatabaseBusy),
    )(act)


_action_route(DatabaseAction.start, "Start a database", "Run its service again (1 replica).")
_action_route(
    DatabaseAction.stop, "Stop a database", "Stop its service cleanly; the volume keeps the data."
)
_action_route(
    DatabaseAction.restart,
    "Restart a database",
    "Replace its task (the engine shuts down cleanly first: stop-first).",
)


@router.get(
    "/databases/{database_id}/operations",
    summary="List a database's operations",
    response_model=Page[DatabaseOperationRead],
    responses=problem_responses(*_ITEM),
)
async def list_database_operations(
    scoped: deps.DatabaseRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(OperationSort, ["-created_at"]))],
) -> Page[DatabaseOperationRead]:
    """Create, update, start, stop and restart runs, newest first, with steps and log."""
    items, total = await database_service.list_operations(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build([DatabaseOperationRead.model_validate(o) for o in items], total, pagination)


@router.get(
    "/database-operations/{operation_id}",
    summary="Get a database operation",
    response_model=DatabaseOperationRead,
    responses=problem_responses(NotAuthenticated, DatabaseOperationNotFound, PermissionDenied),
)
async def get_database_operation(scoped: deps.OperationRead) -> DatabaseOperationRead:
    """Step progress, log and outcome of one operation."""
    return DatabaseOperationRead.model_validate(scoped.obj)


@router.post(
    "/databases/{database_id}/credentials/reveal",
    summary="Reveal a database's credentials",
    response_model=ConnectionDetails,
    responses=problem_responses(*_ITEM),
)
async def reveal_credentials(
    scoped: deps.DatabaseWrite, session: SessionDep, keyring: KeyringDep, response: Response
) -> ConnectionDetails:
    """The connection URL and password, for members and administrators; every reveal is
    recorded in the audit log with who asked."""
    response.headers["Cache-Control"] = "no-store"
    return await database_service.reveal(session, scoped.access, keyring, scoped.obj)


@router.get(
    "/databases/{database_id}/logs",
    summary="Read a database's logs",
    response_model=DatabaseLogs,
    responses=problem_responses(*_ITEM, *CONNECTION_PROBLEMS),
)
async def get_database_logs(
    scoped: deps.DatabaseRead,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
    tail: Annotated[int, Query(ge=1, le=5000, description="Lines from the end")] = 200,
    since: Annotated[int | None, Query(ge=0, description="Unix time: only newer lines")] = None,
) -> DatabaseLogs:
    """The last lines the engine wrote (stdout and stderr), read from the server."""
    lines = await database_service.runtime_logs(
        session, keyring, connections, scoped.obj, tail=tail, since=since
    )
    return DatabaseLogs(
        database_id=scoped.obj.id,
        lines=[DatabaseLogLine(stream=s, timestamp=t, message=m) for s, t, m in lines],
    )


# ------------------------------------------------------------------------------ links


@router.get(
    "/applications/{application_id}/links",
    summary="List an application's database links",
    response_model=list[LinkRead],
    responses=problem_responses(*_APP),
)
async def list_links(scoped: app_deps.ApplicationRead, session: SessionDep) -> list[LinkRead]:
    """The databases whose connection URL the application gets, by variable name."""
    return [
        LinkRead.model_validate(link)
        for link in await database_service.links_of(session, scoped.obj)
    ]


@router.post(
    "/applications/{application_id}/links",
    summary="Link a database to an application",
    status_code=status.HTTP_201_CREATED,
    response_model=LinkRead,
    responses=problem_responses(*_APP, LinkNotAllowed, LinkVariableTaken),
)
async def create_link(
    body: LinkCreate, scoped: app_deps.ApplicationWrite, session: SessionDep
) -> LinkRead:
    """The database's internal URL reaches the application as `variable` (encrypted,
    never shown) from its next deployment on, with the environment's private network."""
    link = await database_service.link(session, scoped.access, scoped.obj, body)
    return LinkRead.model_validate(link)


@router.delete(
    "/applications/{application_id}/links/{link_id}",
    summary="Unlink a database",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_APP, DatabaseLinkNotFound),
)
async def delete_link(
    link_id: uuid.UUID, scoped: app_deps.ApplicationWrite, session: SessionDep
) -> None:
    """The variable disappears from the application at its next deployment."""
    link = await database_service.link_of(session, scoped.obj, link_id)
    await database_service.unlink(session, scoped.access, link)
