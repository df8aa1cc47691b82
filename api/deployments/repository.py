from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, or_, select, update

from api.deployments.schemas import DeploymentState
from api.kit.repository import OrgScopedRepository
from api.models import Deployment, DeploymentOutcome, JobStatus
from api.models.base import utcnow


def state_condition(state: DeploymentState) -> ColumnElement[bool]:
    """The rows in `state`: a rolled-back release ends `failed` with outcome `rolled_back`,
    so status alone does not tell the two apart."""
    match state:
        case DeploymentState.in_progress:
            return Deployment.status.in_((JobStatus.queued, JobStatus.running))
        case DeploymentState.succeeded:
            return Deployment.status == JobStatus.succeeded
        case DeploymentState.failed:
            return (Deployment.status == JobStatus.failed) & or_(
                Deployment.outcome.is_(None), Deployment.outcome != DeploymentOutcome.rolled_back
            )
        case DeploymentState.rolled_back:
            return Deployment.outcome == DeploymentOutcome.rolled_back
        case DeploymentState.cancelled:
            return (Deployment.status == JobStatus.cancelled) | (
                Deployment.outcome == DeploymentOutcome.cancelled
            )


class DeploymentRepository(OrgScopedRepository[Deployment]):
    model = Deployment

    async def queue_positions(self, deployments: Iterable[Deployment]) -> dict[uuid.UUID, int]:
        """How many deployments of the same application will run before each queued one.

        One query for a whole page, however many of its rows are queued: over each
        application's active deployments, the running ones plus the queued ones queued
        strictly earlier (`rank` gives equal times the same place). Rows no longer queued
        are absent from the answer.
        """
        queued = [d for d in deployments if d.status is JobStatus.queued]
        if not queued:
            return {}
        by_application = Deployment.application_id
        active = (
            select(
                Deployment.id,
                Deployment.status,
                func.count()
                .filter(Deployment.status == JobStatus.running)
                .over(partition_by=by_application)
                .label("running"),
                func.rank()
                .over(
                    partition_by=(by_application, Deployment.status),
                    order_by=Deployment.queued_at,
                )
                .label("place"),
            )
            .where(
                by_application.in_({d.application_id for d in queued}),
                Deployment.status.in_((JobStatus.queued, JobStatus.running)),
            )
            .subquery()
        )
        rows = await self.session.execute(
            select(active.c.id, active.c.running + active.c.place - 1).where(
                active.c.status == JobStatus.queued, active.c.id.in_([d.id for d in queued])
            )
        )
        return {id: int(ahead) for id, ahead in rows}

    async def next_queued(self, application_id: uuid.UUID) -> Deployment | None:
        return await self.get_one_or_none(
            select(Deployment)
            .where(
                Deployment.application_id == application_id, Deployment.status == JobStatus.queued
            )
            .order_by(Deployment.queued_at)
            .limit(1)
        )

    async def server_has_capacity(self, deployment_id: uuid.UUID, limit: int) -> bool:
        """Fewer than `limit` deployments running on this deployment's server, counted
        under a per-server advisory lock held until the caller's transaction ends, so two
        workers claiming at once can't both take the last slot."""
        server_id = await self.session.scalar(
            select(Deployment.server_id).where(Deployment.id == deployment_id)
        )
        if server_id is None:
            return True  # gone: let the claim find out
        await self.session.execute(
            select(func.pg_advisory_xact_lock(server_id.int & 0x7FFF_FFFF_FFFF_FFFF))
        )
        running = await self.session.scalar(
            select(func.count()).where(
                Deployment.server_id == server_id, Deployment.status == JobStatus.running
            )
        )
        return int(running or 0) < limit

    async def next_queued_on_server(self, server_id: uuid.UUID) -> Deployment | None:
        """The oldest queued deployment on a server whose application has none running."""
        busy = select(Deployment.application_id).where(Deployment.status == JobStatus.running)
        return await self.get_one_or_none(
            select(Deployment)
            .where(
                Deployment.server_id == server_id,
                Deployment.status == JobStatus.queued,
                Deployment.application_id.not_in(busy),
            )
            .order_by(Deployment.queued_at)
            .limit(1)
        )

    async def cancel_queued(self, deployment: Deployment, reason: str) -> bool:
        """queued -> cancelled, only if no worker claimed it meanwhile."""
        result = await self.session.execute(
            update(Deployment)
            .where(Deployment.id == deployment.id, Deployment.status == JobStatus.queued)
            .values(
                status=JobStatus.cancelled,
                outcome=DeploymentOutcome.cancelled,
                error=reason,
                finished_at=utcnow(),
                cancel_requested_at=utcnow(),
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def request_cancel(self, deployment: Deployment) -> None:
        await self.session.execute(
            update(Deployment)
            .where(Deployment.id == deployment.id, Deployment.cancel_requested_at.is_(None))
            .values(cancel_requested_at=utcnow())
        )

    async def cancel_requested(self, deployment_id: uuid.UUID) -> bool:
        """Whether someone asked to cancel it (the running job polls this durable flag)."""
        requested = await self.session.scalar(
            select(Deployment.cancel_requested_at).where(Deployment.id == deployment_id)
        )
        return requested is not None

    async def mark_released(self, deployment_id: uuid.UUID, attempt: int) -> None:
        """The attempt's outcome; fenced on the attempt like every durable-job write."""
        await self.session.execute(
            update(Deployment)
            .where(Deployment.id == deployment_id, Deployment.attempts == attempt)
            .values(outcome=DeploymentOutcome.released)
        )

    async def released_images(self, application_id: uuid.UUID, limit: int) -> set[str]:
        """The images of the application's last `limit` released deployments: what a
        rollback may need again, so image pruning keeps them."""
        images = await self.session.scalars(
            select(Deployment.image)
            .where(
                Deployment.application_id == application_id,
                Deployment.outcome == DeploymentOutcome.released,
                Deployment.image.is_not(None),
            )
            .order_by(Deployment.created_at.desc())
            .limit(limit)
        )
        return {image for image in images.all() if image is not None}
