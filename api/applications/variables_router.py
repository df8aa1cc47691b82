"""An application's own variables: runtime ones (override the environment's, `.env`
import/export) and build secrets (write-only, reach only the build)."""

from __future__ import annotations

from fastapi import APIRouter

from api.applications import dependencies as deps
from api.applications.buildkit import ensure_buildkit
from api.applications.exceptions import ApplicationNotFound, BuildKitUnavailable
from api.applications.repository import ApplicationVariables
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import SessionDep
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.models import VariableScope
from api.servers.repository import ServerRepository
from api.variables.exceptions import InvalidDotenv
from api.variables.schemas import (
    DotenvExport,
    DotenvImport,
    VariableRead,
    VariablesPatch,
    variable_reads,
)
from api.variables.service import variable_service

router = APIRouter(tags=["applications"], route_class=BerthRoute)

_ITEM = (NotAuthenticated, ApplicationNotFound, PermissionDenied)
_RUNTIME = VariableScope.runtime
_BUILD = VariableScope.build_secret


@router.get(
    "/applications/{application_id}/variables",
    summary="List application variables",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM),
)
async def list_application_variables(
    scoped: deps.ApplicationRead, session: SessionDep
) -> list[VariableRead]:
    """Runtime variable names and when each changed (a masked hint for writers); write-only."""
    rows = await variable_service.list(ApplicationVariables(session, scoped.obj, _RUNTIME))
    return variable_reads(rows, scoped.access)


@router.patch(
    "/applications/{application_id}/variables",
    summary="Set or delete application variables",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM),
)
async def patch_application_variables(
    body: VariablesPatch, scoped: deps.ApplicationWrite, session: SessionDep, keyring: KeyringDep
) -> list[VariableRead]:
    """Set runtime variables (they override the environment's) or delete them with null."""
    variables = ApplicationVariables(session, scoped.obj, _RUNTIME)
    rows = await variable_service.patch(session, scoped.access, keyring, variables, body.variables)
    return variable_reads(rows, scoped.access)


@router.post(
    "/applications/{application_id}/variables/import",
    summary="Import application variables from a .env file",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM, InvalidDotenv),
)
async def import_application_variables(
    body: DotenvImport, scoped: deps.ApplicationWrite, session: SessionDep, keyring: KeyringDep
) -> list[VariableRead]:
    """Set every variable of a `.env` file at once; one bad line changes nothing."""
    variables = ApplicationVariables(session, scoped.obj, _RUNTIME)
    rows = await variable_service.import_dotenv(
        session, scoped.access, keyring, variables, body.content, replace=body.replace
    )
    return variable_reads(rows, scoped.access)


@router.get(
    "/applications/{application_id}/variables/export",
    summary="Export application variables as a .env file",
    response_model=DotenvExport,
    responses=problem_responses(*_ITEM),
)
async def export_application_variables(
    scoped: deps.ApplicationAdmin, session: SessionDep, keyring: KeyringDep
) -> DotenvExport:
    """The runtime values in clear, as `.env` text: admins only, and audited."""
    variables = ApplicationVariables(session, scoped.obj, _RUNTIME)
    content = await variable_service.export_dotenv(session, scoped.access, keyring, variables)
    return DotenvExport(content=content)


@router.get(
    "/applications/{application_id}/build-secrets",
    summary="List build secrets",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM),
)
async def list_build_secrets(
    scoped: deps.ApplicationRead, session: SessionDep
) -> list[VariableRead]:
    """Build secret names and when each changed (a masked hint for writers); write-only."""
    rows = await variable_service.list(ApplicationVariables(session, scoped.obj, _BUILD))
    return variable_reads(rows, scoped.access)


@router.patch(
    "/applications/{application_id}/build-secrets",
    summary="Set or delete build secrets",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM, BuildKitUnavailable),
)
async def patch_build_secrets(
    body: VariablesPatch, scoped: deps.ApplicationWrite, session: SessionDep, keyring: KeyringDep
) -> list[VariableRead]:
    """Set secrets the build can read (never the running service) or delete them with null;
    setting one is refused (409) on a server whose docker cannot run BuildKit."""
    if any(value is not None for value in body.variables.values()):
        server = await ServerRepository(session).get_by_id(scoped.obj.server_id)
        if server is not None:
            ensure_buildkit(server, "saving build secrets")
    variables = ApplicationVariables(session, scoped.obj, _BUILD)
    rows = await variable_service.patch(session, scoped.access, keyring, variables, body.variables)
    return variable_reads(rows, scoped.access)
