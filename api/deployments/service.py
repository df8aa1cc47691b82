"""Deployment requests: a durable `queued` row written in the request's transaction; the
worker releases it. One runs per application at a time, the others wait their turn."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.deployments.repository import DeploymentRepository
from api.deployments.schemas import DeploymentCreate
from api.kit.context import get_request_id
from api.kit.durable import register_kind
from api.kit.jobs import enqueue_after_commit
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import Application, Deployment, DeploymentTrigger, JobStatus
from api.servers.connectivity import ensure_trusted
from api.servers.repository import ServerRepository

DEPLOYMENT = register_kind("deployment.run", Deployment)


class DeploymentService:
    async def request(
        self,
        session: AsyncSession,
        access: Access,
        app: Application,
        body: DeploymentCreate,
        trigger: DeploymentTrigger = DeploymentTrigger.api,
    ) -> Deployment:
        server = await ServerRepository(session).get_by_id(app.server_id)
        assert server is not None
        ensure_trusted(server)  # fail now with a 409 rather than later in the worker
        source = dict(app.source)
        if body.image is not None:
            source["image"] = body.image
        deployment = await DeploymentRepository(session).add(
            Deployment(
                organization_id=app.organization_id,
                application_id=app.id,
                server_id=app.server_id,
                trigger=trigger,
                requested_by=access.principal.actor_label,
                source=source,
                runtime=dict(app.runtime),
                status=JobStatus.queued,
                request_id=get_request_id(),
                steps=[],
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="deployment.create",
            target_type="application",
            target_id=app.id,
            data={"deployment_id": str(deployment.id), "image": source.get("image")},
        )
        enqueue_after_commit(
            session, DEPLOYMENT.function, DEPLOYMENT.job_id(deployment.id, 0), deployment.id
        )
        return deployment

    async def list(
        self,
        session: AsyncSession,
        access: Access,
        app: Application,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[Deployment], int]:
        repo = DeploymentRepository(session)
        statement = repo.get_readable_statement(access.principal).where(
            Deployment.application_id == app.id
        )
        return await repo.paginate(statement, pagination, sorting)

    async def queue_position(self, session: AsyncSession, deployment: Deployment) -> int | None:
        return await DeploymentRepository(session).queue_position(deployment)


deployment_service = DeploymentService()
