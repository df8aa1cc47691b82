"""One deployment, end to end: resolve the image, release it, wait for Swarm to converge.

Source → (build, later) → release are steps of one flow whatever the source type; a new
source type adds a resolver, not a copy of the flow. The release is a start-first,
health-gated Swarm update with automatic rollback, so a failing version never replaces a
serving one.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.service import hostname_for
from api.domains import proxy as domain_proxy
from api.environments.service import variable_context
from api.infra import app_service, traefik
from api.infra.connections import ConnectionManager, ServerConnection
from api.infra.errors import DockerError
from api.kit.crypto import Keyring
from api.kit.progress import StepProgress
from api.kit.settings import Settings
from api.models import (
    Application,
    Deployment,
    DeploymentOutcome,
    EnvironmentVariable,
    Server,
)
from api.servers.connectivity import connection_target

log = structlog.get_logger("berth.deploy")

STEPS = ("resolve", "release", "converge")
# Upper bound on waiting for Swarm, on top of the health-check monitor window.
CONVERGE_MARGIN_SECONDS = 120


class DeploymentFailed(Exception):
    """The release could not happen; the message says why (shown to the user)."""


class RolledBack(Exception):
    """The new version failed its health checks; Swarm restored the previous one."""


async def run_deployment(
    session: AsyncSession,
    deployment: Deployment,
    attempt: int,
    *,
    keyring: Keyring,
    connections: ConnectionManager,
    settings: Settings,
) -> None:
    progress = StepProgress(session, Deployment, deployment.id, attempt, STEPS)
    app = await session.get(Application, deployment.application_id)
    server = await session.get(Server, deployment.server_id)
    if app is None or server is None:
        raise DeploymentFailed("the application or its server was deleted")
    env = await _environment_variables(session, app, keyring)
    current = "resolve"
    try:
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            await progress.step("resolve", "running")
            image, digest = await _resolve_image(conn, deployment.source["image"])
            await progress.step("resolve", "done", image, image=image, image_digest=digest)

            current = "release"
            await progress.step("release", "running")
            hostname = hostname_for(app, server)
            release = _release_for(app, deployment, image, env, hostname)
            spec = app_service.service_spec(release)
            existing = await conn.docker.find_one("services", app.service_name)
            if existing is None:
                await conn.docker.create("services", spec)
            else:
                await conn.docker.update_service(existing["ID"], existing["Version"]["Index"], spec)
            route = f"http://{hostname}" if hostname else "no route (server has no base domain)"
            await progress.step("release", "done", f"{app.service_name} -> {route}")

            current = "converge"
            await progress.step("converge", "running")
            detail = await _converge(conn, app.service_name, release)
            await progress.step("converge", "done", detail)
    except RolledBack as exc:
        await progress.step(current, "failed", str(exc), outcome=DeploymentOutcome.rolled_back)
        raise
    except Exception as exc:
        await progress.step(current, "failed", str(exc)[:1000], outcome=DeploymentOutcome.failed)
        raise
    await session.execute(
        update(Deployment)
        .where(Deployment.id == deployment.id, Deployment.attempts == attempt)
        .values(outcome=DeploymentOutcome.released)
    )
    app.current_deployment_id = deployment.id
    await session.flush()
    await domain_proxy.reapply_after_release(session, keyring, connections, app, server)


def _release_for(
    app: Application,
    deployment: Deployment,
    image: str,
    env: dict[str, str],
    hostname: str | None,
) -> app_service.AppRelease:
    runtime = deployment.runtime
    check = runtime.get("health_check")
    health: app_service.HttpHealthCheck | app_service.CommandHealthCheck | None = None
    if check:
        timings = {
            "interval": check["interval_seconds"],
            "timeout": check["timeout_seconds"],
            "retries": check["retries"],
            "start_period": check["start_period_seconds"],
        }
        if check["type"] == "http":
            health = app_service.HttpHealthCheck(path=check["path"], **timings)
        else:
            health = app_service.CommandHealthCheck(argv=list(check["command"]), **timings)
    memory = runtime.get("memory_limit_mb")
    port = runtime.get("port")
    return app_service.AppRelease(
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
        network=traefik.DEFAULT_NETWORK,
    )


async def _environment_variables(
    session: AsyncSession, app: Application, keyring: Keyring
) -> dict[str, str]:
    rows = (
        await session.scalars(
            select(EnvironmentVariable).where(
                EnvironmentVariable.environment_id == app.environment_id
            )
        )
    ).all()

    return {
        row.key: keyring.decrypt(
            row.value_encrypted, context=variable_context(app.environment_id, row.key)
        )
        for row in rows
    }


async def _resolve_image(conn: ServerConnection, image: str) -> tuple[str, str]:
    """Pin the image to its registry digest, so the release is immutable (never `:latest`)."""
    if "@sha256:" in image:
        return image, image.rsplit("@", 1)[1]
    try:
        descriptor = await conn.docker.request(
            "GET", f"distribution/{urllib.parse.quote(image, safe='/:@')}/json", timeout=60
        )
    except DockerError as exc:
        raise DeploymentFailed(f"cannot resolve {image} in its registry: {exc.message}") from exc
    digest = str(descriptor["Descriptor"]["digest"])
    return f"{image}@{digest}", digest


async def _converge(
    conn: ServerConnection, service_name: str, release: app_service.AppRelease
) -> str:
    """Wait until this deployment's tasks serve, or Swarm rolled it back.

    "Serving" is judged by the tasks, not by how the service got there: Swarm reports a
    task `running` only once its health check passed, and each task carries the id of the
    deployment that started it. So a retried attempt (the worker died mid-way, the update
    was already applied or is identical) converges exactly like a first one.
    """
    # A failed rollout takes the image pull, the health window and the rollback's own
    # monitor window: about twice the monitor, plus slack.
    window = 2 * app_service.monitor_seconds(release) + CONVERGE_MARGIN_SECONDS
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
        if deployment_id is None or labels.get(app_service.DEPLOYMENT_LABEL) == deployment_id:
            count += 1
    return count
