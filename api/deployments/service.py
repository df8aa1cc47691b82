"""Deployment requests: a durable `queued` row written in the request's transaction; the
worker releases it. One runs per application at a time, the others wait their turn."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.buildkit import ensure_buildkit_for_secrets
from api.audit.service import audit
from api.auth.permissions import Access
from api.deployments.exceptions import (
    DeploymentFinished,
    DeploymentNotFound,
    NothingToRestart,
    NotRollbackTarget,
    SourceMismatch,
)
from api.deployments.notifications import announce_outcome
from api.deployments.repository import DeploymentRepository, state_condition
from api.deployments.schemas import DeploymentCreate, DeploymentState
from api.kit.context import get_request_id
from api.kit.jobs.durable import register_kind
from api.kit.jobs.queue import enqueue_after_commit
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


def source_for_request(app: Application, body: DeploymentCreate) -> dict[str, object]:
    """The application's source, with what CI asked for: a new image tag or digest (image
    sources), or a branch/tag or exact commit (git sources)."""
    source: dict[str, object] = dict(app.source)
    is_git = source.get("type") == "git"
    if body.image is not None:
        if is_git:
            raise SourceMismatch(
                "`image` applies to image sources; this application builds from git"
            )
        source["image"] = body.image
    if body.ref is not None or body.commit is not None:
        if not is_git:
            raise SourceMismatch(
                "`ref` and `commit` apply to git sources; this application deploys an image"
            )
        if body.ref is not None:
            source["ref"] = body.ref
        source["commit"] = body.commit
    return source


def _pinned_commit(source: dict[str, object]) -> str | None:
    commit = source.get("commit")
    return commit if isinstance(commit, str) else None


def released_source(deployment: Deployment) -> dict[str, object]:
    """Release exactly what a deployment released, whatever its source was: a built image
    by its id on the server, a pulled one by its digest. Nothing is fetched or rebuilt."""
    assert deployment.image is not None
    source: dict[str, object] = {"type": "image", "image": deployment.image}
    if deployment.commit_sha:
        source["commit"] = deployment.commit_sha  # kept for the record
    return source


def serving_source(app: Application, current: Deployment | None) -> dict[str, object]:
    """The application's source pinned to the version `current` serves, if any."""
    source: dict[str, object] = dict(app.source)
    if current is None:
        return source
    if source.get("type") == "git" and current.commit_sha:
        # Rebuilt (build settings and secrets may have changed), from the same commit.
        source["commit"] = current.commit_sha
    elif source.get("type") == "image" and current.image and not current.commit_sha:
        # (A version built from git, before the source became an image, is no image to pull.)
        source["image"] = current.image
    return source


class DeploymentService:
    async def request(
        self, session: AsyncSession, access: Access, app: Application, body: DeploymentCreate
    ) -> Deployment:
        return await self._queue(
            session,
            access,
            app,
            source_for_request(app, body),
            dict(app.runtime),
            DeploymentTrigger.api,
        )

    async def redeploy(self, session: AsyncSession, access: Access, app: Application) -> Deployment:
        """The version now serving again, with the current runtime settings and variables
        (e.g. after a variable change): a git application rebuilds the commit now serving,
        an image application releases the image now serving by its digest.

        Never the branch tip or a re-resolved tag: after a rollback that would bring back
        the very version just rolled back. Deploying the source as configured (the tip)
        is `request`. Nothing serving yet: the source as configured.
        """
        current = (
            await DeploymentRepository(session).get_by_id(app.current_deployment_id)
            if app.current_deployment_id
            else None
        )
        return await self._queue(
            session,
            access,
            app,
            serving_source(app, current),
            dict(app.runtime),
            DeploymentTrigger.redeploy,
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
            source = released_source(current)
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

    async def restart(self, session: AsyncSession, access: Access, app: Application) -> Deployment:
        """Replace every task of the running version, one at a time and health-gated (each
        deployment labels its tasks, so Swarm starts fresh ones even for the same image)."""
        current = (
            await DeploymentRepository(session).get_by_id(app.current_deployment_id)
            if app.current_deployment_id
            else None
        )
        if current is None or current.image is None:
            raise NothingToRestart(f"application {app.name} has no released version to restart")
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.restart",
            target_type="application",
            target_id=app.id,
        )
        return await self._queue(
            session,
            access,
            app,
            released_source(current),
            dict(current.runtime),
            DeploymentTrigger.redeploy,
        )

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
        source = released_source(target)
        return await self._queue(
            session,
            access,
            app,
            source,
            dict(target.runtime),
            DeploymentTrigger.rollback,
            rollback_of=target,
        )

    async def from_webhook(
        self,
        session: AsyncSession,
        app: Application,
        source: dict[str, object],
        *,
        delivery: str,
        sender: str,
    ) -> Deployment:
        return await self._queue(
            session,
            None,
            app,
            source,
            dict(app.runtime),
            DeploymentTrigger.webhook,
            webhook_delivery=delivery,
            requested_by=sender,
        )

    async def _queue(
        self,
        session: AsyncSession,
        access: Access | None,
        app: Application,
        source: dict[str, object],
        runtime: dict[str, object],
        trigger: DeploymentTrigger,
        rollback_of: Deployment | None = None,
        webhook_delivery: str | None = None,
        requested_by: str | None = None,
    ) -> Deployment:
        principal = access.principal if access else None
        server = await ServerRepository(session).get_by_id(app.server_id)
        assert server is not None
        ensure_trusted(server)  # fail now with a 409 rather than later in the worker
        if source.get("type") == "git":
            await ensure_buildkit_for_secrets(session, app, server)
        deployment = await DeploymentRepository(session).add(
            Deployment(
                organization_id=app.organization_id,
                application_id=app.id,
                server_id=app.server_id,
                trigger=trigger,
                requested_by=requested_by or (principal.actor_label if principal else "system"),
                source=source,
                build=dict(app.build),
                runtime=runtime,
                commit_sha=_pinned_commit(source),
                webhook_delivery=webhook_delivery,
                rollback_of_id=rollback_of.id if rollback_of else None,
                status=JobStatus.queued,
                request_id=get_request_id(),
                steps=[],
            )
        )
        await audit.record(
            session,
            principal,
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
        states: Sequence[DeploymentState] = (),
    ) -> tuple[Sequence[Deployment], int]:
        where = [Deployment.application_id == app.id]
        if states:
            where.append(or_(*(state_condition(state) for state in states)))
        return await DeploymentRepository(session).paginate_readable(
            access.principal, pagination, sorting, *where
        )

    async def cancel(
        self, session: AsyncSession, access: Access, deployment: Deployment
    ) -> Deployment:
        """A queued deployment is dropped at once; a running one is flagged, and its worker
        stops the build or rolls the Swarm update back (within a second)."""
        if deployment.status not in (JobStatus.queued, JobStatus.running):
            state = deployment.outcome or deployment.status
            raise DeploymentFinished(f"deployment {deployment.id} already ended ({state})")
        repo = DeploymentRepository(session)
        who = access.principal.actor_label
        reason = f"cancelled by {who} before it started"
        if await repo.cancel_queued(deployment, reason):
            await announce_outcome(session, None, deployment, DeploymentOutcome.cancelled, reason)
        else:
            await repo.request_cancel(deployment)
        await audit.record(
            session,
            access.principal,
            organization_id=deployment.organization_id,
            action="deployment.cancel",
            target_type="application",
            target_id=deployment.application_id,
            data={"deployment_id": str(deployment.id)},
        )
        await session.refresh(deployment)
        return deployment

    async def queue_positions(
        self, session: AsyncSession, deployments: Sequence[Deployment]
    ) -> dict[uuid.UUID, int]:
        return await DeploymentRepository(session).queue_positions(deployments)


deployment_service = DeploymentService()
