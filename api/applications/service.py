"""Applications: what to run (source), how (runtime) and where (server)."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import AsyncGenerator, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.exceptions import (
    ApplicationNameTaken,
    FileRepositoriesDisabled,
    HostnameTaken,
    InvalidDeployKey,
    ServerNotInOrganization,
    UnknownPushRegistry,
)
from api.applications.naming import deploy_key_context, hostname_for, service_name_for
from api.applications.repository import ApplicationRepository
from api.applications.schemas import ApplicationCreate, ApplicationUpdate, DeployKeyCreate
from api.audit.service import audit
from api.auth.exceptions import PermissionDenied
from api.auth.permissions import Access, Permission
from api.infra.connections import ConnectionManager, ServerConnection
from api.infra.errors import DockerError, InfraError
from api.infra.keys import InvalidKey, generate_keypair, parse_private_key
from api.infra.proxy_files import remove_proxy_document
from api.kit.crypto import Keyring
from api.kit.errors import BerthError
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import Application, Environment, Server
from api.registries.auth import get_push_registry
from api.registries.exceptions import RegistryNotFound
from api.servers.connectivity import connection_target, problem_for
from api.servers.repository import ServerRepository

# (stream, RFC 3339 timestamp or None, message)
LogEntry = tuple[str, str | None, str]


def check_source_allowed(source: dict[str, object], *, allow_file: bool) -> None:
    """file:// reads the server's own disk: only where the operator enabled it."""
    repository = source.get("repository")
    if isinstance(repository, str) and repository.lower().startswith("file:") and not allow_file:
        raise FileRepositoriesDisabled(
            "file:// repositories are disabled on this Berth installation "
            "(BERTH_BUILDS__ALLOW_FILE_REPOSITORIES)"
        )


def check_mounts_allowed(access: Access, runtime: dict[str, Any]) -> None:
    """A host path in a container reaches the server's disk: administrators only."""
    binds = [m for m in runtime.get("volumes") or [] if m.get("type") == "bind"]
    if binds and not access.allows(Permission.admin):
        raise PermissionDenied(
            f"bind mounts ({binds[0]['source']}) need the admin role; use a named volume"
        )


class ApplicationService:
    async def list(
        self,
        session: AsyncSession,
        access: Access,
        environment: Environment,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[Application], int]:
        return await ApplicationRepository(session).paginate_readable(
            access.principal, pagination, sorting, Application.environment_id == environment.id
        )

    async def create(
        self,
        session: AsyncSession,
        access: Access,
        environment: Environment,
        body: ApplicationCreate,
        *,
        allow_file_repositories: bool,
    ) -> Application:
        repo = ApplicationRepository(session)
        source = body.source.model_dump(mode="json")
        check_source_allowed(source, allow_file=allow_file_repositories)
        check_mounts_allowed(access, body.runtime.model_dump(mode="json"))
        await _check_push_registry(
            session, environment.organization_id, body.build.push_registry_id
        )
        if await repo.name_taken(environment.id, body.name):
            raise ApplicationNameTaken(f"environment already has an application '{body.name}'")
        server = await self._server_of_organization(session, access, body.server_id)
        await _check_hostname_free(repo, server, body.name)
        app_id = uuid.uuid4()
        app = await repo.add(
            Application(
                id=app_id,
                organization_id=environment.organization_id,
                environment_id=environment.id,
                server_id=body.server_id,
                name=body.name,
                source=source,
                build=body.build.model_dump(mode="json"),
                runtime=body.runtime.model_dump(mode="json"),
                service_name=service_name_for(body.name, app_id),
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.create",
            target_type="application",
            target_id=app.id,
            data={"name": app.name, "server_id": str(app.server_id), "source": app.source},
        )
        return app

    async def update(
        self,
        session: AsyncSession,
        access: Access,
        app: Application,
        body: ApplicationUpdate,
        *,
        allow_file_repositories: bool,
    ) -> Application:
        changes = body.model_dump(mode="json", exclude_unset=True, exclude_none=True)
        # Source, build and runtime are whole documents: a PATCH replaces each one given,
        # with its defaults filled in (`exclude_unset` above would drop them, and a release
        # would then miss e.g. the health check's path).
        for document in ("source", "build", "runtime"):
            if document in changes:
                changes[document] = getattr(body, document).model_dump(mode="json")
        if not changes:
            return app
        if "source" in changes:
            check_source_allowed(changes["source"], allow_file=allow_file_repositories)
        if "runtime" in changes:
            check_mounts_allowed(access, changes["runtime"])
        if body.build is not None:
            await _check_push_registry(session, app.organization_id, body.build.push_registry_id)
        if "name" in changes and await ApplicationRepository(session).name_taken(
            app.environment_id, changes["name"], exclude=app.id
        ):
            raise ApplicationNameTaken(
                f"environment already has an application '{changes['name']}'"
            )
        if "name" in changes:
            server = await self.server_of(session, app)
            if server is not None:
                await _check_hostname_free(
                    ApplicationRepository(session), server, changes["name"], exclude=app.id
                )
        for field, value in changes.items():
            setattr(app, field, value)
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.update",
            target_type="application",
            target_id=app.id,
            data=changes,
        )
        return app

    async def delete(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        connections: ConnectionManager,
        app: Application,
        *,
        force: bool,
    ) -> None:
        """Remove the app's Swarm service from its server, then forget the app. An
        unreachable server fails the request (nothing is forgotten) unless `force`."""
        server = await self.server_of(session, app)
        removed = "no server"
        if server is not None and not await ApplicationRepository(session).ever_started(app):
            removed = "never deployed"
        elif server is not None:
            try:
                async with connections.connect(
                    server.id, connection_target(server, keyring)
                ) as conn:
                    removed = await _remove_service(conn, app.service_name)
            except InfraError as exc:
                if not force:
                    raise problem_for(server, exc) from exc
                removed = f"left on the server ({exc})"
            except BerthError as exc:  # e.g. the host key is not trusted (any more)
                if not force:
                    raise
                removed = f"left on the server ({exc.detail})"
        await ApplicationRepository(session).delete(app)
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.delete",
            target_type="application",
            target_id=app.id,
            data={"name": app.name, "service": removed},
        )

    async def set_deploy_key(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        app: Application,
        body: DeployKeyCreate,
    ) -> Application:
        """Upload or generate the read-only key used to clone private repositories."""
        try:
            pair = (
                parse_private_key(body.private_key)
                if body.private_key is not None
                else generate_keypair(f"berth-deploy-{app.name}")
            )
        except InvalidKey as exc:
            raise InvalidDeployKey(str(exc)) from exc
        app.deploy_key_encrypted = keyring.encrypt(
            pair.private_openssh, context=deploy_key_context(app.id)
        )
        app.deploy_key_fingerprint = pair.fingerprint
        app.deploy_key_public = pair.public_openssh
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.deploy_key.set",
            target_type="application",
            target_id=app.id,
            data={
                "fingerprint": pair.fingerprint,
                "key": "uploaded" if body.private_key is not None else "generated",
            },
        )
        return app

    async def delete_deploy_key(
        self, session: AsyncSession, access: Access, app: Application
    ) -> Application:
        app.deploy_key_encrypted = app.deploy_key_fingerprint = app.deploy_key_public = None
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.deploy_key.delete",
            target_type="application",
            target_id=app.id,
        )
        return app

    async def runtime_logs(
        self,
        session: AsyncSession,
        keyring: Keyring,
        connections: ConnectionManager,
        app: Application,
        *,
        tail: int,
        since: int | None,
    ) -> builtins.list[LogEntry]:
        """Recent container output of the app's tasks, read from its server on demand."""
        server = await self.server_of(session, app)
        if server is None:
            return []
        try:
            async with connections.connect(server.id, connection_target(server, keyring)) as conn:
                raw = await conn.docker.service_logs(app.service_name, tail=tail, since=since)
        except DockerError as exc:
            if exc.status == 404:  # never deployed: no service yet, so no logs
                return []
            raise problem_for(server, exc) from exc
        except InfraError as exc:
            raise problem_for(server, exc) from exc
        return [_log_entry(stream, line) for stream, line in raw]

    async def follow_logs(
        self,
        keyring: Keyring,
        connections: ConnectionManager,
        app: Application,
        server: Server,
        *,
        tail: int,
        since: int | None,
    ) -> AsyncGenerator[LogEntry]:
        """Recent lines, then new ones as the app's tasks write them (until the client
        goes away). Errors end the stream with an `error` entry (stream "berth")."""
        try:
            async with connections.stream(server.id, connection_target(server, keyring)) as conn:
                async for stream, line in conn.docker.follow_service_logs(
                    app.service_name, tail=tail, since=since
                ):
                    yield _log_entry(stream, line)
        except DockerError as exc:
            reason = "not deployed yet" if exc.status == 404 else exc.message
            yield ("berth", None, f"log stream ended: {reason}")
        except (InfraError, BerthError) as exc:
            yield ("berth", None, f"log stream ended: {exc}")

    async def hostnames(
        self, session: AsyncSession, apps: Sequence[Application]
    ) -> dict[uuid.UUID, str | None]:
        """Generated host names for a page of applications, with one query for the servers."""
        server_ids = {a.server_id for a in apps}
        servers = {s.id: s for s in await ServerRepository(session).get_many(server_ids)}
        return {a.id: hostname_for(a, servers.get(a.server_id)) for a in apps}

    async def server_of(self, session: AsyncSession, app: Application) -> Server | None:
        return await ServerRepository(session).get_by_id(app.server_id)

    @staticmethod
    async def _server_of_organization(
        session: AsyncSession, access: Access, server_id: uuid.UUID
    ) -> Server:
        found = await ServerRepository(session).get_readable_with_role(access.principal, server_id)
        if found is None or found[0].organization_id != access.organization_id:
            raise ServerNotInOrganization(
                f"server {server_id} is not a server of this organization"
            )
        return found[0]


async def _check_hostname_free(
    repo: ApplicationRepository, server: Server, name: str, exclude: uuid.UUID | None = None
) -> None:
    if server.base_domain and await repo.named_on_server(server.id, name, exclude):
        raise HostnameTaken(
            f"another application on server '{server.name}' is already named '{name}' and "
            f"answers at {name}.{server.base_domain}; choose another name"
        )


async def _check_push_registry(
    session: AsyncSession, organization_id: uuid.UUID, registry_id: uuid.UUID | None
) -> None:
    if registry_id is None:
        return
    try:
        await get_push_registry(session, organization_id, registry_id)
    except RegistryNotFound as exc:
        raise UnknownPushRegistry(exc.detail) from exc


def _log_entry(stream: str, line: str) -> LogEntry:
    stamp, _, message = line.partition(" ")
    if "T" in stamp and stamp[:4].isdigit():
        return (stream, stamp, message)
    return (stream, None, line)


async def _remove_service(conn: ServerConnection, service_name: str) -> str:
    """The Swarm service, and the app's routes in the proxy (its custom domains and any
    uploaded key): left behind, they would keep answering for a host it no longer owns."""
    await remove_proxy_document(conn.docker, service_name)
    service = await conn.docker.find_service(service_name)
    if service is None:
        return "not deployed"
    try:
        await conn.docker.remove_service(service["ID"])
    except DockerError as exc:
        if exc.status != 404:
            raise
    return "removed"


application_service = ApplicationService()
