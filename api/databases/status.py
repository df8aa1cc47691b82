"""What the servers say about their databases now, between operations.

An operation records the status it converged to; afterwards a database can still crash,
run out of memory or lose its node. The worker's periodic refresh reads each database's
tasks and records healthy / starting / unhealthy (with the task's own error) / stopped.
A database with an operation waiting or running is left to that operation.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra import database_spec
from api.infra.connections import ConnectionManager
from api.infra.errors import InfraError
from api.kit.crypto import Keyring
from api.kit.errors import BerthError
from api.models import ACTIVE_JOB_STATUSES, Database, DatabaseOperation, DatabaseStatus, Server
from api.models.base import utcnow
from api.servers.connectivity import connection_target

log = structlog.get_logger("berth.databases")


async def refresh_statuses(
    session: AsyncSession, keyring: Keyring, connections: ConnectionManager
) -> int:
    """Re-read every released database's tasks; returns how many were checked."""
    busy = select(DatabaseOperation.database_id).where(
        DatabaseOperation.status.in_(ACTIVE_JOB_STATUSES)
    )
    rows = (
        await session.scalars(
            select(Database).where(Database.image_digest.is_not(None), Database.id.not_in(busy))
        )
    ).all()
    by_server: dict[uuid.UUID, list[Database]] = defaultdict(list)
    for database in rows:
        by_server[database.server_id].append(database)
    checked = 0
    for server_id, databases in by_server.items():
        server = await session.get(Server, server_id)
        if server is None:
            continue
        try:
            async with connections.connect(server.id, connection_target(server, keyring)) as conn:
                for database in databases:
                    tasks = await conn.docker.service_tasks(database.service_name)
                    state = database_spec.task_status(tasks, spec_digest=None)
                    database.status = DatabaseStatus(state.status)
                    database.status_reason = state.reason
                    database.status_checked_at = utcnow()
                    checked += 1
        except (InfraError, BerthError) as exc:
            # The server's own status says it is unreachable; the databases keep their
            # last known state rather than a guess.
            log.info("database status refresh skipped", server_id=str(server_id), error=str(exc))
    await session.flush()
    return checked
