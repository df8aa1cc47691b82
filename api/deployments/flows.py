"""One deployment, end to end, as a list of steps chosen by the source type.

git:   source (shallow checkout on the server) -> build (docker build there) -> release -> converge
image: resolve (pin the registry digest) -> release -> converge

Every source type shares release and converge: a new source type adds its first steps,
not a copy of the flow. The release is a start-first, health-gated Swarm update with
automatic rollback, so a failing version never replaces a serving one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import structlog
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.naming import deploy_key_context, hostname_for
from api.applications.schemas import Build, GitSource, ImageSource, Mount, Runtime
from api.applications.variables import build_secrets, runtime_environment
from api.databases.links import linked_release
from api.deployments import building
from api.deployments.exceptions import DeploymentCancelled, DeploymentFailed, RolledBack
from api.deployments.notifications import announce_outcome
from api.deployments.repository import DeploymentRepository
from api.infra import git, service_spec, swarm, traefik
from api.infra.connections import ConnectionManager, ServerConnection
from api.infra.errors import DockerError, InfraError
from api.kit.crypto import Keyring
from api.kit.jobs.live import LivePublisher
from api.kit.jobs.progress import StepProgress
from api.kit.jobs.steps import StepCall, StepResult, StepRunner, error_text
from api.kit.settings import Settings
from api.models import (
    Application,
    Deployment,
    DeploymentOutcome,
    Server,
)
from api.registries.auth import (
    PullCredentials,
    get_push_registry,
    pull_credentials,
    push_reference_for,
    registry_auth_for_push,
)
from api.servers import proxy as domain_proxy
from api.servers.connectivity import connection_target

log = structlog.get_logger("berth.deploy")

STEPS_BY_SOURCE = {
    "git": ("source", "build", "release", "converge"),
    "image": ("resolve", "release", "converge"),
}
# Upper bound on waiting for Swarm, on top of the health-check monitor window.
CONVERGE_MARGIN_SECONDS = 120

__all__ = ["run_deployment"]


@dataclass
class DeploymentAttempt:
    """One attempt at a deployment: what its steps learn and share (the image, the
    workspace, the service as it was), apart from the durable row it reports to."""

    session: AsyncSession
    deployment: Deployment
    app: Application
    server: Server
    conn: ServerConnection
    progress: StepProgress
    keyring: Keyring
    settings: Settings
    # The row's settings as the API's models, parsed once (`parse_settings`).
    source: ImageSource | GitSource
    build: Build
    runtime: Runtime
    image: str | None = None
    digest: str | None = None
    commit: str | None = None
    checked_out: git.CheckedOut | None = None
    # The organization's credentials for the image's registry (private images), sent with
    # every call that pulls: digest resolution, and service create/update (Swarm passes
    # them on to the nodes).
    pull: PullCredentials | None = None
    workspace: building.Workspace | None = None
    build_pid: int | None = None
    # The service as it was before this release (None: this release creates it).
    previous_service: dict[str, Any] | None = None
    released: bool = False
    release: service_spec.AppRelease | None = field(default=None, repr=False)


Step = Callable[[DeploymentAttempt], Awaitable[str]]


async def run_deployment(
    session: AsyncSession,
    deployment: Deployment,
    attempt_number: int,
    *,
    keyring: Keyring,
    connections: ConnectionManager,
    settings: Settings,
    live: LivePublisher | None = None,
    cancel: asyncio.Event | None = None,
) -> None:
    """Run every step; raises RolledBack, DeploymentFailed or DeploymentCancelled.

    `cancel` is set by whoever cancels this task on a user's request, so a cancellation
    can be told apart from a worker shutting down (which must leave the row to a retry).
    """
    source_type = str(deployment.source.get("type", "image"))
    steps = STEPS_BY_SOURCE[source_type]
    progress = StepProgress(session, Deployment, deployment.id, attempt_number, steps, live=live)
    app = await session.get(Application, deployment.application_id)
    server = await session.get(Server, deployment.server_id)
    if app is None or server is None:
        raise DeploymentFailed("the application or its server was deleted")
    attempt: DeploymentAttempt | None = None

    async def undo(step: str) -> BaseException:
        await session.rollback()
        undone = (
            await _undo(attempt, step) if attempt is not None else "nothing had reached the server"
        )
        return DeploymentCancelled(f"cancelled during {step}; {undone}")

    runner = StepRunner(progress, cancel=cancel, on_cancel=undo)
    try:
        source, build, runtime = parse_settings(deployment)
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            attempt = DeploymentAttempt(
                session,
                deployment,
                app,
                server,
                conn,
                progress,
                keyring,
                settings,
                source=source,
                build=build,
                runtime=runtime,
            )
            try:
                await runner.run_all((name, _step(STEP_FUNCTIONS[name], attempt)) for name in steps)
            finally:
                if attempt.workspace is not None:
                    with contextlib.suppress(InfraError):
                        await asyncio.shield(building.remove_workspace(conn, attempt.workspace))
            await _prune_images(attempt)
    except Exception as exc:
        await announce_outcome(session, keyring, deployment, _outcome_of(exc), error_text(exc))
        await runner.failed(exc, outcome=_outcome_of(exc))
        raise
    await DeploymentRepository(session).mark_released(deployment.id, attempt_number)
    await announce_outcome(session, keyring, deployment, DeploymentOutcome.released)
    app.current_deployment_id = deployment.id
    await session.flush()
    await domain_proxy.reapply_after_release(session, keyring, connections, app, server)


def parse_settings(deployment: Deployment) -> tuple[ImageSource | GitSource, Build, Runtime]:
    """The deployment's source, build and runtime (JSON snapshots taken when it was
    queued) as the models the API validated them with, so the steps read typed fields.

    Keys a model does not know are dropped first: a rollback's source keeps the commit it
    released "for the record" (`released_source`), and a row may predate a removed field.
    """
    source_model: type[ImageSource | GitSource] = (
        GitSource if deployment.source.get("type") == "git" else ImageSource
    )
    try:
        return (
            _known(source_model, deployment.source),
            _known(Build, deployment.build),
            _known(Runtime, deployment.runtime),
        )
    except ValidationError as exc:
        raise DeploymentFailed(f"the deployment's stored settings are not valid: {exc}") from exc


M = TypeVar("M", bound=BaseModel)


def _known(model: type[M], row: dict[str, Any]) -> M:
    return model.model_validate({k: v for k, v in row.items() if k in model.model_fields})


def _outcome_of(exc: BaseException) -> DeploymentOutcome:
    if isinstance(exc, DeploymentCancelled):
        return DeploymentOutcome.cancelled
    if isinstance(exc, RolledBack):
        return DeploymentOutcome.rolled_back
    return DeploymentOutcome.failed


def _step(function: Step, attempt: DeploymentAttempt) -> StepCall:
    """A step of the table below, recording what the attempt has learnt so far (image,
    digest, commit) with the step's result."""

    async def call() -> StepResult:
        detail = await function(attempt)
        return StepResult(detail, record=_recorded(attempt))

    return call


def _recorded(attempt: DeploymentAttempt) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if attempt.image is not None:
        values["image"] = attempt.image
        values["image_digest"] = attempt.digest
    if attempt.commit is not None:
        values["commit_sha"] = attempt.commit
    if attempt.checked_out is not None:
        values["commit_subject"] = attempt.checked_out.subject
        values["commit_author_name"] = attempt.checked_out.author_name
        values["commit_author_email"] = attempt.checked_out.author_email
    return values


# ------------------------------------------------------------------------------- steps


async def _step_source(attempt: DeploymentAttempt) -> str:
    attempt.workspace = await building.make_workspace(attempt.conn)
    key = None
    if attempt.app.deploy_key_encrypted:
        key = attempt.keyring.decrypt(
            attempt.app.deploy_key_encrypted, context=deploy_key_context(attempt.app.id)
        )
    assert isinstance(attempt.source, GitSource)
    checked_out = await building.fetch_source(
        attempt.conn,
        attempt.workspace,
        attempt.source,
        deploy_key=key,
        allow_file=attempt.settings.builds.allow_file_repositories,
        timeout=attempt.settings.builds.clone_timeout_seconds,
    )
    attempt.commit = commit = checked_out.commit
    attempt.checked_out = checked_out
    ref = attempt.source.ref
    return f"{ref} at {commit}" if ref and not attempt.source.commit else commit


async def _step_build(attempt: DeploymentAttempt) -> str:
    assert attempt.workspace is not None
    tag = f"berth/{attempt.app.service_name}:{attempt.deployment.id.hex[:12]}"

    async def remember_pid(pid: int) -> None:
        attempt.build_pid = pid

    assert isinstance(attempt.source, GitSource)
    image_id = await building.build_image(
        attempt.conn,
        attempt.workspace,
        attempt.progress,
        source=attempt.source,
        build=attempt.build,
        tag=tag,
        labels={
            service_spec.APP_LABEL: str(attempt.app.id),
            swarm.DEPLOYMENT_LABEL: str(attempt.deployment.id),
            "berth.commit": attempt.commit or "",
        },
        secrets=await build_secrets(attempt.session, attempt.keyring, attempt.app),
        timeout=attempt.settings.builds.build_timeout_seconds,
        on_pid=remember_pid,
        max_context_bytes=attempt.settings.builds.max_context_bytes,
    )
    attempt.build_pid = None
    attempt.image, attempt.digest = image_id, image_id
    registry_id = attempt.build.push_registry_id
    if registry_id is None:
        return f"{tag} ({image_id[:19]})"
    # Pushed, the image is released from the registry by digest, so every node can pull it.
    registry = await get_push_registry(attempt.session, attempt.app.organization_id, registry_id)
    reference = push_reference_for(
        registry, attempt.app.service_name, attempt.deployment.id.hex[:12]
    )
    auth = await registry_auth_for_push(
        attempt.session, attempt.keyring, attempt.app.organization_id, registry.id
    )
    try:
        digest = await attempt.conn.docker.push(
            image_id, reference, auth, timeout=attempt.settings.builds.build_timeout_seconds
        )
    except DockerError as exc:
        raise DeploymentFailed(f"{exc.message} (registry '{registry.name}')") from exc
    attempt.image, attempt.digest = f"{reference}@{digest}", digest
    attempt.pull = PullCredentials(auth, f" (registry '{registry.name}')")
    return f"{tag} ({image_id[:19]}) pushed as {reference}@{digest}"


async def _step_resolve(attempt: DeploymentAttempt) -> str:
    assert isinstance(attempt.source, ImageSource)
    image = attempt.source.image
    if not image.startswith("sha256:"):  # a local build is never pulled
        attempt.pull = await pull_credentials(
            attempt.session, attempt.keyring, attempt.app.organization_id, image
        )
    attempt.image, attempt.digest = await _resolve_image(attempt.conn, image, attempt.pull)
    return attempt.image


async def _step_release(attempt: DeploymentAttempt) -> str:
    assert attempt.image is not None
    app, conn = attempt.app, attempt.conn
    env = await runtime_environment(attempt.session, attempt.keyring, app)
    # Linked databases: their URLs (they win over a same-named variable, which linking
    # refuses anyway) and the environment's private network.
    linked = await linked_release(attempt.session, attempt.keyring, conn.docker, app)
    hostname = hostname_for(app, attempt.server)
    attempt.release = _release_for(
        app, attempt.deployment, attempt.runtime, attempt.image, env | linked.env, hostname
    )
    attempt.release = dataclasses.replace(attempt.release, extra_networks=linked.networks)
    spec = service_spec.service_spec(attempt.release)
    existing = await conn.docker.find_service(app.service_name)
    attempt.previous_service = existing
    auth = attempt.pull.header if attempt.pull else None
    if existing is None:
        await conn.docker.create_service(spec, registry_auth=auth)
    else:
        await conn.docker.update_service(
            existing["ID"], existing["Version"]["Index"], spec, registry_auth=auth
        )
    attempt.released = True
    route = f"http://{hostname}" if hostname else "no route (server has no base domain)"
    return f"{app.service_name} -> {route}"


async def _step_converge(attempt: DeploymentAttempt) -> str:
    assert attempt.release is not None
    return await _converge(attempt.conn, attempt.app.service_name, attempt.release)


STEP_FUNCTIONS: dict[str, Step] = {
    "source": _step_source,
    "build": _step_build,
    "resolve": _step_resolve,
    "release": _step_release,
    "converge": _step_converge,
}


# ------------------------------------------------------------------ cancel and cleanup


async def _undo(attempt: DeploymentAttempt, step: str) -> str:
    """Stop what the cancelled step started on the server; returns what was done."""
    conn = attempt.conn
    try:
        if step == "build" and attempt.build_pid is not None:
            await conn.run(["kill", "-TERM", "--", str(attempt.build_pid)], timeout=15, check=False)
            return f"stopped the build (pid {attempt.build_pid}) on the server"
        if attempt.released:
            service = await conn.docker.find_service(attempt.app.service_name)
            if service is None:
                return "the service is gone"
            if attempt.previous_service is None:
                await conn.docker.remove_service(service["ID"])
                return "removed the service this deployment created"
            await conn.docker.rollback_service(service)
            return "Swarm is rolling the service back to the previous version"
    except InfraError as exc:
        return f"could not undo on the server: {exc}"
    return "nothing had reached the server"


async def _prune_images(attempt: DeploymentAttempt) -> None:
    """Keep the images of the last N released deployments (rollbacks need no rebuild);
    remove older images this application built. Best effort: a failure only logs."""
    if not isinstance(attempt.source, GitSource) or attempt.image is None:
        return
    kept = await DeploymentRepository(attempt.session).released_images(
        attempt.app.id, attempt.settings.builds.retain_images
    )
    kept.add(attempt.image)
    try:
        images = await attempt.conn.docker.list_images(
            labels=[f"{service_spec.APP_LABEL}={attempt.app.id}"], dangling=False
        )
        for image in images:
            if image["Id"] in kept:
                continue
            for tag in image.get("RepoTags") or []:
                with contextlib.suppress(DockerError):  # in use by a container: keep it
                    await attempt.conn.docker.remove_image(tag)
    except InfraError as exc:
        log.warning("image pruning failed", error=str(exc))


def _release_for(
    app: Application,
    deployment: Deployment,
    runtime: Runtime,
    image: str,
    env: dict[str, str],
    hostname: str | None,
) -> service_spec.AppRelease:
    check = runtime.health_check
    health: service_spec.HttpHealthCheck | service_spec.CommandHealthCheck | None = None
    if check:
        kind = (
            partial(service_spec.HttpHealthCheck, path=check.path)
            if check.type == "http"
            else partial(service_spec.CommandHealthCheck, argv=list(check.command or []))
        )
        health = kind(
            interval=check.interval_seconds,
            timeout=check.timeout_seconds,
            retries=check.retries,
            start_period=check.start_period_seconds,
        )
    memory = runtime.memory_limit_mb
    port = runtime.port
    policy = runtime.restart_policy
    return service_spec.AppRelease(
        service_name=app.service_name,
        image=image,
        # Without a port nothing is routed (a worker process); the value is then unused.
        port=port or 80,
        app_id=app.id,
        environment_id=app.environment_id,
        deployment_id=deployment.id,
        routes=[hostname] if hostname and port else [],
        env=env,
        command=runtime.command,
        args=runtime.args,
        replicas=runtime.replicas,
        cpu_limit=runtime.cpu_limit,
        memory_limit_bytes=memory * 2**20 if memory else None,
        health_check=health,
        volumes=[_mount(app, m) for m in runtime.volumes],
        restart_policy=service_spec.RestartPolicy(
            condition=policy.condition,
            max_attempts=policy.max_attempts,
            delay_seconds=policy.delay_seconds,
        ),
        network=traefik.DEFAULT_NETWORK,
    )


def _mount(app: Application, mount: Mount) -> service_spec.Mount:
    if mount.type == "bind":
        return service_spec.BindMount(mount.source, mount.target, mount.read_only)
    # Volume names are per application on the server: an app can't mount another app's
    # data (or the proxy's certificate store) by naming its volume.
    return service_spec.VolumeMount(
        f"{app.service_name}-{mount.source}", mount.target, mount.read_only
    )


async def _resolve_image(
    conn: ServerConnection, image: str, pull: PullCredentials | None = None
) -> tuple[str, str]:
    """Pin the image to its registry digest, so the release is immutable (never `:latest`).
    An image id (`sha256:...`, built on this server) must still be there: rollbacks of
    built versions rely on the retained images."""
    if image.startswith("sha256:"):
        try:
            await conn.docker.inspect_image(image)
        except DockerError as exc:
            raise DeploymentFailed(
                f"image {image[:19]} is no longer on the server (only the last "
                "`builds.retain_images` builds are kept): deploy from the source again"
            ) from exc
        return image, image
    if "@sha256:" in image:
        return image, image.rsplit("@", 1)[1]
    try:
        digest = await conn.docker.registry_digest(
            image, registry_auth=pull.header if pull else None
        )
    except DockerError as exc:
        note = pull.note if pull else ""
        raise DeploymentFailed(
            f"cannot resolve {image} in its registry: {exc.message}{note}"
        ) from exc
    return f"{image}@{digest}", digest


async def _converge(
    conn: ServerConnection, service_name: str, release: service_spec.AppRelease
) -> str:
    """Wait until this deployment's tasks serve, or Swarm rolled it back (see
    `swarm.rollout_state` for how the tasks tell)."""
    # A failed rollout takes the image pull, the health window and the rollback's own
    # monitor window: about twice the monitor, plus slack.
    window = 2 * service_spec.monitor_seconds(release) + CONVERGE_MARGIN_SECONDS
    state = await swarm.wait_for_rollout(
        conn.docker,
        service_name,
        deployment_id=str(release.deployment_id),
        replicas=release.replicas,
        within=window,
    )
    match state.phase:
        case "serving":
            checked = " and healthy" if release.health_check else ""
            return f"{release.replicas} task(s) running{checked}"
        case "stopped":
            return "stopped: no task running"
        case "rolled_back":
            raise RolledBack(
                "the new version failed its health check; the previous version serves "
                f"again ({state.message})"
            )
        case "paused":
            raise DeploymentFailed(f"Swarm paused the update: {state.message}")
        case "gone":
            raise DeploymentFailed(f"service {service_name} disappeared during the deployment")
        case "timed_out":
            raise DeploymentFailed(f"Swarm did not converge within {window:.0f}s")
