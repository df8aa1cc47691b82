from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Application, Environment, Server, ServerKind


async def create_server(session: AsyncSession, organization_id: uuid.UUID) -> Server:
    """A row only: nothing here contacts the host."""
    server = Server(
        organization_id=organization_id,
        name=f"s-{uuid.uuid4().hex[:6]}",
        kind=ServerKind.ssh,
        host="192.0.2.30",
        port=22,
        username="root",
        public_key="ssh-ed25519 AAAA factory",
    )
    session.add(server)
    await session.flush()
    return server


async def create_application(
    session: AsyncSession, environment: Environment, name: str = "web"
) -> Application:
    server = await create_server(session, environment.organization_id)
    application = Application(
        organization_id=environment.organization_id,
        environment_id=environment.id,
        server_id=server.id,
        name=name,
        source={"type": "image", "image": "registry.test/web:1"},
        runtime={"replicas": 1},
        service_name=f"berth-{name}-{uuid.uuid4().hex[:8]}",
    )
    session.add(application)
    await session.flush()
    return application
