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
import time
import urllib.parse
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.service import deploy_key_context, hostname_for
from api.applications.variables import build_secrets, runtime_environment
from api.deployments import building
from api.deployments.building import DeploymentFailed
from api.domains import proxy as domain_proxy
from api.infra import git, service_spec, traefik
from api.infra.connections import ConnectionManager, ServerConnection
from api.infra.errors import DockerError, InfraError
from api.kit.crypto import Keyring
from api.kit.jobs.durable import JobCancelled
from api.kit.jobs.live import LivePublisher
from api.kit.jobs.progress import StepProgress
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
from api.servers.connectivity import connection_target

log = structlog.get_logger("berth.deploy")

STEPS_BY_SOURCE = {
    "git": ("source", "build", "release", "converge"),
    "image": ("resolve", "release", "converge"),
}
# Upper bound on waiting for Swarm, on top of the health-check monitor window.
CONVERGE_MARGIN_SECONDS = 120

__all__ = ["DeploymentCancelled", "DeploymentFailed", "RolledBack", "run_deployment"]


class RolledBack(Exception):
    """The new version failed its health checks; Swarm restored the previous one."""


class DeploymentCancelled(JobCancelled):
    """A user cancelled the deployment; what served before still serves."""


@dataclass
class Run:
    """What the steps of one deployment attempt share."""

    session: AsyncSession
    deployment: Deployment
    app: Application
    server: Server
    conn: ServerConnection
    progress: StepProgress
    keyring: Keyring
    settings: Settings
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


Step = Callable[[Run], Awaitable[str]]


async def run_deployment(
    session: AsyncSession,
    deployment: Deployment,
    attempt: int,
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
    progress = StepProgress(session, Deployment, deployment.id, attempt, steps, live=live)
    app = await session.get(Application, deployment.application_id)
    server = await session.get(Server, deployment.server_id)
    if app is None or server is None:
        raise DeploymentFailed("the application or its server was deleted")
    current = steps[0]
    try:
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            run = Run(session, deployment, app, server, conn, progress, keyring, settings)
            try:
                for current in steps:
                    await progress.step(current, "running")
                    detail = await STEP_FUNCTIONS[current](run)
                    await progress.step(current, "done", detail, **_recorded(run))
            except asyncio.CancelledError:
                if cancel is None or not cancel.is_set():
                    raise
                # We handle this cancellation and go on (undo, record): clear the task's
                # cancelling state, or library timeouts ahead would read it as theirs.
                if (task := asyncio.current_task()) is not None:
                    task.uncancel()
                await progress.quiesce()
                await session.rollback()
                undone = await _undo(run, current)
                raise DeploymentCancelled(f"cancelled during {current}; {undone}") from None
            finally:
                if run.workspace is not None:
                    with contextlib.suppress(InfraError):
                        await asyncio.shield(building.remove_workspace(conn, run.workspace))
            await _prune_images(run)
    except DeploymentCancelled as exc:
        await progress.step(current, "failed", str(exc), outcome=DeploymentOutcome.cancelled)
        raise
    except RolledBack as exc:
        await progress.step(current, "failed", str(exc), outcome=DeploymentOutcome.rolled_back)
        raise
    except Exception as exc:
        await progress.step(current, "failed", str(exc)[:2000], outcome=DeploymentOutcome.failed)
        raise
    await session.execute(
        update(Deployment)
        .where(Deployment.id == deployment.id, Deployment.attempts == attempt)
        .values(outcome=DeploymentOutcome.released)
    )
    app.current_deployment_id = deployment.id
    await session.flush()
    await domain_proxy.reapply_after_release(session, keyring, connections, app, server)


def _recorded(run: Run) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if run.image is not None:
        values["image"] = run.image
        values["image_digest"] = run.digest
    if run.commit is not None:
        values["commit_sha"] = run.commit
    if run.checked_out is not None:
        values["commit_subject"] = run.checked_out.subject
        values["commit_author_name"] = run.checked_out.author_name
        values["commit_author_email"] = run.checked_out.author_email
    return values


# ------------------------------------------------------------------------------- steps


async def _step_source(run: Run) -> str:
    run.workspace = await building.make_workspace(run.conn)
    key = None
    if run.app.deploy_key_encrypted:
        key = run.keyring.decrypt(
            run.app.deploy_key_encrypted, context=deploy_key_context(run.app.id)
        )
    checked_out = await building.fetch_source(
        run.conn,
        run.workspace,
        run.deployment.source,
        deploy_key=key,
        allow_file=run.settings.builds.allow_file_repositories,
        timeout=run.settings.builds.clone_timeout_seconds,
    )
    run.commit = commit = checked_out.commit
    run.checked_out = checked_out
    ref = run.deployment.source.get("ref")
    return f"{ref} at {commit}" if ref and not run.deployment.source.get("commit") else commit


async def _step_build(run: Run) -> str:
    assert run.workspace is not None
    tag = f"berth/{run.app.service_name}:{run.deployment.id.hex[:12]}"

    async def remember_pid(pid: int) -> None:
        run.build_pid = pid

    image_id = await building.build_image(
        run.conn,
        run.workspace,
        run.progress,
        source=run.deployment.source,
        build=run.deployment.build,
        tag=tag,
        labels={
            service_spec.APP_LABEL: str(run.app.id),
            service_spec.DEPLOYMENT_LABEL: str(run.deployment.id),
            "berth.commit": run.commit or "",
        },
        secrets=await build_secrets(run.session, run.keyring, run.app),
        timeout=run.settings.builds.build_timeout_seconds,
        on_pid=remember_pid,
        max_context_bytes=run.settings.builds.max_context_bytes,
    )
    run.build_pid = None
    run.image, run.digest = image_id, image_id
    registry_id = run.deployment.build.get("push_registry_id")
    if not registry_id:
        return f"{tag} ({image_id[:19]})"
    # Pushed, the image is released from the registry by digest, so every node can pull it.
    registry = await get_push_registry(
        run.session, run.app.organization_id, uuid.UUID(str(registry_id))
    )
    reference = push_reference_for(registry, run.app.service_name, run.deployment.id.hex[:12])
    auth = await registry_auth_for_push(
        run.session, run.keyring, run.app.organization_id, registry.id
    )
    try:
        digest = await run.conn.docker.push(
            image_id, reference, auth, timeout=run.settings.builds.build_timeout_seconds
        )
    except DockerError as exc:
        raise DeploymentFailed(f"{exc.message} (registry '{registry.name}')") from exc
    run.image, run.digest = f"{reference}@{digest}", digest
    run.pull = PullCredentials(auth, f" (registry '{registry.name}')")
    return f"{tag} ({image_id[:19]}) pushed as {reference}@{digest}"


async def _step_resolve(run: Run) -> str:
    image = str(run.deployment.source["image"])
    if not image.startswith("sha256:"):  # a local build is never pulled
        run.pull = await pull_credentials(run.session, run.keyring, run.app.organization_id, image)
    run.image, run.digest = await _resolve_image(run.conn, image, run.pull)
    return run.image


async def _step_release(run: Run) -> str:
    assert run.image is not None
    app, conn = run.app, run.conn
    env = await runtime_environment(run.session, run.keyring, app)
    hostname = hostname_for(app, run.server)
    run.release = _release_for(app, run.deployment, run.image, env, hostname)
    spec = service_spec.service_spec(run.release)
    existing = await conn.docker.find_one("services", app.service_name)
    run.previous_service = existing
    auth = run.pull.header if run.pull else None
    if existing is None:
        await conn.docker.create("services", spec, registry_auth=auth)
    else:
        await conn.docker.update_service(
            existing["ID"], existing["Version"]["Index"], spec, registry_auth=auth
        )
    run.released = True
    route = f"http://{hostname}" if hostname else "no route (server has no base domain)"
    return f"{app.service_name} -> {route}"


async def _step_converge(run: Run) -> str:
    assert run.release is not None
    return await _converge(run.conn, run.app.service_name, run.release)


STEP_FUNCTIONS: dict[str, Step] = {
    "source": _step_source,
    "build": _step_build,
    "resolve": _step_resolve,
    "release": _step_release,
    "converge": _step_converge,
}


# ------------------------------------------------------------------ cancel and cleanup


async def _undo(run: Run, step: str) -> str:
    """Stop what the cancelled step started on the server; returns what was done."""
    conn = run.conn
    try:
        if step == "build" and run.build_pid is not None:
            await conn.run(["kill", "-TERM", "--", str(run.build_pid)], timeout=15, check=False)
            return f"stopped the build (pid {run.build_pid}) on the server"
        if run.released:
            service = await conn.docker.find_one("services", run.app.service_name)
            if service is None:
                return "the service is gone"
            if run.previous_service is None:
                await conn.docker.request("DELETE", f"services/{service['ID']}")
                return "removed the service this deployment created"
            await conn.docker.request(
                "POST",
                f"services/{service['ID']}/update",
                params={"version": str(service["Version"]["Index"]), "rollback": "previous"},
                body=service["Spec"],
                timeout=60,
            )
            return "Swarm is rolling the service back to the previous version"
    except InfraError as exc:
        return f"could not undo on the server: {exc}"
    return "nothing had reached the server"


async def _prune_images(run: Run) -> None:
    """Keep the images of the last N released deployments (rollbacks need no rebuild);
    remove older images this application built. Best effort: a failure only logs."""
    if run.deployment.source.get("type") != "git" or run.image is None:
        return
    keep_n = run.settings.builds.retain_images
    kept = set(
        (
            await run.session.scalars(
                select(Deployment.image)
                .where(
                    Deployment.application_id == run.app.id,
                    Deployment.outcome == DeploymentOutcome.released,
                    Deployment.image.is_not(None),
                )
                .order_by(Deployment.created_at.desc())
                .limit(keep_n)
            )
        ).all()
    )
    kept.add(run.image)
    filters = f'{{"label":["{service_spec.APP_LABEL}={run.app.id}"],"dangling":["false"]}}'
    try:
        images = await run.conn.docker.request("GET", "images/json", params={"filters": filters})
        for image in images:
            if image["Id"] in kept:
                continue
            for tag in image.get("RepoTags") or []:
                with contextlib.suppress(DockerError):  # in use by a container: keep it
                    await run.conn.docker.request("DELETE", f"images/{tag}")
    except InfraError as exc:
        log.warning("image pruning failed", error=str(exc))


def _release_for(
    app: Application,
    deployment: Deployment,
    image: str,
    env: dict[str, str],
    hostname: str | None,
) -> service_spec.AppRelease:
    runtime = deployment.runtime
    check = runtime.get("health_check")
    health: service_spec.HttpHealthCheck | service_spec.CommandHealthCheck | None = None
    if check:
        timings = {
            "interval": check["interval_seconds"],
            "timeout": check["timeout_seconds"],
            "retries": check["retries"],
            "start_period": check["start_period_seconds"],
        }
        if check["type"] == "http":
            health = service_spec.HttpHealthCheck(path=check["path"], **timings)
        else:
            health = service_spec.CommandHealthCheck(argv=list(check["command"]), **timings)
    memory = runtime.get("memory_limit_mb")
    port = runtime.get("port")
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
        command=runtime.get("command"),
        args=runtime.get("args"),
        replicas=runtime.get("replicas", 1),
        cpu_limit=runtime.get("cpu_limit"),
        memory_limit_bytes=memory * 2**20 if memory else None,
        health_check=health,
        volumes=[_mount(app, m) for m in runtime.get("volumes") or []],
        restart_policy=service_spec.RestartPolicy(**(runtime.get("restart_policy") or {})),
        network=traefik.DEFAULT_NETWORK,
    )


def _mount(app: Application, mount: dict[str, Any]) -> service_spec.Mount:
    if mount["type"] == "bind":
        return service_spec.BindMount(mount["source"], mount["target"], mount["read_only"])
    # Volume names are per application on the server: an app can't mount another app's
    # data (or the proxy's certificate store) by naming its volume.
    return service_spec.VolumeMount(
        f"{app.service_name}-{mount['source']}", mount["target"], mount["read_only"]
    )


async def _resolve_image(
    conn: ServerConnection, image: str, pull: PullCredentials | None = None
) -> tuple[str, str]:
    """Pin the image to its registry digest, so the release is immutable (never `:latest`).
    An image id (`sha256:...`, built on this server) must still be there: rollbacks of
    built versions rely on the retained images."""
    if image.startswith("sha256:"):
        try:
            await conn.docker.request("GET", f"images/{image}/json")
        except DockerError as exc:
            raise DeploymentFailed(
                f"image {image[:19]} is no longer on the server (only the last "
                "`builds.retain_images` builds are kept): deploy from the source again"
            ) from exc
        return image, image
    if "@sha256:" in image:
        return image, image.rsplit("@", 1)[1]
    try:
        descriptor = await conn.docker.request(
            "GET",
            f"distribution/{urllib.parse.quote(image, safe='/:@')}/json",
            timeout=60,
            registry_auth=pull.header if pull else None,
        )
    except DockerError as exc:
        note = pull.note if pull else ""
        raise DeploymentFailed(
            f"cannot resolve {image} in its registry: {exc.message}{note}"
        ) from exc
    digest = str(descriptor["Descriptor"]["digest"])
    return f"{image}@{digest}", digest


async def _converge(
    conn: ServerConnection, service_name: str, release: service_spec.AppRelease
) -> str:
    """Wait until this deployment's tasks serve, or Swarm rolled it back.

    "Serving" is judged by the tasks, not by how the service got there: Swarm reports a
    task `running` only once its health check passed, and each task carries the id of the
    deployment that started it. So a retried attempt (the worker died mid-way, the update
    was already applied or is identical) converges exactly like a first one.
    """
    # A failed rollout takes the image pull, the health window and the rollback's own
    # monitor window: about twice the monitor, plus slack.
    window = 2 * service_spec.monitor_seconds(release) + CONVERGE_MARGIN_SECONDS
    deadline = time.monotonic() + window
    deployment_id = str(release.deployment_id)
    while time.monotonic() < deadline:
        service = await conn.docker.find_one("services", service_name)
        if service is None:
            raise DeploymentFailed(f"service {service_name} disappeared during the deployment")
        status = service.get("UpdateStatus") or {}
        state = status.get("State")
        if state == "rollback_completed":
            # Report only once the restored version (whatever its replica count) runs again.
            if await _all_wanted_tasks_running(conn, service_name):
                raise RolledBack(
                    "the new version failed its health check; the previous version serves "
                    f"again ({status.get('Message', '')})"
                )
        elif state in ("paused", "rollback_paused"):
            raise DeploymentFailed(f"Swarm paused the update: {status.get('Message', '')}")
        elif release.replicas == 0:
            if await _running_tasks(conn, service_name) == 0:
                return "stopped: no task running"
        elif state in (None, "completed") and (
            await _running_tasks(conn, service_name, deployment_id) >= release.replicas
        ):
            checked = " and healthy" if release.health_check else ""
            return f"{release.replicas} task(s) running{checked}"
        await asyncio.sleep(0.5)
    raise DeploymentFailed(f"Swarm did not converge within {window:.0f}s")


async def _all_wanted_tasks_running(conn: ServerConnection, service_name: str) -> bool:
    tasks = await conn.docker.running_tasks(service_name)
    return all(t.get("Status", {}).get("State") == "running" for t in tasks)


async def _running_tasks(
    conn: ServerConnection, service_name: str, deployment_id: str | None = None
) -> int:
    """Running (hence healthy) tasks, optionally only those this deployment started."""
    count = 0
    for task in await conn.docker.running_tasks(service_name):
        if task.get("Status", {}).get("State") != "running":
            continue
        labels = task.get("Spec", {}).get("ContainerSpec", {}).get("Labels") or {}
        if deployment_id is None or labels.get(service_spec.DEPLOYMENT_LABEL) == deployment_id:
            count += 1
    return count
