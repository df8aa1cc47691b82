"""The environment's private network on a server, made once however many jobs ask.

Swarm accepts two overlay networks of the same name (CheckDuplicate is best effort), and
a service naming an ambiguous network fails to start: two databases of one environment
created at the same time would race into exactly that. A transaction-scoped advisory lock
per environment serialises the find-or-create across workers; the job's next commit (its
step being recorded) releases it.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra import database_spec
from api.infra.docker import DockerClient
from api.infra.errors import DockerError


async def ensure_environment_network(
    session: AsyncSession, docker: DockerClient, environment_id: uuid.UUID
) -> bool:
    """Make the network if it is missing; True when this call made it."""
    name = database_spec.environment_network(environment_id)
    if await docker.find_network(name) is not None:
        return False
    key = f"berth-env-network:{environment_id}"
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    if await docker.find_network(name) is not None:  # made while we waited
        return False
    try:
        await docker.create_network(database_spec.environment_network_spec(environment_id))
    except DockerError as exc:
        if exc.status != 409:  # a duplicate refused: someone else made it
            raise
        return False
    return True
