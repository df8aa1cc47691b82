from __future__ import annotations

import uuid

from sqlalchemy import func, select

from api.kit.repository import OrgScopedRepository
from api.models import Deployment, JobStatus


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
