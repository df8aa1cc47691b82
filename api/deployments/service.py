"""Deployment requests: a durable `queued` row written in the request's transaction; the
worker releases it. One runs per application at a time, the others wait their turn."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.deployments.exceptions import DeploymentNotFound, NotRollbackTarget
from api.deployments.repository import DeploymentRepository
from api.deployments.schemas import DeploymentCreate
from api.kit.context import get_request_id
from api.kit.durable import register_kind
from api.kit.jobs import enqueue_after_commit
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import (
    Application,
    Deployment,
    DeploymentOutcome,
    DeploymentTrigger,
    DesiredState,
    JobStatus,
)
from api.servers.connectivity import ensure_trusted
from api.servers.repository import ServerRepository

DEPLOYMENT = register_kind("deployment.run", Deployment)


class DeploymentService:
    async def request(
        self, session: AsyncSession, access: Access, app: Application, body: DeploymentCreate
    ) -> Deployment:
        source = dict(app.source)
        if body.image is not None:
            source["image"] = body.image
        return await self._queue(
            session, access, app, source, dict(app.runtime), DeploymentTrigger.api
        )

    async def redeploy(self, session: AsyncSession, access: Access, app: Application) -> Deployment:
        """The application's current source and runtime again (e.g. after a variable change)."""
        return await self._queue(
            session, access, app, dict(app.source), dict(app.runtime), DeploymentTrigger.redeploy
        )

    async def scale(
        self, session: AsyncSession, access: Access, app: Application, replicas: int
    ) -> Deployment:
        """Change the replica count (0 stops the app) through the same durable pipeline,
        keeping the version that runs now (its digest and runtime) rather than picking up
        a re-resolved tag or settings edited since."""
        app.runtime = {**app.runtime, "replicas": replicas}
        app.desired_state = DesiredState.stopped if replicas == 0 else DesiredState.running
        source, runtime = dict(app.source), dict(app.runtime)
        current = (
            await DeploymentRepository(session).get_by_id(app.current_deployment_id)
            if app.current_deployment_id
            else None
        )
        if current is not None and current.image:
            source = {**current.source, "image": current.image}
            runtime = {**current.runtime, "replicas": replicas}
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.scale",
            target_type="application",
            target_id=app.id,
            data={"replicas": replicas},
        )
        return await self._queue(session, access, app, source, runtime, DeploymentTrigger.api)

    async def rollback(
        self, session: AsyncSession, access: Access, app: Application, target_id: uuid.UUID
    ) -> Deployment:
        """Release exactly what an earlier successful deployment released (same digest and
        runtime); the image must still exist in its registry."""
        target = await DeploymentRepository(session).get_by_id(target_id)
        if target is None or target.application_id != app.id:
            raise DeploymentNotFound(
                f"deployment {target_id} is not a deployment of this application"
            )
        if target.outcome is not DeploymentOutcome.released or target.image is None:
            state = target.outcome or target.status
            raise NotRollbackTarget(f"deployment {target.id} did not release a version ({state})")
        source = {**target.source, "image": target.image}
        return await self._queue(
            session,
            access,
            app,
            source,
            dict(target.runtime),
            DeploymentTrigger.rollback,
            rollback_of=target,
        )

    async def _queue(
        self,
        session: AsyncSession,
        access: Access,
        app: Application,
        source: dict[str, object],
        runtime: dict[str, object],
        trigger: DeploymentTrigger,
        rollback_of: Deployment | None = None,
    ) -> Deployment:
        server = await ServerRepository(session).get_by_id(app.server_id)
        assert server is not None
        ensure_trusted(server)  # fail now with a 409 rather than later in the worker
        deployment = await DeploymentRepository(session).add(
            Deployment(
                organization_id=app.organization_id,
                application_id=app.id,
                server_id=app.server_id,
                trigger=trigger,
                requested_by=access.principal.actor_label,
                source=source,
                runtime=runtime,
                rollback_of_id=rollback_of.id if rollback_of else None,
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
            data={
                "deployment_id": str(deployment.id),
                "image": source.get("image"),
                "trigger": str(trigger),
            },
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
