from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.environments.schemas import EnvironmentRead
from api.environments.service import environment_service
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.projects import dependencies as deps
from api.projects.exceptions import ProjectNameTaken, ProjectNotFound
from api.projects.schemas import ProjectCreate, ProjectCreated, ProjectRead, ProjectUpdate
from api.projects.service import project_service

router = APIRouter(tags=["projects"], route_class=BerthRoute)


class ProjectSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"


ProjectSorting = Annotated[Sorting, Depends(sorting_dependency(ProjectSort, ["name"]))]
_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, ProjectNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/projects",
    summary="List projects",
    response_model=Page[ProjectRead],
    responses=problem_responses(*_ORG),
)
async def list_projects(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    pagination: PaginationDep,
    sorting: ProjectSorting,
) -> Page[ProjectRead]:
    """Projects of an organization."""
    items, total = await project_service.list(session, access, pagination, sorting)
    return Page.build([ProjectRead.model_validate(p) for p in items], total, pagination)


@router.post(
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
    project = await project_service.create(session, access, body)
    environments = await environment_service.list_of_project(session, access, project)
    order = {name: i for i, name in enumerate(body.environments)}
    environments = sorted(environments, key=lambda e: order.get(e.name, len(order)))
    return ProjectCreated.model_validate(
        {
            **ProjectRead.model_validate(project).model_dump(),
            "environments": [EnvironmentRead.model_validate(e) for e in environments],
        }
    )


@router.get(
    "/projects/{project_id}",
    summary="Get a project",
    response_model=ProjectRead,
    responses=problem_responses(*_ITEM),
)
async def get_project(scoped: deps.ProjectRead) -> ProjectRead:
    """One project."""
    return ProjectRead.model_validate(scoped.obj)


@router.patch(
    "/projects/{project_id}",
    summary="Update a project",
    response_model=ProjectRead,
    responses=problem_responses(*_ITEM, ProjectNameTaken),
)
async def update_project(
    body: ProjectUpdate, scoped: deps.ProjectWrite, session: SessionDep
) -> ProjectRead:
    """Rename or describe a project."""
    project = await project_service.update(session, scoped.access, scoped.obj, body)
    return ProjectRead.model_validate(project)


@router.delete(
    "/projects/{project_id}",
    summary="Delete a project",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM),
)
async def delete_project(scoped: deps.ProjectWrite, session: SessionDep) -> None:
    """Delete a project and its environments."""
    await project_service.delete(session, scoped.access, scoped.obj)
