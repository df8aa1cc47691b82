from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.registries import dependencies as deps
from api.registries.exceptions import (
    CHECK_PROBLEMS,
    RegistryAddressTaken,
    RegistryNameTaken,
    RegistryNotFound,
    RegistryPasswordRequired,
)
from api.registries.schemas import RegistryCheckRead, RegistryCreate, RegistryRead, RegistryUpdate
from api.registries.service import registry_service

router = APIRouter(tags=["registries"], route_class=BerthRoute)


class RegistrySort(enum.StrEnum):
    created_at = "created_at"
    name = "name"
    host = "host"


_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, RegistryNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/registries",
    summary="List registries",
    response_model=Page[RegistryRead],
    responses=problem_responses(*_ORG),
)
async def list_registries(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(RegistrySort, ["name"]))],
) -> Page[RegistryRead]:
    """Registry credentials of an organization (passwords are never shown)."""
    items, total = await registry_service.list(session, access, pagination, sorting)
    return Page.build([RegistryRead.model_validate(r) for r in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/registries",
    summary="Add a registry",
    status_code=status.HTTP_201_CREATED,
    response_model=RegistryRead,
    responses=problem_responses(*_ORG, RegistryNameTaken, RegistryAddressTaken),
)
async def create_registry(
    body: RegistryCreate,
    access: Annotated[Access, Depends(organization_access(Permission.admin))],
    session: SessionDep,
    keyring: KeyringDep,
) -> RegistryRead:
    """Store credentials (encrypted) that servers use to pull from, and builds to push to, it."""
    registry = await registry_service.create(session, access, keyring, body)
    return RegistryRead.model_validate(registry)


@router.get(
    "/registries/{registry_id}",
    summary="Get a registry",
    response_model=RegistryRead,
    responses=problem_responses(*_ITEM),
)
async def get_registry(scoped: deps.RegistryRead) -> RegistryRead:
    """One registry: address and user name, with a masked hint of the password."""
    return RegistryRead.model_validate(scoped.obj)


@router.patch(
    "/registries/{registry_id}",
    summary="Update a registry",
    response_model=RegistryRead,
    responses=problem_responses(
        *_ITEM, RegistryNameTaken, RegistryAddressTaken, RegistryPasswordRequired
    ),
)
async def update_registry(
    body: RegistryUpdate, scoped: deps.RegistryAdmin, session: SessionDep, keyring: KeyringDep
) -> RegistryRead:
    """Rename, change the user or password; a new host needs the password again."""
    registry = await registry_service.update(session, scoped.access, keyring, scoped.obj, body)
    return RegistryRead.model_validate(registry)


@router.delete(
    "/registries/{registry_id}",
    summary="Delete a registry",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM),
)
async def delete_registry(scoped: deps.RegistryAdmin, session: SessionDep) -> None:
    """Forget the credentials; later pulls from that registry are anonymous."""
    await registry_service.delete(session, scoped.access, scoped.obj)


@router.post(
    "/registries/{registry_id}/check",
    summary="Check a registry's credentials",
    response_model=RegistryCheckRead,
    responses=problem_responses(*_ITEM, *CHECK_PROBLEMS),
)
async def check_registry(
    scoped: deps.RegistryAdmin, keyring: KeyringDep, settings: deps.RegistrySettingsDep
) -> RegistryCheckRead:
    """Log in to the registry's /v2/ endpoint from the control plane, as `docker login` does."""
    return await registry_service.check(keyring, settings, scoped.obj)
