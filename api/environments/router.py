from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.environments import dependencies as deps
from api.environments import flows
from api.environments.exceptions import EnvironmentNameTaken, EnvironmentNotFound
from api.environments.repository import EnvironmentVariables
from api.environments.schemas import (
    EnvironmentCreate,
    EnvironmentRead,
    EnvironmentUpdate,
    ProjectCreated,
)
from api.environments.service import environment_service
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.projects import dependencies as project_deps
from api.projects.exceptions import ProjectNameTaken, ProjectNotFound
from api.projects.schemas import ProjectCreate, ProjectRead
from api.variables.exceptions import InvalidDotenv
from api.variables.schemas import (
    DotenvExport,
    DotenvImport,
    VariableRead,
    VariablesPatch,
    variable_reads,
)
from api.variables.service import variable_service

router = APIRouter(tags=["environments"], route_class=BerthRoute)
# Creating a project creates its first environments: a flow of this package (see flows.py),
# so its route is here too, keeping the projects tag and with it the operation id.
project_router = APIRouter(tags=["projects"], route_class=BerthRoute)


class EnvironmentSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"


EnvironmentSorting = Annotated[Sorting, Depends(sorting_dependency(EnvironmentSort, ["name"]))]
_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_PROJECT = (NotAuthenticated, ProjectNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, EnvironmentNotFound, PermissionDenied)


@router.get(
    "/projects/{project_id}/environments",
    summary="List environments",
    response_model=Page[EnvironmentRead],
    responses=problem_responses(*_PROJECT),
)
async def list_environments(
    scoped: project_deps.ProjectRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: EnvironmentSorting,
) -> Page[EnvironmentRead]:
    """Environments of a project (e.g. production, staging)."""
    items, total = await environment_service.list(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build([EnvironmentRead.model_validate(e) for e in items], total, pagination)


@router.post(
    "/projects/{project_id}/environments",
    summary="Create an environment",
    status_code=status.HTTP_201_CREATED,
    response_model=EnvironmentRead,
    responses=problem_responses(*_PROJECT, EnvironmentNameTaken),
)
async def create_environment(
    body: EnvironmentCreate, scoped: project_deps.ProjectWrite, session: SessionDep
) -> EnvironmentRead:
    """Add an environment to a project."""
    environment = await environment_service.create(session, scoped.access, scoped.obj, body)
    return EnvironmentRead.model_validate(environment)


@router.get(
    "/environments/{environment_id}",
    summary="Get an environment",
    response_model=EnvironmentRead,
    responses=problem_responses(*_ITEM),
)
async def get_environment(scoped: deps.EnvironmentRead) -> EnvironmentRead:
    """One environment."""
    return EnvironmentRead.model_validate(scoped.obj)


@router.patch(
    "/environments/{environment_id}",
    summary="Update an environment",
    response_model=EnvironmentRead,
    responses=problem_responses(*_ITEM, EnvironmentNameTaken),
)
async def update_environment(
    body: EnvironmentUpdate, scoped: deps.EnvironmentWrite, session: SessionDep
) -> EnvironmentRead:
    """Rename or describe an environment."""
    environment = await environment_service.update(session, scoped.access, scoped.obj, body)
    return EnvironmentRead.model_validate(environment)


@router.delete(
    "/environments/{environment_id}",
    summary="Delete an environment",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM),
)
async def delete_environment(scoped: deps.EnvironmentWrite, session: SessionDep) -> None:
    """Delete an environment."""
    await environment_service.delete(session, scoped.access, scoped.obj)


@router.get(
    "/environments/{environment_id}/variables",
    summary="List environment variables",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM),
)
async def list_variables(scoped: deps.EnvironmentRead, session: SessionDep) -> list[VariableRead]:
    """Variable names, when each changed, and a masked hint for writers; values are write-only."""
    rows = await variable_service.list(EnvironmentVariables.of(session, scoped.obj))
    return variable_reads(rows, scoped.access)


@router.patch(
    "/environments/{environment_id}/variables",
    summary="Set or delete environment variables",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM),
)
async def patch_variables(
    body: VariablesPatch,
    scoped: deps.EnvironmentWrite,
    session: SessionDep,
    keyring: deps.KeyringDep,
) -> list[VariableRead]:
    """Set variables (encrypted at rest) or delete them with null."""
    variables = EnvironmentVariables.of(session, scoped.obj)
    rows = await variable_service.patch(session, scoped.access, keyring, variables, body.variables)
    return variable_reads(rows, scoped.access)


@router.post(
    "/environments/{environment_id}/variables/import",
    summary="Import environment variables from a .env file",
    response_model=list[VariableRead],
    responses=problem_responses(*_ITEM, InvalidDotenv),
)
async def import_variables(
    body: DotenvImport,
    scoped: deps.EnvironmentWrite,
    session: SessionDep,
    keyring: deps.KeyringDep,
) -> list[VariableRead]:
    """Set every variable of a `.env` file at once; one bad line changes nothing."""
    variables = EnvironmentVariables.of(session, scoped.obj)
    rows = await variable_service.import_dotenv(
        session, scoped.access, keyring, variables, body.content, replace=body.replace
    )
    return variable_reads(rows, scoped.access)


@router.get(
    "/environments/{environment_id}/variables/export",
    summary="Export environment variables as a .env file",
    response_model=DotenvExport,
    responses=problem_responses(*_ITEM),
)
async def export_variables(
    scoped: deps.EnvironmentAdmin, session: SessionDep, keyring: deps.KeyringDep
) -> DotenvExport:
    """The values in clear, as `.env` text: admins only, and audited."""
    variables = EnvironmentVariables.of(session, scoped.obj)
    content = await variable_service.export_dotenv(session, scoped.access, keyring, variables)
    return DotenvExport(content=content)


@project_router.post(
    "/organizations/{organization_id}/projects",
    summary="Create a project",
    status_code=status.HTTP_201_CREATED,
    response_model=ProjectCreated,
    responses=problem_responses(*_ORG, ProjectNameTaken),
)
async def create_project(
    body: ProjectCreate,
    access: Annotated[Access, Depends(organization_access(Permission.write))],
    session: SessionDep,
) -> ProjectCreated:
    """Create a project with its initial environments (default: production), listed in
    the answer."""
    project, environments = await flows.create_project(session, access, body)
    return ProjectCreated.model_validate(
        {
            **ProjectRead.model_validate(project).model_dump(),
            "environments": [EnvironmentRead.model_validate(e) for e in environments],
        }
    )
