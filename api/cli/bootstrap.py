"""First-run bootstrap: an admin user and organization when the database has no users, and
the machine's own Docker daemon as the first server when one answers."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.passwords import hash_password
from api.auth.repository import UserRepository
from api.infra.connections import LOCAL_DOCKER_SOCKET
from api.infra.docker import DockerClient
from api.infra.errors import InfraError
from api.kit.settings import BootstrapSettings
from api.models import Organization, Server, User
from api.organizations.service import organization
from api.servers.service import server_service


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


async def local_docker_problem(
    socket: Path = LOCAL_DOCKER_SOCKET, timeout: float = 3.0
) -> str | None:
    """Why this machine's Docker daemon can't be registered, or None when it answers."""
    if not socket.exists():  # noqa: ASYNC240 - one stat at start-up
        return f"there is no Docker socket at {socket}"
    client = DockerClient(socket, label="local")
    try:
        await asyncio.wait_for(client.version(), timeout)
    except TimeoutError:
        return f"the Docker daemon at {socket} did not answer within {timeout:.0f}s"
    except InfraError as exc:
        return f"the Docker daemon at {socket} did not answer: {exc}"
    finally:
        await client.close()
    return None


async def local_docker_answers(socket: Path = LOCAL_DOCKER_SOCKET, timeout: float = 3.0) -> bool:
    return await local_docker_problem(socket, timeout) is None


async def register_local_server(
    session: AsyncSession, socket: Path = LOCAL_DOCKER_SOCKET
) -> Server | None:
    """Registers the local daemon in the first organization, once."""
    first_org = await session.scalar(
        select(Organization).order_by(Organization.created_at).limit(1)
    )
    if first_org is None or not await local_docker_answers(socket):
        return None
    return await server_service.register_local(session, first_org.id)
