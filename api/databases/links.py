"""What a linked application's release gets from its databases: the connection URLs as
runtime variables and the environment's private network. The deployment flow calls this
once per release (the hook in api.deployments.flows); no read API ever does."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from api.databases.network import ensure_environment_network
from api.databases.repository import DatabaseLinkRepository, DatabaseRepository
from api.databases.service import internal_url
from api.infra import database_spec
from api.infra.docker import DockerClient
from api.kit.crypto import Keyring
from api.models import Application


@dataclass(frozen=True)
class LinkedRelease:
    env: dict[str, str] = field(default_factory=dict, repr=False)
    networks: tuple[str, ...] = ()


async def linked_release(
    session: AsyncSession, keyring: Keyring, docker: DockerClient, app: Application
) -> LinkedRelease:
    """The variables of the app's links, decrypted now, and the network they are reached
    on (made when missing: the app may be released before its database's first run)."""
    links = await DatabaseLinkRepository(session).of_application(app.id)
    if not links:
        return LinkedRelease()
    databases = {
        d.id: d
        for d in await DatabaseRepository(session).get_many({ln.database_id for ln in links})
    }
    env = {
        link.variable: internal_url(keyring, databases[link.database_id])
        for link in links
        if link.database_id in databases
    }
    await ensure_environment_network(session, docker, app.environment_id)
    return LinkedRelease(env, (database_spec.environment_network(app.environment_id),))
