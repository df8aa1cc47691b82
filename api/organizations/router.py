from __future__ import annotations

import enum
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import CurrentPrincipal, OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.auth.service import auth
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.organizations.exceptions import (
    AlreadyMember,
    InitialPasswordRequired,
    LastOwner,
    MemberNotFound,
)
from api.organizations.schemas import (
    MemberAdd,
    MemberRead,
    MemberUpdate,
    OrganizationCreate,
    OrganizationRead,
    OrganizationUpdate,
    OrganizationWithRole,
)
from api.organizations.service import organization

router = APIRouter(tags=["organizations"], route_class=BerthRoute)

OrgRead = Annotated[Access, Depends(organization_access(Permission.read))]
OrgAdmin = Annotated[Access, Depends(organization_access(Permission.admin))]
OrgOwner = Annotated[Access, Depends(organization_access(Permission.owner))]


class MemberSort(enum.StrEnum):
    created_at = "created_at"
    role = "role"


MemberSorting = Annotated[Sorting, Depends(sorting_dependency(MemberSort, ["created_at"]))]
_AUTH = (NotAuthenticated,)
_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)


@router.get(
    "/organizations",
    summary="List my organizations",
    response_model=list[OrganizationWithRole],
    responses=problem_responses(*_AUTH),
)
async def list_organizations(
    principal: CurrentPrincipal, session: SessionDep
) -> list[OrganizationWithRole]:
    """Organizations the caller belongs to, with the caller's role in each."""
    rows = await auth.memberships(session, principal)
    return [
        OrganizationWithRole(
            id=org.id,
            name=org.name,
            slug=org.slug,
            acme_email=org.acme_email,
            created_at=org.created_at,
            role=role,
        )
        for org, role in rows
    ]


@router.post(
    "/organizations",
    summary="Create an organization",
    status_code=status.HTTP_201_CREATED,
    response_model=OrganizationRead,
    responses=problem_responses(*_AUTH),
)
async def create_organization(
    body: OrganizationCreate, principal: CurrentPrincipal, session: SessionDep
) -> OrganizationRead:
    """Create an organization; the caller becomes its owner."""
    if principal.token is not None:
        raise PermissionDenied("API tokens are bound to one organization and cannot create others")
    org = await organization.create(session, principal, body)
    return OrganizationRead.model_validate(org)


@router.get(
    "/organizations/{organization_id}",
    summary="Get an organization",
    response_model=OrganizationRead,
    responses=problem_responses(*_ORG),
)
async def get_organization(access: OrgRead, session: SessionDep) -> OrganizationRead:
    """One organization the caller belongs to."""
    return OrganizationRead.model_validate(await organization.get(session, access))


@router.patch(
    "/organizations/{organization_id}",
    summary="Update an organization",
    response_model=OrganizationRead,
    responses=problem_responses(*_ORG),
)
async def update_organization(
    body: OrganizationUpdate, access: OrgAdmin, session: SessionDep
) -> OrganizationRead:
    """Rename an organization (admins)."""
    return OrganizationRead.model_validate(await organization.update(session, access, body))


@router.delete(
    "/organizations/{organization_id}",
    summary="Delete an organization",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ORG),
)
async def delete_organization(access: OrgOwner, session: SessionDep) -> None:
    """Delete an organization and everything in it (owners only)."""
    await organization.delete(session, access)


@router.get(
    "/organizations/{organization_id}/members",
    summary="List members",
    response_model=Page[MemberRead],
    responses=problem_responses(*_ORG),
)
async def list_members(
    access: OrgRead, session: SessionDep, pagination: PaginationDep, sorting: MemberSorting
) -> Page[MemberRead]:
    """Members of the organization and their roles."""
    items, total = await organization.list_members(session, access, pagination, sorting)
    return Page.build([MemberRead.model_validate(m) for m in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/members",
    summary="Add a member",
    status_code=status.HTTP_201_CREATED,
    response_model=MemberRead,
    responses=problem_responses(*_ORG, AlreadyMember, InitialPasswordRequired),
)
async def add_member(body: MemberAdd, access: OrgAdmin, session: SessionDep) -> MemberRead:
    """Add a user by e-mail, creating the account when `initial_password` is given."""
    return MemberRead.model_validate(await organization.add_member(session, access, body))


@router.patch(
    "/organizations/{organization_id}/members/{user_id}",
    summary="Change a member's role",
    response_model=MemberRead,
    responses=problem_responses(*_ORG, MemberNotFound, LastOwner),
)
async def update_member(
    user_id: uuid.UUID, body: MemberUpdate, access: OrgAdmin, session: SessionDep
) -> MemberRead:
    """Change a member's role; only owners grant or revoke ownership."""
    membership = await organization.update_member(session, access, user_id, body.role)
    return MemberRead.model_validate(membership)


@router.delete(
    "/organizations/{organization_id}/members/{user_id}",
    summary="Remove a member",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ORG, MemberNotFound, LastOwner),
)
async def remove_member(user_id: uuid.UUID, access: OrgAdmin, session: SessionDep) -> None:
    """Remove a member; the last owner cannot be removed."""
    await organization.remove_member(session, access, user_id)
