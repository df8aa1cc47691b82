"""One database operation on its server: resolve -> network -> release -> converge.

Every operation converges the server to the database row's desired state (image, args,
resources, port, running or stopped), so each step is idempotent: a retry after a lost
worker, or an operation whose change another one already applied, ends the same way.

- resolve: pin the image to its registry digest (create and image changes only: a start
  or restart must never pick up what a moving tag points to today), and read the data
  directory from the image's own config the first time.
- network: the environment's private overlay network.
- release: create or update the Swarm service (stop-first, health-gated, rolled back by
  Swarm when the new task never turns healthy).
- converge: wait until the release's task is healthy (or none runs, when stopped).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.databases.exceptions import DatabaseOperationFailed
from api.databases.network import ensure_environment_network
from api.databases.service import credentials_of
from api.infra import database_spec, swarm
from api.infra.connections import ConnectionManager, ServerConnection
from api.infra.errors import DockerError
from api.kit.crypto import Keyring
from api.kit.jobs.progress import StepProgress
from api.kit.jobs.steps import StepResult, StepRunner
from api.models import (
    Database,
    DatabaseAction,
    DatabaseOperation,
    DatabaseStatus,
    DesiredState,
    Server,
)
from api.models.base import utcnow
from api.registries.auth import PullCredentials, pull_credentials
from api.servers.connectivity import connection_target

log = structlog.get_logger("berth.databases")

STEPS = ("resolve", "network", "release", "converge")
# The health window, the monitor, a rollback's own window, plus slack for the image pull.
CONVERGE_SECONDS = database_spec.HEALTH_WINDOW_SECONDS + 2 * database_spec.MONITOR_SECONDS + 120
PULL_TIMEOUT = 900.0


@dataclass
class _Attempt:
    session: AsyncSession
    operation: DatabaseOperation
    database: Database
    conn: ServerConnection
    keyring: Keyring
    pull: PullCredentials | None = None
    previous_digest: str | None = None
    spec_digest: str | None = None


async def run_operation(
    session: AsyncSession,
    operation: DatabaseOperation,
    attempt_number: int,
    *,
    keyring: Keyring,
    connections: ConnectionManager,
) -> None:
    progress = StepProgress(session, DatabaseOperation, operation.id, attempt_number, STEPS)
    database = await session.get(Database, operation.database_id)
    server = await session.get(Server, database.server_id) if database else None
    if database is None or server is None:
        raise DatabaseOperationFailed("the database or its server was deleted")
    runner = StepRunner(progress)
    try:
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            attempt = _Attempt(session, operation, database, conn, keyring)
            await runner.run_all(
                [
                    ("resolve", lambda: _resolve(attempt)),
                    ("network", lambda: _network(attempt)),
                    ("release", lambda: _release(attempt)),
                    ("converge", lambda: _converge(attempt)),
                ]
            )
    except Exception as exc:
        # Before the step is marked failed: that write commits, so the row's status goes
        # with it (the job's own failure is recorded on another session).
        if database.image_digest is None:
            database.status = DatabaseStatus.failed
        if database.status is not DatabaseStatus.healthy:
            database.status_reason = str(exc)[:2000]
        database.status_checked_at = utcnow()
        await runner.failed(exc)
        raise


async def _resolve(attempt: _Attempt) -> StepResult:
    database, conn = attempt.database, attempt.conn
    image = database.image
    attempt.previous_digest = database.image_digest
    pinned = database.image_digest
    needs_pin = pinned is None or pinned.split("@", 1)[0] != image.split("@", 1)[0]
    if attempt.operation.action in (DatabaseAction.create, DatabaseAction.update):
        needs_pin = needs_pin or "@" not in image
    if "@sha256:" in image:
        needs_pin, pinned = False, image
    if needs_pin or database.data_dir is None:
        attempt.pull = await pull_credentials(
            attempt.session, attempt.keyring, database.organization_id, image
        )
    if needs_pin:
        assert attempt.pull is not None
        try:
            digest = await conn.docker.registry_digest(image, registry_auth=attempt.pull.header)
        except DockerError as exc:
            raise DatabaseOperationFailed(
                f"cannot resolve {image} in its registry: {exc.message}{attempt.pull.note}"
            ) from exc
        pinned = f"{image}@{digest}"
    assert pinned is not None
    detail = pinned if needs_pin else f"{pinned} (pinned earlier)"
    if database.data_dir is None:
        # The image's own declarations say where its data lives (PGDATA, VOLUME).
        assert attempt.pull is not None
        try:
            await conn.docker.pull_image(
                pinned, registry_auth=attempt.pull.header, timeout=PULL_TIMEOUT
            )
            config = (await conn.docker.inspect_image(pinned)).get("Config") or {}
        except DockerError as exc:
            raise DatabaseOperationFailed(f"cannot pull {pinned}: {exc.message}") from exc
        database.data_dir = database_spec.data_dir_from_image(database.engine, config)
        detail += f"; data in {database.data_dir}"
    database.image_digest = pinned
    await attempt.session.flush()
    return StepResult(detail, "done" if needs_pin else "skipped")


async def _network(attempt: _Attempt) -> StepResult:
    environment_id = attempt.database.environment_id
    name = database_spec.environment_network(environment_id)
    if not await ensure_environment_network(attempt.session, attempt.conn.docker, environment_id):
        return StepResult(f"network {name} exists", "skipped")
    return StepResult(f"network {name} created")


def release_of(keyring: Keyring, database: Database) -> database_spec.DatabaseRelease:
    assert database.image_digest is not None
    assert database.data_dir is not None
    memory = database.memory_limit_mb
    return database_spec.DatabaseRelease(
        database_id=database.id,
        environment_id=database.environment_id,
        engine=database.engine,
        service_name=database.service_name,
        image=database.image_digest,
        volume=database.volume_name,
        data_dir=database.data_dir,
        credentials=credentials_of(keyring, database),
        args=tuple(database.args),
        running=database.desired_state is DesiredState.running,
        cpu_limit=database.cpu_limit,
        memory_limit_bytes=memory * 2**20 if memory else None,
        external_port=database.external_port,
        force_update=database.restart_count,
    )


async def _release(attempt: _Attempt) -> StepResult:
    database, docker = attempt.database, attempt.conn.docker
    try:
        spec = database_spec.service_spec(release_of(attempt.keyring, database))
    except ValueError as exc:
        raise DatabaseOperationFailed(str(exc)) from exc
    attempt.spec_digest = spec["Labels"][swarm.SPEC_HASH_LABEL]
    auth = attempt.pull.header if attempt.pull else None
    existing = await docker.find_service(database.service_name)
    if existing is None:
        await docker.create_service(spec, registry_auth=auth)
        return StepResult(f"service {database.service_name} created")
    labels = existing.get("Spec", {}).get("Labels") or {}
    if labels.get(swarm.SPEC_HASH_LABEL) == attempt.spec_digest:
        return StepResult("the service is up to date", "skipped")
    await docker.update_service(
        existing["ID"], existing["Version"]["Index"], spec, registry_auth=auth
    )
    return StepResult(f"service {database.service_name} updated")


async def _converge(attempt: _Attempt) -> StepResult:
    database, docker = attempt.database, attempt.conn.docker
    running = database.desired_state is DesiredState.running
    deadline = time.monotonic() + CONVERGE_SECONDS
    state = database_spec.TaskStatus("starting", None, False)
    while time.monotonic() < deadline:
        service = await docker.find_service(database.service_name)
        if service is None:
            raise DatabaseOperationFailed(f"service {database.service_name} disappeared")
        update = (service.get("UpdateStatus") or {}).get("State")
        if update in ("rollback_started", "rollback_completed", "rollback_paused", "paused"):
            message = (service.get("UpdateStatus") or {}).get("Message", "")
            # The server runs the previous version again: the row says so too.
            database.image_digest = attempt.previous_digest
            await _record(attempt, "unhealthy", f"update rolled back: {message}")
            raise DatabaseOperationFailed(
                f"the new version never turned healthy; Swarm restored the previous one "
                f"({update}: {message})"
            )
        tasks = await docker.service_tasks(database.service_name)
        state = database_spec.task_status(tasks, spec_digest=attempt.spec_digest)
        settled = update in (None, "completed")
        if running and settled and state.status == "healthy" and state.current:
            await _record(attempt, "healthy", None)
            return StepResult("healthy")
        if not running and state.status == "stopped":
            await _record(attempt, "stopped", None)
            return StepResult("stopped; the volume keeps the data")
        await _record(attempt, state.status, state.reason)
        await asyncio.sleep(1)
    raise DatabaseOperationFailed(
        f"not {'healthy' if running else 'stopped'} within {CONVERGE_SECONDS}s "
        f"({state.status}: {state.reason})"
    )


async def _record(attempt: _Attempt, status: str, reason: str | None) -> None:
    database = attempt.database
    changed = database.status != status or database.status_reason != reason
    database.status = DatabaseStatus(status)
    database.status_reason = reason
    database.status_checked_at = utcnow()
    if changed:
        # Committed as it happens, like the steps: clients watch `starting` turn healthy.
        await attempt.session.commit()
