"""Managed databases: the resource, its operations (durable jobs), reveal and links.

The service never talks to the server to create or change a database: it records the
desired state and queues an operation (`database_operation.run`), which the worker's flow
(api.databases.flows) brings to the server. Deleting does talk to the server, as deleting
an application does, so that nothing is forgotten while it still runs there.
"""

from __future__ import annotations

import asyncio
import builtins
import json
import re
import secrets
import string
import time
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.exceptions import ServerNotInOrganization
from api.applications.repository import ApplicationVariables
from api.audit.service import audit
from api.auth.permissions import Access
from api.databases.exceptions import (
    DatabaseBusy,
    DatabaseLinkNotFound,
    DatabaseNameTaken,
    ExternalPortTaken,
    InvalidDatabaseImage,
    LinkNotAllowed,
    LinkVariableTaken,
    MajorVersionChange,
)
from api.databases.repository import (
    DatabaseLinkRepository,
    DatabaseOperationRepository,
    DatabaseRepository,
)
from api.databases.schemas import ConnectionDetails, DatabaseCreate, DatabaseUpdate, LinkCreate
from api.infra import database_spec, swarm
from api.infra.connections import ConnectionManager
from api.infra.docker import DockerClient
from api.infra.errors import DockerError, InfraError
from api.kit.context import get_request_id
from api.kit.crypto import Keyring
from api.kit.errors import BerthError
from api.kit.jobs.durable import register_kind
from api.kit.jobs.queue import enqueue_after_commit
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import (
    Application,
    Database,
    DatabaseAction,
    DatabaseLink,
    DatabaseOperation,
    DesiredState,
    Environment,
    JobStatus,
    Server,
    VariableScope,
)
from api.servers.connectivity import connection_target, problem_for
from api.servers.repository import ServerRepository

DATABASE_OPERATION = register_kind("database_operation.run", DatabaseOperation)
PASSWORD_LENGTH = 32
# Deleting the volume waits for the stopped task's container to let go of it.
VOLUME_RELEASE_SECONDS = 60.0

LogEntry = tuple[str, str | None, str]


def credentials_context(database_id: uuid.UUID) -> str:
    """Binds the credentials' ciphertext to its database: copied elsewhere, it fails."""
    return f"database_credentials:{database_id}"


def generate_password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(PASSWORD_LENGTH))


def identifier_for(name: str) -> str:
    """A database and user name every engine accepts unquoted: `[a-z_][a-z0-9_]*`."""
    ident = re.sub(r"[^a-z0-9_]", "_", name)[:50]
    return ident if ident[:1].isalpha() else f"db_{ident}"


def credentials_of(keyring: Keyring, database: Database) -> database_spec.Credentials:
    stored = json.loads(
        keyring.decrypt(database.credentials_encrypted, context=credentials_context(database.id))
    )
    return database_spec.Credentials(
        database=database.database_name,
        username=database.username,
        password=stored["password"],
        root_password=stored["root_password"],
    )


def internal_url(keyring: Keyring, database: Database) -> str:
    """What a linked application gets: the service name on the environment's network."""
    terms = database_spec.contract(database.engine)
    return terms.url(credentials_of(keyring, database), database.service_name)


def image_for(engine: str, version: str | None, image: str | None) -> str:
    """The image to run; a bad reference is a 422 (the same rule the release applies)."""
    terms = database_spec.contract(engine)
    reference = image or f"{terms.repository}:{version or terms.default_version}"
    try:
        swarm.validate_image(reference, what="database image")
    except ValueError as exc:
        raise InvalidDatabaseImage(str(exc)) from exc
    return reference


def version_of(image: str) -> str | None:
    """The tag of an image reference, or None when it has none (digest only)."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


class DatabaseService:
    async def list(
        self,
        session: AsyncSession,
        access: Access,
        environment: Environment,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[Database], int]:
        return await DatabaseRepository(session).paginate_readable(
            access.principal, pagination, sorting, Database.environment_id == environment.id
        )

    async def list_operations(
        self,
        session: AsyncSession,
        access: Access,
        database: Database,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[DatabaseOperation], int]:
        return await DatabaseOperationRepository(session).paginate_readable(
            access.principal, pagination, sorting, DatabaseOperation.database_id == database.id
        )

    async def create(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        environment: Environment,
        body: DatabaseCreate,
    ) -> Database:
        repo = DatabaseRepository(session)
        if await repo.name_taken(environment.id, body.name):
            raise DatabaseNameTaken(f"environment already has a database '{body.name}'")
        server = await _server_of_organization(session, access, body.server_id)
        if body.external_port is not None:
            await _check_port_free(repo, server, body.external_port)
        image = image_for(body.engine, body.version, body.image)
        database_id = uuid.uuid4()
        ident = identifier_for(body.name)
        secret = {"password": generate_password(), "root_password": generate_password()}
        service_name = f"db-{body.name[:48]}-{database_id.hex[:8]}"
        database = await repo.add(
            Database(
                id=database_id,
                organization_id=environment.organization_id,
                environment_id=environment.id,
                server_id=server.id,
                name=body.name,
                engine=body.engine,
                image=image,
                args=list(body.args),
                cpu_limit=body.resources.cpu_limit,
                memory_limit_mb=body.resources.memory_limit_mb,
                external_port=body.external_port,
                service_name=service_name,
                volume_name=f"{service_name}-data",
                database_name=ident,
                username=ident,
                credentials_encrypted=keyring.encrypt(
                    json.dumps(secret), context=credentials_context(database_id)
                ),
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=database.organization_id,
            action="database.create",
            target_type="database",
            target_id=database.id,
            data={
                "name": database.name,
                "engine": str(database.engine),
                "image": image,
                "server_id": str(server.id),
                "external_port": database.external_port,
            },
        )
        await self._queue(session, access, database, DatabaseAction.create)
        return database

    async def update(
        self, session: AsyncSession, access: Access, database: Database, body: DatabaseUpdate
    ) -> DatabaseOperation | None:
        """Record the change and queue its release; None when nothing changed."""
        changes: dict[str, object] = {}
        if body.version is not None or body.image is not None:
            image = image_for(database.engine, body.version, body.image)
            old, new = version_of(database.image), version_of(image)
            if (
                old is not None
                and new is not None
                and database_spec.major_of(database.engine, old)
                != database_spec.major_of(database.engine, new)
            ):
                raise MajorVersionChange(
                    f"{database.engine} {old} -> {new} changes the major version, whose data "
                    "files the new server cannot open in place: dump this database and "
                    "restore it into a new one of the new version"
                )
            if image != database.image:
                changes["image"] = image
        if body.args is not None and list(body.args) != database.args:
            changes["args"] = list(body.args)
        if body.resources is not None:
            for field in ("cpu_limit", "memory_limit_mb"):
                value = getattr(body.resources, field)
                if value != getattr(database, field):
                    changes[field] = value
        if body.unpublish and database.external_port is not None:
            changes["external_port"] = None
        elif body.external_port is not None and body.external_port != database.external_port:
            server = await ServerRepository(session).get_by_id(database.server_id)
            if server is not None:
                await _check_port_free(
                    DatabaseRepository(session), server, body.external_port, database.id
                )
            changes["external_port"] = body.external_port
        if not changes:
            return None
        for field, value in changes.items():
            setattr(database, field, value)
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=database.organization_id,
            action="database.update",
            target_type="database",
            target_id=database.id,
            data=changes,
        )
        return await self._queue(session, access, database, DatabaseAction.update)

    async def act(
        self, session: AsyncSession, access: Access, database: Database, action: DatabaseAction
    ) -> DatabaseOperation:
        """start, stop or restart: the desired state changes now, the server follows."""
        if action is DatabaseAction.stop:
            database.desired_state = DesiredState.stopped
        elif action is DatabaseAction.start:
            database.desired_state = DesiredState.running
        elif action is DatabaseAction.restart:
            database.desired_state = DesiredState.running
            database.restart_count += 1
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=database.organization_id,
            action=f"database.{action}",
            target_type="database",
            target_id=database.id,
        )
        return await self._queue(session, access, database, action)

    async def _queue(
        self, session: AsyncSession, access: Access, database: Database, action: DatabaseAction
    ) -> DatabaseOperation:
        # Each operation converges the server to the row's desired state, so a second one
        # waiting would only repeat the first: refuse it while one waits.
        repo = DatabaseOperationRepository(session)
        if action is not DatabaseAction.create and await repo.queued_count(database.id):
            raise DatabaseBusy(
                "an operation on this database is already waiting; it will apply this "
                "change too — watch GET …/operations, then try again if needed"
            )
        operation = await repo.add(
            DatabaseOperation(
                organization_id=database.organization_id,
                database_id=database.id,
                action=action,
                requested_by=access.principal.actor_label,
                status=JobStatus.queued,
                request_id=get_request_id(),
                steps=[],
            )
        )
        enqueue_after_commit(
            session,
            DATABASE_OPERATION.function,
            DATABASE_OPERATION.job_id(operation.id, operation.attempts),
            operation.id,
        )
        return operation

    async def reveal(
        self, session: AsyncSession, access: Access, keyring: Keyring, database: Database
    ) -> ConnectionDetails:
        """The connection details, and an audit event saying who saw them."""
        terms = database_spec.contract(database.engine)
        creds = credentials_of(keyring, database)
        server = await ServerRepository(session).get_by_id(database.server_id)
        external = None
        if database.external_port is not None and server is not None:
            external = terms.url(creds, external_host(server), database.external_port)
        await audit.record(
            session,
            access.principal,
            organization_id=database.organization_id,
            action="database.credentials.reveal",
            target_type="database",
            target_id=database.id,
        )
        return ConnectionDetails(
            url=terms.url(creds, database.service_name),
            external_url=external,
            host=database.service_name,
            port=terms.port,
            database=creds.database,
            username=creds.username,
            password=creds.password,
        )

    async def delete(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        connections: ConnectionManager,
        database: Database,
        *,
        delete_volume: bool,
        force: bool,
    ) -> None:
        """Remove the service (and the volume, only when asked), then forget the database.
        An unreachable server fails the request (nothing is forgotten) unless `force`."""
        server = await ServerRepository(session).get_by_id(database.server_id)
        outcome = "never released"
        if server is not None and await DatabaseRepository(session).ever_released(database):
            try:
                async with connections.connect(
                    server.id, connection_target(server, keyring)
                ) as conn:
                    outcome = await _remove_from_server(conn.docker, database, delete_volume)
            except InfraError as exc:
                if not force:
                    raise problem_for(server, exc) from exc
                outcome = f"left on the server ({exc})"
            except BerthError as exc:
                if not force:
                    raise
                outcome = f"left on the server ({exc.detail})"
        await DatabaseRepository(session).delete(database)
        await audit.record(
            session,
            access.principal,
            organization_id=database.organization_id,
            action="database.delete",
            target_type="database",
            target_id=database.id,
            data={"name": database.name, "server": outcome, "delete_volume": delete_volume},
        )

    async def runtime_logs(
        self,
        session: AsyncSession,
        keyring: Keyring,
        connections: ConnectionManager,
        database: Database,
        *,
        tail: int,
        since: int | None,
    ) -> builtins.list[LogEntry]:
        server = await ServerRepository(session).get_by_id(database.server_id)
        if server is None:
            return []
        try:
            async with connections.connect(server.id, connection_target(server, keyring)) as conn:
                raw = await conn.docker.service_logs(database.service_name, tail=tail, since=since)
        except DockerError as exc:
            if exc.status == 404:
                return []
            raise problem_for(server, exc) from exc
        except InfraError as exc:
            raise problem_for(server, exc) from exc
        entries: builtins.list[LogEntry] = []
        for stream, line in raw:
            stamp, _, message = line.partition(" ")
            if "T" in stamp and stamp[:4].isdigit():
                entries.append((stream, stamp, message))
            else:
                entries.append((stream, None, line))
        return entries

    # ------------------------------------------------------------------------ links

    async def link(
        self, session: AsyncSession, access: Access, app: Application, body: LinkCreate
    ) -> DatabaseLink:
        database = await DatabaseRepository(session).get_by_id(body.database_id)
        if database is None or database.organization_id != app.organization_id:
            raise LinkNotAllowed(f"database {body.database_id} is not in this organization")
        if database.environment_id != app.environment_id:
            raise LinkNotAllowed(
                f"database '{database.name}' is in another environment: only a database of "
                "the application's own environment is on its private network"
            )
        if database.server_id != app.server_id:
            raise LinkNotAllowed(
                f"database '{database.name}' runs on another server than the application; "
                "until servers span several nodes, they must share one"
            )
        links = DatabaseLinkRepository(session)
        own = ApplicationVariables(session, app, VariableScope.runtime)
        if await links.variable_taken(app.id, body.variable) or body.variable in {
            v.key for v in await own.list()
        }:
            raise LinkVariableTaken(
                f"the application already has a variable {body.variable}; choose another "
                "name or remove that variable first"
            )
        link = await links.add(
            DatabaseLink(
                organization_id=app.organization_id,
                application_id=app.id,
                database_id=database.id,
                variable=body.variable,
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.link.create",
            target_type="application",
            target_id=app.id,
            data={"database_id": str(database.id), "variable": body.variable},
        )
        return link

    async def unlink(self, session: AsyncSession, access: Access, link: DatabaseLink) -> None:
        await DatabaseLinkRepository(session).delete(link)
        await audit.record(
            session,
            access.principal,
            organization_id=link.organization_id,
            action="application.link.delete",
            target_type="application",
            target_id=link.application_id,
            data={"database_id": str(link.database_id), "variable": link.variable},
        )

    async def links_of(self, session: AsyncSession, app: Application) -> Sequence[DatabaseLink]:
        return await DatabaseLinkRepository(session).of_application(app.id)

    async def link_of(
        self, session: AsyncSession, app: Application, link_id: uuid.UUID
    ) -> DatabaseLink:
        link = await DatabaseLinkRepository(session).get_by_id(link_id)
        if link is None or link.application_id != app.id:
            raise DatabaseLinkNotFound(f"link {link_id} not found on this application")
        return link


def external_host(server: Server) -> str:
    return server.advertise_addr or server.host


def external_address(database: Database, server: Server | None) -> str | None:
    if database.external_port is None or server is None:
        return None
    return f"{external_host(server)}:{database.external_port}"


async def _server_of_organization(
    session: AsyncSession, access: Access, server_id: uuid.UUID
) -> Server:
    found = await ServerRepository(session).get_readable_with_role(access.principal, server_id)
    if found is None or found[0].organization_id != access.organization_id:
        raise ServerNotInOrganization(f"server {server_id} is not a server of this organization")
    return found[0]


async def _check_port_free(
    repo: DatabaseRepository, server: Server, port: int, exclude: uuid.UUID | None = None
) -> None:
    if (other := await repo.port_taken(server.id, port, exclude)) is not None:
        raise ExternalPortTaken(
            f"port {port} of server '{server.name}' is already published by database "
            f"'{other.name}'; choose another port"
        )


async def _remove_from_server(docker: DockerClient, database: Database, delete_volume: bool) -> str:
    service = await docker.find_service(database.service_name)
    removed = "no service"
    if service is not None:
        try:
            await docker.remove_service(service["ID"])
        except DockerError as exc:
            if exc.status != 404:
                raise
        removed = "service removed"
    if not delete_volume:
        return f"{removed}; volume {database.volume_name} kept"
    # The task's container stops (the engine shuts down cleanly) before the volume is free.
    deadline = time.monotonic() + VOLUME_RELEASE_SECONDS
    while True:
        try:
            await docker.remove_volume(database.volume_name)
            return f"{removed}; volume {database.volume_name} deleted"
        except DockerError as exc:
            if exc.status == 404:
                return f"{removed}; no volume"
            if exc.status != 409 or time.monotonic() > deadline:
                raise
        await asyncio.sleep(0.5)


database_service = DatabaseService()
