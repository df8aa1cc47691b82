"""First-run bootstrap: an admin user and organization when the database has no users."""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.passwords import hash_password
from api.auth.repository import UserRepository
from api.kit.settings import BootstrapSettings
from api.models import User
from api.organizations.service import organization


async def bootstrap_admin(
    session: AsyncSession, settings: BootstrapSettings
) -> tuple[str, str | None] | None:
    """Returns (email, generated password or None) when it created the admin, else None."""
    users = UserRepository(session)
    if await users.count() > 0:
        return None
    generated: str | None = None
    if settings.admin_password is not None:
        password = settings.admin_password.get_secret_value()
    else:
        password = generated = secrets.token_urlsafe(18)
    email = settings.admin_email.strip().lower()
    user = await users.add(
        User(email=email, full_name="Administrator", password_hash=hash_password(password))
    )
    await organization.create_for_user(session, user, settings.organization_name, actor=None)
    return email, generated
