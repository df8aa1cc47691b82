from __future__ import annotations

import functools
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.passwords import hash_password
from api.auth.secrets import hash_secret, new_api_token
from api.models import ApiToken, Membership, Organization, Role, TokenScope, User

PASSWORD = "correct horse battery staple"


@functools.cache
def password_hash() -> str:
    # Argon2 is deliberately slow; hash the shared test password once per run.
    return hash_password(PASSWORD)


async def create_user(session: AsyncSession, email: str | None = None) -> User:
    user = User(
        email=email or f"user-{uuid.uuid4().hex[:10]}@example.test",
        full_name="Test User",
        password_hash=password_hash(),
    )
    session.add(user)
    await session.flush()
    return user


async def create_org(
    session: AsyncSession, owner: User | None = None, name: str = ""
) -> Organization:
    suffix = uuid.uuid4().hex[:8]
    org = Organization(name=name or f"Org {suffix}", slug=f"org-{suffix}")
    session.add(org)
    await session.flush()
    if owner is not None:
        await add_member(session, org, owner, Role.owner)
    return org


async def add_member(
    session: AsyncSession, org: Organization, user: User, role: Role
) -> Membership:
    membership = Membership(organization_id=org.id, user_id=user.id, role=role)
    session.add(membership)
    await session.flush()
    return membership


async def create_token(
    session: AsyncSession,
    org: Organization,
    user: User,
    scopes: list[TokenScope] | None = None,
    name: str = "ci",
) -> tuple[ApiToken, str]:
    secret = new_api_token()
    token = ApiToken(
        organization_id=org.id,
        user_id=user.id,
        name=name,
        prefix=secret[:12],
        token_hash=hash_secret(secret),
        scopes=[str(s) for s in (scopes or list(TokenScope))],
    )
    session.add(token)
    await session.flush()
    return token, secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def user_with_role(
    session: AsyncSession, org: Organization, role: Role
) -> tuple[User, dict[str, str]]:
    """A user holding `role` in `org`, with a full-scope token's auth header."""
    user = await create_user(session)
    await add_member(session, org, user, role)
    _, secret = await create_token(session, org, user)
    return user, bearer(secret)
