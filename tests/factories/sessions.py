"""Browser sessions written straight to the database: no login round-trip, no argon2."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.dependencies import CSRF_HEADER, SESSION_COOKIE
from api.auth.secrets import hash_secret, new_secret
from api.models import User, UserSession
from api.models.base import utcnow


async def create_browser_session(session: AsyncSession, user: User) -> tuple[str, str]:
    """A live session for `user`: (cookie token, CSRF token)."""
    token, csrf = new_secret(), new_secret()
    now = utcnow()
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_secret(token),
            csrf_hash=hash_secret(csrf),
            expires_at=now + timedelta(hours=1),
            last_seen_at=now,
        )
    )
    await session.flush()
    return token, csrf


async def log_in(client: httpx.AsyncClient, session: AsyncSession, user: User) -> dict[str, str]:
    """Put a session cookie on `client`; returns the CSRF header its writes must carry."""
    token, csrf = await create_browser_session(session, user)
    client.cookies.set(SESSION_COOKIE, token)
    return {CSRF_HEADER: csrf}
