from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from redis.asyncio import Redis

from api.audit.schemas import AuditEventRead
from api.audit.service import audit
from api.auth.dependencies import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentPrincipal,
    client_address,
)
from api.auth.exceptions import (
    CsrfFailed,
    InvalidCredentials,
    NotAuthenticated,
    PermissionDenied,
)
from api.auth.schemas import (
    LoginRequest,
    LoginResponse,
    MembershipSummary,
    MeRead,
    PasswordChange,
    UserRead,
)
from api.auth.service import auth
from api.kit.dependencies import PaginationDep, SessionDep, SettingsDep, sorting_dependency
from api.kit.errors import TooManyRequests
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.ratelimit import LoginLimits, LoginThrottle
from api.kit.routing import BerthRoute
from api.kit.settings import Environment, SecuritySettings
from api.kit.sorting import Sorting

router = APIRouter(prefix="/auth", tags=["auth"], route_class=BerthRoute)


async def _login_throttle(request: Request) -> LoginThrottle:
    redis: Redis = request.app.state.redis
    sec: SecuritySettings = request.app.state.settings.security
    limits = LoginLimits(
        window_seconds=sec.login_failure_window_seconds,
        max_failures_per_account_address=sec.login_max_failures_per_account_address,
        max_failures_per_address=sec.login_max_failures_per_address,
        account_free_failures=sec.login_account_free_failures,
        account_delay_seconds=sec.login_account_delay_seconds,
        account_max_delay_seconds=sec.login_account_max_delay_seconds,
    )
    return LoginThrottle(redis, limits)


@router.post(
    "/login",
    summary="Log in",
    response_model=LoginResponse,
    responses=problem_responses(InvalidCredentials, TooManyRequests),
)
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    throttle: Annotated[LoginThrottle, Depends(_login_throttle)],
) -> LoginResponse:
    """Start a browser session (httpOnly cookie) and return its CSRF token."""
    try:
        new = await auth.login(
            session,
            throttle,
            settings.security,
            email=body.email,
            password=body.password,
            client_address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    except InvalidCredentials:
        # The one refusal that keeps its writes: the failed attempt's audit event, so the
        # account's owner sees it. Nothing else was changed before the password check.
        await session.commit()
        raise
    secure = settings.security.cookie_secure or settings.env is Environment.production
    max_age = settings.security.session_ttl_hours * 3600
    response.set_cookie(
        SESSION_COOKIE,
        new.token,
        max_age=max_age,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )
    # Readable by our own scripts (double submit); useless to another origin.
    response.set_cookie(
        CSRF_COOKIE,
        new.csrf_token,
        max_age=max_age,
        httponly=False,
        secure=secure,
        samesite="strict",
        path="/",
    )
    return LoginResponse(
        user=UserRead.model_validate(new.session.user),
        csrf_token=new.csrf_token,
        expires_at=new.session.expires_at,
    )


@router.post(
    "/logout",
    summary="Log out",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(NotAuthenticated, CsrfFailed),
)
async def logout(principal: CurrentPrincipal, session: SessionDep, response: Response) -> None:
    """End the browser session (tokens are revoked through the tokens API instead)."""
    await auth.logout(session, principal)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get(
    "/me",
    summary="Who am I",
    response_model=MeRead,
    responses=problem_responses(NotAuthenticated),
)
async def me(principal: CurrentPrincipal, session: SessionDep) -> MeRead:
    """The caller, how they authenticated, and their organizations."""
    rows = await auth.memberships(session, principal)
    return MeRead(
        user=UserRead.model_validate(principal.user),
        memberships=[
            MembershipSummary(organization_id=o.id, organization_name=o.name, role=r)
            for o, r in rows
        ],
        auth_method="token" if principal.token else "session",
    )


@router.post(
    "/password",
    summary="Change my password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(NotAuthenticated, InvalidCredentials, CsrfFailed),
)
async def change_password(
    body: PasswordChange, principal: CurrentPrincipal, session: SessionDep
) -> None:
    """Change the caller's password; other browser sessions are ended."""
    if principal.token is not None:
        raise NotAuthenticated("log in with a password to change it; tokens cannot")
    await auth.change_password(session, principal, body.current_password, body.new_password)


class SecurityEventSort(enum.StrEnum):
    created_at = "created_at"


@router.get(
    "/security-events",
    summary="List my security events",
    response_model=Page[AuditEventRead],
    responses=problem_responses(NotAuthenticated, PermissionDenied),
)
async def list_my_security_events(
    principal: CurrentPrincipal,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(SecurityEventSort, ["-created_at"]))],
    action: Annotated[
        str | None, Query(max_length=64, description="`auth.login` or `auth.login_failed`")
    ] = None,
    since: datetime | None = None,
) -> Page[AuditEventRead]:
    """Logins to my account, successful and failed, with their client address."""
    if principal.token is not None:
        # A token acts within one organisation; a person's login history spans them all.
        raise PermissionDenied("log in with a password to see your security events")
    items, total = await audit.list_personal_events(
        session, principal, pagination, sorting, action=action, since=since
    )
    return Page.build([AuditEventRead.model_validate(e) for e in items], total, pagination)
