from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from redis.asyncio import Redis

from api.auth.dependencies import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentPrincipal,
    client_address,
)
from api.auth.exceptions import CsrfFailed, InvalidCredentials, NotAuthenticated
from api.auth.schemas import (
    LoginRequest,
    LoginResponse,
    MembershipSummary,
    MeRead,
    PasswordChange,
    UserRead,
)
from api.auth.service import auth
from api.kit.dependencies import SessionDep, SettingsDep
from api.kit.errors import TooManyRequests
from api.kit.problems import problem_responses
from api.kit.ratelimit import FailureThrottle
from api.kit.routing import BerthRoute
from api.kit.settings import Environment

router = APIRouter(prefix="/auth", tags=["auth"], route_class=BerthRoute)


async def _login_throttle(request: Request) -> FailureThrottle:
    redis: Redis = request.app.state.redis
    window = request.app.state.settings.security.login_failure_window_seconds
    return FailureThrottle(redis, namespace="login", window_seconds=window)


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
    throttle: Annotated[FailureThrottle, Depends(_login_throttle)],
) -> LoginResponse:
    """Start a browser session (httpOnly cookie) and return its CSRF token."""
    new = await auth.login(
        session,
        throttle,
        settings.security,
        email=body.email,
        password=body.password,
        client_address=client_address(request),
        user_agent=request.headers.get("user-agent", ""),
    )
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
