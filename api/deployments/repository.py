from __future__ import annotations

import uuid

from sqlalchemy import func, select, update

from api.kit.repository import OrgScopedRepository
from api.models import Deployment, DeploymentOutcome, JobStatus
from api.models.base import utcnow


class DeploymentRepository(OrgScopedRepository[Deployment]):
    model = Deployment

    async def queue_position(self, deployment: Deployment) -> int | None:
        """How many deployments of the same application will run before this one."""
        if deployment.status not in (JobStatus.queued,):
            return None
        ahead = await self.session.scalar(
            select(func.count()).where(
                Deployment.application_id == deployment.application_id,
                (Deployment.status == JobStatus.running)
                | (
                    (Deployment.status == JobStatus.queued)
                    & (Deployment.queued_at < deployment.queued_at)
                ),
            )
        )
        return int(ahead or 0)

    async def next_queued(self, application_id: uuid.UUID) -> Deployment | None:
        return await self.get_one_or_none(
            select(Deployment)
            .where(
                Deployment.application_id == application_id, Deployment.status == JobStatus.queued
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
