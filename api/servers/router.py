from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.errors import BerthError, Conflict
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.servers import dependencies as deps
from api.servers.exceptions import (
    CONNECTION_PROBLEMS,
    FingerprintMismatch,
    HostKeyNotTrusted,
    InvalidSSHKey,
    ServerNameTaken,
    ServerNotFound,
    ServerSetupNotFound,
    ServerUnreachableProblem,
)
from api.servers.schemas import (
    HostKeyConfirm,
    ServerCreate,
    ServerRead,
    ServerSetupRead,
    ServerUpdate,
)
from api.servers.service import server_service

router = APIRouter(tags=["servers"], route_class=BerthRoute)


class ServerSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"
    status = "status"


class SetupSort(enum.StrEnum):
    created_at = "created_at"


_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, ServerNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/servers",
    summary="List servers",
    response_model=Page[ServerRead],
    responses=problem_responses(*_ORG),
)
async def list_servers(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(ServerSort, ["name"]))],
) -> Page[ServerRead]:
    """Servers of an organization with their last known status."""
    items, total = await server_service.list(session, access, pagination, sorting)
    return Page.build([ServerRead.model_validate(s) for s in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/servers",
    summary="Add a server",
    status_code=status.HTTP_201_CREATED,
    response_model=ServerRead,
    responses=problem_responses(*_ORG, ServerNameTaken, InvalidSSHKey),
)
async def create_server(
    body: ServerCreate,
    access: Annotated[Access, Depends(organization_access(Permission.admin))],
    session: SessionDep,
    keyring: KeyringDep,
) -> ServerRead:
    """Register a server reached over SSH; Berth generates its key unless one is uploaded."""
    return ServerRead.model_validate(await server_service.create(session, access, keyring, body))


@router.get(
    "/servers/{server_id}",
    summary="Get a server",
    response_model=ServerRead,
    responses=problem_responses(*_ITEM),
)
async def get_server(scoped: deps.ServerRead) -> ServerRead:
    """One server: connection settings (never the private key), trust and status."""
    return ServerRead.model_validate(scoped.obj)


@router.patch(
    "/servers/{server_id}",
    summary="Update a server",
    response_model=ServerRead,
    responses=problem_responses(*_ITEM, ServerNameTaken, InvalidSSHKey),
)
async def update_server(
    body: ServerUpdate, scoped: deps.ServerAdmin, session: SessionDep, keyring: KeyringDep
) -> ServerRead:
    """Change settings; a new host or port must be trusted again."""
    server = await server_service.update(session, scoped.access, keyring, scoped.obj, body)
    return ServerRead.model_validate(server)


@router.delete(
    "/servers/{server_id}",
    summary="Remove a server",
    status_code=status.HTTP_204_NO_CONTENT,
    # 409: applications or domains still run on it (their foreign keys refuse the delete).
    responses=problem_responses(*_ITEM, Conflict),
)
async def delete_server(
    scoped: deps.ServerAdmin, session: SessionDep, connections: deps.ConnectionsDep
) -> None:
    """Forget a server (nothing on it is touched)."""
    await server_service.delete(session, scoped.access, scoped.obj)
    await connections.drop(scoped.obj.id)


@router.post(
    "/servers/{server_id}/host-key/scan",
    summary="Scan the host key",
    response_model=ServerRead,
    responses=problem_responses(*_ITEM, ServerUnreachableProblem),
)
async def scan_host_key(scoped: deps.ServerAdmin, session: SessionDep) -> ServerRead:
    """Fetch the key the server presents; compare its fingerprint, then confirm it."""
    return ServerRead.model_validate(
        await server_service.scan_host_key(session, scoped.access, scoped.obj)
    )


@router.post(
    "/servers/{server_id}/host-key/confirm",
    summary="Trust the scanned host key",
    response_model=ServerRead,
    responses=problem_responses(*_ITEM, FingerprintMismatch),
)
async def confirm_host_key(
    body: HostKeyConfirm, scoped: deps.ServerAdmin, session: SessionDep
) -> ServerRead:
    """Trust the scanned key; the fingerprint must match what the scan recorded."""
    server = await server_service.confirm_host_key(
        session, scoped.access, scoped.obj, body.fingerprint
    )
    return ServerRead.model_validate(server)


@router.post(
    "/servers/{server_id}/check",
    summary="Check a server now",
    response_model=ServerRead,
    responses=problem_responses(*_ITEM, *CONNECTION_PROBLEMS),
)
async def check_server(
    scoped: deps.ServerAdmin,
    session: SessionDep,
    keyring: KeyringDep,
    connections: deps.ConnectionsDep,
) -> ServerRead:
    """Connect, read Docker/Swarm facts and resources, and record the status."""
    try:
        server = await server_service.check(
            session, scoped.access, keyring, connections, scoped.obj
        )
    except BerthError:
        # A failed check is a finding (unreachable + reason, a changed host key, the audit
        # event): keep it, although the problem response rolls the request's session back.
        await session.commit()
        raise
    return ServerRead.model_validate(server)


@router.post(
    "/servers/{server_id}/setups",
    summary="Validate and set up a server",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ServerSetupRead,
    responses=problem_responses(*_ITEM, HostKeyNotTrusted),
)
async def create_setup(scoped: deps.ServerAdmin, session: SessionDep) -> ServerSetupRead:
    """Queue setup: Docker checks, swarm init, the overlay network and the proxy."""
    return ServerSetupRead.model_validate(
        await server_service.request_setup(session, scoped.access, scoped.obj)
    )


@router.get(
    "/servers/{server_id}/setups",
    summary="List setup runs",
    response_model=Page[ServerSetupRead],
    responses=problem_responses(*_ITEM),
)
async def list_setups(
    scoped: deps.ServerRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(SetupSort, ["-created_at"]))],
) -> Page[ServerSetupRead]:
    """Setup runs of a server, newest first."""
    items, total = await server_service.list_setups(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build([ServerSetupRead.model_validate(s) for s in items], total, pagination)


@router.get(
    "/server-setups/{setup_id}",
    summary="Get a setup run",
    response_model=ServerSetupRead,
    responses=problem_responses(NotAuthenticated, ServerSetupNotFound, PermissionDenied),
)
async def get_setup(scoped: deps.SetupRead) -> ServerSetupRead:
    """Step progress, log and outcome of one setup run."""
    return ServerSetupRead.model_validate(scoped.obj)
