"""database_operation.run: bring one database's server to its desired state, then start
the operation waiting behind it (one runs at a time per database)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.databases.flows import run_operation
from api.databases.service import DATABASE_OPERATION
from api.databases.status import refresh_statuses
from api.models import DatabaseOperation, JobStatus
from worker.context import worker_context
from worker.durable import Lease, run_durable


async def database_operation_run(
    ctx: dict[str, Any], operation_id: uuid.UUID, request_id: str | None
) -> str:
    context = worker_context(ctx)

    async def work(session: AsyncSession, operation: DatabaseOperation, lease: Lease) -> None:
        await run_operation(
            session,
            operation,
            lease.attempt,
            keyring=context["keyring"],
            connections=context["connections"],
        )

    result = await run_durable(context, DATABASE_OPERATION, operation_id, request_id, work)
    async with context["sessionmaker"]() as session:
        database_id = await session.scalar(
            select(DatabaseOperation.database_id).where(DatabaseOperation.id == operation_id)
        )
        waiting = (
            await session.execute(
                select(
                    DatabaseOperation.id, DatabaseOperation.attempts, DatabaseOperation.request_id
                )
                .where(
                    DatabaseOperation.database_id == database_id,
                    DatabaseOperation.status == JobStatus.queued,
                    DatabaseOperation.id != operation_id,
                )
                .order_by(DatabaseOperation.queued_at)
            )
        ).all()
    # Refused by the one-running rule while this one ran: their turn now.
    for next_id, attempts, next_request in waiting:
        await context["redis"].enqueue_job(
            DATABASE_OPERATION.function,
            next_id,
            next_request,
            _job_id=f"{DATABASE_OPERATION.job_id(next_id, attempts)}:after:{operation_id}",
        )
    return result


async def databases_refresh(ctx: dict[str, Any]) -> dict[str, int]:
    """Record each released database's status as its server reports it."""
    context = worker_context(ctx)
    async with context["sessionmaker"]() as session, session.begin():
        checked = await refresh_statuses(session, context["keyring"], context["connections"])
    return {"checked": checked}
