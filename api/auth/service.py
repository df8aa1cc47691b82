"""Logins, browser sessions and bearer-token authentication."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.exceptions import InvalidCredentials, NotAuthenticated
from api.auth.passwords import hash_password, needs_rehash, verify_password
from api.auth.repository import (
    ApiTokenRepository,
    MembershipRepository,
    UserRepository,
    UserSessionRepository,
)
from api.auth.secrets import API_TOKEN_PREFIX, hash_secret, new_secret
from api.kit.principal import Principal
from api.kit.ratelimit import LoginThrottle
from api.kit.settings import SecuritySettings
from api.models import Organization, Role, UserSession
from api.models.base import utcnow

log = structlog.get_logger(__name__)

# Writing last-used times on every request would turn reads into writes; once a minute
# is precise enough to answer "is this token still in use?".
_TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class NewSession:
    session: UserSession
    token: str
    csrf_token: str


class AuthService:
    async def login(
        self,
        session: AsyncSession,
        throttle: LoginThrottle,
        settings: SecuritySettings,
        *,
        email: str,
        password: str,
        client_address: str,
        user_agent: str,
    ) -> NewSession:
        """Check a password, throttled per client and slowed per account.

        Failures for an existing account are added to the session before raising: the
        router commits them anyway, so the owner can see who tried (their audit log).
        """
        email = email.strip().lower()
        attempt = await throttle.begin(account=email, address=client_address)
        if attempt.delay_seconds > 0:
            log.info(
                "login slowed",
                email=email,
                client_address=client_address,
                delay_seconds=attempt.delay_seconds,
                account_failures=attempt.account_failures,
            )
            await asyncio.sleep(attempt.delay_seconds)
        user = await UserRepository(session).get_by_email(email)
        ok = verify_password(user.password_hash if user else None, password)
        if user is None or not ok or not user.is_active:
            if user is not None:
                audit.record_login(
                    session,
                    user,
                    succeeded=False,
                    client_address=client_address,
                    user_agent=user_agent,
                    reason="deactivated" if ok else "wrong password",
                )
            log.info("login failed", email=email, client_address=client_address)
            raise InvalidCredentials("e-mail or password is incorrect")
        await throttle.succeeded(attempt)
        audit.record_login(
            session, user, succeeded=True, client_address=client_address, user_agent=user_agent
        )
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        now = utcnow()
        user.last_login_at = now
        token, csrf = new_secret(), new_secret()
        row = await UserSessionRepository(session).add(
            UserSession(
                user_id=user.id,
                token_hash=hash_secret(token),
                csrf_hash=hash_secret(csrf),
                expires_at=now + timedelta(hours=settings.session_ttl_hours),
                last_seen_at=now,
                client_address=client_address[:64],
                user_agent=user_agent[:256],
            )
        )
        row.user = user
        return NewSession(session=row, token=token, csrf_token=csrf)

    async def memberships(
        self, session: AsyncSession, principal: Principal
    ) -> Sequence[tuple[Organization, Role]]:
        """Where the caller is a member and as what (for `/auth/me` and the organization
        list): memberships are auth's, so asking needs nothing from `organizations`."""
        return await MembershipRepository(session).organizations_of(
            principal.user_id, principal.token_organization_id
        )

    async def logout(self, session: AsyncSession, principal: Principal) -> None:
        if principal.session is not None:
            await UserSessionRepository(session).delete(principal.session)

    async def authenticate_session(
        self, session: AsyncSession, token: str, client_address: str | None
    ) -> Principal:
        row = await UserSessionRepository(session).get_by_token_hash(hash_secret(token))
        now = utcnow()
        if row is None or row.expires_at <= now or not row.user.is_active:
            raise NotAuthenticated("your session has expired or was ended; log in again")
        if now - row.last_seen_at > _TOUCH_INTERVAL:
            row.last_seen_at = now
        return Principal(user=row.user, session=row, client_address=client_address)

    async def authenticate_token(
        self, session: AsyncSession, token: str, client_address: str | None
    ) -> Principal:
        if not token.startswith(API_TOKEN_PREFIX):
            raise NotAuthenticated("malformed API token")
        found = await ApiTokenRepository(session).get_with_role_by_token_hash(hash_secret(token))
        row, role = found if found else (None, None)
        now = utcnow()
        if row is None or row.revoked_at is not None:
            raise NotAuthenticated("unknown or revoked API token")
        if row.expires_at is not None and row.expires_at <= now:
            raise NotAuthenticated("API token expired")
        if not row.user.is_active:
            raise NotAuthenticated("the token's user is deactivated")
        if row.last_used_at is None or now - row.last_used_at > _TOUCH_INTERVAL:
            row.last_used_at = now
        return Principal(user=row.user, token=row, client_address=client_address, token_role=role)

    async def change_password(
        self, session: AsyncSession, principal: Principal, current: str, new: str
    ) -> None:
        user = principal.user
        if not verify_password(user.password_hash, current):
            raise InvalidCredentials("current password is incorrect")
        user.password_hash = hash_password(new)
        keep = principal.session.id if principal.session else None
        await UserSessionRepository(session).delete_for_user(user.id, keep=keep)


auth = AuthService()
