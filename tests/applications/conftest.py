"""An organisation with a member, a viewer, an environment and a trusted (unreachable)
server: enough for API tests of applications that never contact the server."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import HostKeyStatus, Organization, Role, Server, ServerKind
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role


async def create_server(
    session: AsyncSession, org: Organization, *, trusted: bool = True
) -> Server:
    server = Server(
        organization_id=org.id,
        name=f"s-{uuid.uuid4().hex[:6]}",
        kind=ServerKind.ssh,
        host="192.0.2.20",
        port=22,
        username="root",
        public_key="ssh-ed25519 AAAA x",
        host_key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBy7Ei9rZsxRIsXLOSzglNT4L2f0C4bTHv5JNf4o0Ybk"
        if trusted
        else None,
        host_key_status=HostKeyStatus.trusted if trusted else HostKeyStatus.unknown,
        private_key_encrypted="v1.x.y.z",
        base_domain="apps.example.com",
    )
    session.add(server)
    await session.flush()
    return server


@pytest.fixture
async def setting(session: AsyncSession) -> dict[str, Any]:
    org = await create_org(session)
    _, member = await user_with_role(session, org, Role.member)
    _, viewer = await user_with_role(session, org, Role.viewer)
    environment = await create_environment(session, await create_project(session, org))
    return {
        "org": org,
        "member": member,
        "viewer": viewer,
        "environment": environment,
        "server": await create_server(session, org),
    }
