"""Authentication and authorisation dependencies.

Every protected route depends on one of the factories below. Each factory marks its
dependency with the permission it demands (`required_permission`), which the
permission-matrix test reads to know what each route must refuse.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.auth.exceptions import CsrfFailed, NotAuthenticated
from api.auth.permissions import Access, Permission, ensure_permission
from api.auth.repository import MembershipRepository
from api.auth.secrets import secrets_match
from api.auth.service import auth
from api.kit.dependencies import SessionDep
from api.kit.errors import NotFound
from api.kit.principal import Principal
from api.kit.repository import OrgScopedRepository
from api.models import Base

SESSION_COOKIE = "berth_session"
CSRF_COOKIE = "berth_csrf"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Declared (auto_error=False) so OpenAPI documents both schemes; we raise our own problems.
_bearer = HTTPBearer(auto_error=False, description="API token: `Authorization: Bearer berth_…`")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="Browser session")

M = TypeVar("M", bound=Base)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def get_principal(
    request: Request,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    address = client_address(request)
    if request.headers.get("authorization"):
        if bearer is None or bearer.scheme.lower() != "bearer":
            raise NotAuthenticated("use the header 'Authorization: Bearer <API token>'")
        principal = await auth.authenticate_token(session, bearer.credentials, address)
    elif cookie:
        principal = await auth.authenticate_session(session, cookie, address)
        # Cookies ride along on cross-site requests; a write must also prove it read the
        # CSRF token, which only our own pages can.
        if request.method not in _SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            assert principal.session is not None
            if not sent or not secrets_match(sent, principal.session.csrf_hash):
                raise CsrfFailed(f"send the {CSRF_HEADER} header returned at login")
    else:
        raise NotAuthenticated("log in, or send 'Authorization: Bearer <API token>'")
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def _marks(permission: Permission) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def mark(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn.required_permission = permission  # type: ignore[attr-defined]
        return fn

    return mark


class OrganizationNotFound(NotFound):
    type_slug = "organization-not-found"
    title = "Organization not found"


def organization_access(permission: Permission) -> Callable[..., Any]:
    """For `/organizations/{organization_id}/…` routes: the caller's access to that org."""

    @_marks(permission)
    async def dependency(
        organization_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Access:
        token_org = principal.token_organization_id
        if token_org is not None:
            # Read with the token itself (same transaction, same snapshot); a token never
            # reaches another organisation, so no other role can matter.
            role = principal.token_role if token_org == organization_id else None
        else:
            role = await MembershipRepository(session).get_role(principal.user_id, organization_id)
        if role is None or (token_org is not None and token_org != organization_id):
            # 404, not 403: outsiders must not learn which organisation ids exist.
            raise OrganizationNotFound(f"organization {organization_id} not found")
        access = Access.resolve(principal, organization_id, role)
        ensure_permission(access, permission)
        return access

    return dependency


@dataclass(frozen=True)
class Scoped(Generic[M]):
    """A row loaded through the caller's tenant scope, with the caller's access to it."""

    obj: M
    access: Access


async def load_scoped(
    repository: OrgScopedRepository[M],
    principal: Principal,
    id: uuid.UUID,
    permission: Permission,
    not_found: NotFound,
    *options: Any,
) -> Scoped[M]:
    found = await repository.get_readable_with_role(principal, id, *options)
    if found is None:
        raise not_found
    obj, role = found
    access = Access.resolve(principal, obj.organization_id, role)  # type: ignore[attr-defined]
    ensure_permission(access, permission)
    return Scoped(obj, access)


def requires(permission: Permission) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a resource loader with the permission it enforces (read by the matrix test)."""
    return _marks(permission)


def authenticated_only(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a route dependency as needing a login but no organisation permission."""
    fn.required_permission = None  # type: ignore[attr-defined]
    return fn
