from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.tokens import dependencies as deps
from api.tokens.exceptions import InvalidTokenRequest, TokenNotFound
from api.tokens.schemas import TokenCreate, TokenCreated, TokenRead
from api.tokens.service import token_service

router = APIRouter(tags=["tokens"], route_class=BerthRoute)


class TokenSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"
    last_used_at = "last_used_at"


TokenSorting = Annotated[Sorting, Depends(sorting_dependency(TokenSort, ["-created_at"]))]
_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/tokens",
    summary="List API tokens",
    response_model=Page[TokenRead],
    responses=problem_responses(*_ORG),
)
async def list_tokens(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    pagination: PaginationDep,
    sorting: TokenSorting,
) -> Page[TokenRead]:
    """The caller's tokens (admins: every token of the organization). Secrets are never shown."""
    items, total = await token_service.list(session, access, pagination, sorting)
    return Page.build([TokenRead.model_validate(t) for t in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/tokens",
    summary="Create an API token",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenCreated,
    responses=problem_responses(*_ORG, InvalidTokenRequest),
)
async def create_token(
    body: TokenCreate,
    access: Annotated[Access, Depends(organization_access(Permission.write))],
    session: SessionDep,
) -> TokenCreated:
    """Create a token; the response holds the secret, which is never shown again."""
    token, secret = await token_service.create(session, access, body)
    return TokenCreated.model_validate(
        {**TokenRead.model_validate(token).model_dump(), "token": secret}
    )


@router.get(
    "/tokens/{token_id}",
    summary="Get an API token",
    response_model=TokenRead,
    responses=problem_responses(NotAuthenticated, TokenNotFound, PermissionDenied),
)
async def get_token(scoped: deps.TokenRead) -> TokenRead:
    """One token's metadata."""
    return TokenRead.model_validate(await token_service.get_visible(scoped.access, scoped.obj))


@router.delete(
    "/tokens/{token_id}",
    summary="Revoke an API token",
    response_model=TokenRead,
    responses=problem_responses(NotAuthenticated, TokenNotFound, PermissionDenied),
)
async def revoke_token(scoped: deps.TokenWrite, session: SessionDep) -> TokenRead:
    """Revoke a token at once; revoking twice is harmless."""
    token = await token_service.revoke(session, scoped.access, scoped.obj)
    return TokenRead.model_validate(token)
