from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.passwords import verify_password
from api.cli.bootstrap import (
    bootstrap_admin,
    local_docker_answers,
    local_docker_problem,
    register_local_server,
)
from api.kit.settings import BootstrapSettings
from api.models import Membership, Organization, Role, Server, ServerKind, User
from tests.testbed import Testbed


async def _empty(session: AsyncSession) -> None:
    # The bootstrap only acts on an empty installation; inside this test's transaction,
    # make it one.
    await session.execute(delete(Organization))
    await session.execute(delete(User))


async def test_first_run_creates_the_admin_with_a_generated_password(session: AsyncSession) -> None:
    await _empty(session)
    created = await bootstrap_admin(session, BootstrapSettings(admin_email="Ops@Example.test"))
    assert created is not None
    email, generated = created
    assert email == "ops@example.test"
    assert generated is not None
    assert len(generated) >= 20
    user = await session.scalar(select(User).where(User.email == email))
    assert user is not None
    assert verify_password(user.password_hash, generated)
    role = await session.scalar(select(Membership.role).where(Membership.user_id == user.id))
    assert role is Role.owner
    # Second run: nothing new, nothing printed.
    assert await bootstrap_admin(session, BootstrapSettings()) is None
    assert await session.scalar(select(func.count()).select_from(User)) == 1


async def test_admin_password_from_settings_is_used(session: AsyncSession) -> None:
    await _empty(session)
    settings = BootstrapSettings(admin_password=SecretStr("a configured passphrase"))
    created = await bootstrap_admin(session, settings)
    assert created is not None
    assert created[1] is None


async def test_local_docker_is_registered_once_when_it_answers(
    session: AsyncSession, testbed: Testbed
) -> None:
    await _empty(session)
    await bootstrap_admin(session, BootstrapSettings())
    socket = testbed.host(1).docker_socket  # a real daemon's socket, as /var/run/docker.sock is
    assert await local_docker_answers(socket)
    server = await register_local_server(session, socket)
    assert server is not None
    assert server.kind is ServerKind.local
    assert await register_local_server(session, socket) is None
    assert await session.scalar(select(func.count()).select_from(Server)) == 1


async def test_no_local_server_without_a_docker_daemon(
    session: AsyncSession, tmp_path: Path
) -> None:
    await _empty(session)
    await bootstrap_admin(session, BootstrapSettings())
    assert not await local_docker_answers(tmp_path / "docker.sock")
    assert await register_local_server(session, tmp_path / "docker.sock") is None


async def test_missing_local_docker_is_named_not_silently_skipped(tmp_path: Path) -> None:
    missing = tmp_path / "docker.sock"
    assert await local_docker_problem(missing) == f"there is no Docker socket at {missing}"


async def test_a_socket_that_is_no_docker_daemon_is_named(tmp_path: Path) -> None:
    import socket  # noqa: PLC0415

    path = tmp_path / "docker.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        server.listen(1)  # accepts, never answers: not a Docker daemon
        problem = await local_docker_problem(path, timeout=0.5)
    assert problem is not None
    assert problem.startswith(f"the Docker daemon at {path} did not answer")
