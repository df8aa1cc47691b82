"""Servers: registration with an SSH key, explicit host-key trust, checks and setup requests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.infra.connections import ConnectionManager
from api.infra.errors import HostKeyMismatch, InfraError
from api.infra.keys import InvalidKey, generate_keypair, parse_private_key
from api.infra.ssh import scan_host_key
from api.kit.context import get_request_id
from api.kit.crypto import Keyring
from api.kit.jobs.durable import register_kind
from api.kit.jobs.queue import enqueue_after_commit
from api.kit.pagination import PaginationParams
from api.kit.principal import Principal
from api.kit.sorting import Sorting
from api.models import HostKeyStatus, JobStatus, Server, ServerKind, ServerSetup, ServerStatus
from api.models.base import utcnow
from api.notifications.announcements import (
    DISK_FLAG,
    DiskThreshold,
    announce_disk_nearly_full,
    announce_server_status,
    with_disk_state,
)
from api.servers.connectivity import (
    connection_target,
    ensure_trusted,
    gather_facts,
    private_key_context,
    problem_for,
)
from api.servers.exceptions import (
    FingerprintMismatch,
    InvalidSSHKey,
    ServerNameTaken,
)
from api.servers.repository import ServerRepository, ServerSetupRepository
from api.servers.schemas import ServerCreate, ServerUpdate

log = structlog.get_logger(__name__)

SERVER_SETUP = register_kind("server_setup.run", ServerSetup)
# Changing any of these points the record at a (possibly) different machine.
_IDENTITY_FIELDS = ("host", "port")
# The proxy's settings: null in a PATCH resets them to the control plane's default.
_RESETTABLE = ("proxy_image", "acme_directory_url", "acme_ca_bundle")


class ServerService:
    async def list(
        self, session: AsyncSession, access: Access, pagination: PaginationParams, sorting: Sorting
    ) -> tuple[Sequence[Server], int]:
        return await ServerRepository(session).paginate_readable(
            access.principal, pagination, sorting, Server.organization_id == access.organization_id
        )

    async def create(
        self, session: AsyncSession, access: Access, keyring: Keyring, body: ServerCreate
    ) -> Server:
        repo = ServerRepository(session)
        if await repo.name_taken(access.organization_id, body.name):
            raise ServerNameTaken(f"a server named '{body.name}' already exists")
        server = Server(
            id=uuid.uuid4(),
            organization_id=access.organization_id,
            name=body.name,
            kind=ServerKind.ssh,
            host=body.host,
            port=body.port,
            username=body.username,
            advertise_addr=body.advertise_addr,
            base_domain=body.base_domain,
            proxy_image=body.proxy_image,
            acme_directory_url=str(body.acme_directory_url) if body.acme_directory_url else None,
            acme_ca_bundle=body.acme_ca_bundle,
        )
        self._set_key(server, keyring, body.private_key)
        await repo.add(server)
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="server.create",
            target_type="server",
            target_id=server.id,
            data={
                "name": server.name,
                "host": server.host,
                "port": server.port,
                "username": server.username,
                "key": "uploaded" if body.private_key else "generated",
            },
        )
        return server

    async def register_local(
        self, session: AsyncSession, organization_id: uuid.UUID, name: str = "local"
    ) -> Server | None:
        """The control plane's own Docker daemon as a server (bootstrap only, not the API:
        it is root on the control-plane host)."""
        repo = ServerRepository(session)
        if await repo.get_local(organization_id) is not None:
            return None
        server = await repo.add(
            Server(
                organization_id=organization_id,
                name=name,
                kind=ServerKind.local,
                host="localhost",
                port=0,
                username="",
            )
        )
        await audit.record(
            session,
            None,
            organization_id=organization_id,
            action="server.create",
            target_type="server",
            target_id=server.id,
            data={"name": name, "kind": "local"},
        )
        return server

    async def update(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        server: Server,
        body: ServerUpdate,
    ) -> Server:
        changes = body.model_dump(exclude_unset=True, exclude_none=True)
        # For the proxy's settings an explicit null means "back to the default".
        for field in _RESETTABLE:
            if field in body.model_fields_set and getattr(body, field) is None:
                changes[field] = None
        if not changes:
            return server
        if "name" in changes and await ServerRepository(session).name_taken(
            server.organization_id, changes["name"], exclude=server.id
        ):
            raise ServerNameTaken(f"a server named '{changes['name']}' already exists")
        if server.kind is ServerKind.local and set(changes) - {"name", "base_domain", *_RESETTABLE}:
            raise InvalidSSHKey("a local server has no SSH settings to change")
        private_key = changes.pop("private_key", None)
        if changes.get("acme_directory_url") is not None:
            changes["acme_directory_url"] = str(changes["acme_directory_url"])
        if any(f in changes and changes[f] != getattr(server, f) for f in _IDENTITY_FIELDS):
            # Another address may be another machine: trust must be re-established.
            self._forget_host_key(server)
        for field, value in changes.items():
            setattr(server, field, value)
        if private_key is not None:
            self._set_key(server, keyring, private_key)
        await session.flush()
        audited = dict(changes)
        if private_key is not None:
            audited["private_key"] = "replaced"
        await audit.record(
            session,
            access.principal,
            organization_id=server.organization_id,
            action="server.update",
            target_type="server",
            target_id=server.id,
            data=audited,
        )
        return server

    async def delete(self, session: AsyncSession, access: Access, server: Server) -> None:
        await ServerRepository(session).delete(server)
        await audit.record(
            session,
            access.principal,
            organization_id=server.organization_id,
            action="server.delete",
            target_type="server",
            target_id=server.id,
            data={"name": server.name},
        )

    async def scan_host_key(self, session: AsyncSession, access: Access, server: Server) -> Server:
        """Record the key the server presents; trusting it is a separate, explicit step."""
        if server.kind is ServerKind.local:
            return server
        try:
            scanned = await scan_host_key(server.host, server.port)
        except InfraError as exc:
            raise problem_for(server, exc) from exc
        if (
            server.host_key_status is HostKeyStatus.trusted
            and scanned.public_key == server.host_key
        ):
            server.pending_host_key = server.pending_host_key_fingerprint = None
        else:
            server.pending_host_key = scanned.public_key
            server.pending_host_key_fingerprint = scanned.fingerprint
            if server.host_key_status is HostKeyStatus.trusted:
                server.host_key_status = HostKeyStatus.changed
            elif server.host_key_status is HostKeyStatus.unknown:
                server.host_key_status = HostKeyStatus.pending
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=server.organization_id,
            action="server.host_key.scan",
            target_type="server",
            target_id=server.id,
            data={"fingerprint": scanned.fingerprint, "status": str(server.host_key_status)},
        )
        return server

    async def confirm_host_key(
        self, session: AsyncSession, access: Access, server: Server, fingerprint: str
    ) -> Server:
        if server.pending_host_key is None or server.pending_host_key_fingerprint != fingerprint:
            raise FingerprintMismatch(
                f"{fingerprint} is not the fingerprint of the last scanned key "
                f"({server.pending_host_key_fingerprint or 'none: scan first'})"
            )
        previous = server.host_key_fingerprint
        server.host_key = server.pending_host_key
        server.host_key_fingerprint = server.pending_host_key_fingerprint
        server.pending_host_key = server.pending_host_key_fingerprint = None
        server.host_key_status = HostKeyStatus.trusted
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=server.organization_id,
            action="server.host_key.trust",
            target_type="server",
            target_id=server.id,
            data={"fingerprint": fingerprint, "previous": previous},
        )
        return server

    async def check(
        self,
        session: AsyncSession,
        access: Access | None,
        keyring: Keyring,
        connections: ConnectionManager,
        server: Server,
        *,
        raise_problem: bool = True,
        disk: DiskThreshold | None = None,
    ) -> Server:
        """Connect now and refresh status and facts; records reachability changes (and,
        given a `disk` threshold, the disk becoming nearly full)."""
        target = connection_target(server, keyring)
        connections.reset_backoff(server.id)
        error: InfraError | None = None
        facts: dict[str, Any] = {}
        try:
            async with connections.connect(server.id, target) as connection:
                facts = await gather_facts(connection)
        except InfraError as exc:
            error = exc
            if isinstance(exc, HostKeyMismatch):
                server.host_key_status = HostKeyStatus.changed
                server.pending_host_key_fingerprint = exc.actual
                server.pending_host_key = None  # re-scan to record the new key itself
        await self.record_status(
            session, access.principal if access else None, server, facts, error, disk=disk
        )
        if error is not None and raise_problem:
            raise problem_for(server, error) from error
        return server

    async def record_status(
        self,
        session: AsyncSession,
        actor: Principal | None,
        server: Server,
        facts: dict[str, Any],
        error: InfraError | None,
        *,
        disk: DiskThreshold | None = None,
    ) -> None:
        previous = server.status
        server.last_checked_at = utcnow()
        was_full = bool(server.facts.get(DISK_FLAG))
        if error is None:
            server.facts = with_disk_state(
                facts,
                was_full,
                disk.percent if disk else None,
                disk.rearm_points if disk else 0.0,
            )
            status, reason = ServerStatus.reachable, None
        else:
            status, reason = ServerStatus.unreachable, str(error)[:2000]
        # Flush what the check found besides the status (facts, the check time, a changed
        # host key on the object) first: the status below is written by its own conditional
        # statement, and re-reading the row instead would discard these unflushed changes.
        await session.flush()
        applied = await ServerRepository(session).set_status_if(
            server.id, expected=previous, status=status, reason=reason
        )
        # The statement bypassed the object: bring status (ours, or a concurrent check's
        # that won) and updated_at back into it. Everything else is flushed, so nothing is lost.
        await session.refresh(server, attribute_names=["status", "status_reason", "updated_at"])
        if applied and status is not previous:
            await audit.record(
                session,
                actor,
                organization_id=server.organization_id,
                action="server.status.change",
                target_type="server",
                target_id=server.id,
                data={
                    "from": str(previous),
                    "to": str(status),
                    "reason": reason,
                },
            )
            await announce_server_status(session, server, previous, reason)
        if server.facts.get(DISK_FLAG) and not was_full:
            await announce_disk_nearly_full(session, server)

    async def request_setup(
        self, session: AsyncSession, access: Access, server: Server
    ) -> ServerSetup:
        ensure_trusted(server)
        setup = await ServerSetupRepository(session).add(
            ServerSetup(
                organization_id=server.organization_id,
                server_id=server.id,
                requested_by=access.principal.actor_label,
                status=JobStatus.queued,
                request_id=get_request_id(),
                steps=[],
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=server.organization_id,
            action="server.setup.request",
            target_type="server",
            target_id=server.id,
            data={"setup_id": str(setup.id)},
        )
        enqueue_after_commit(
            session, SERVER_SETUP.function, SERVER_SETUP.job_id(setup.id, setup.attempts), setup.id
        )
        return setup

    async def list_setups(
        self,
        session: AsyncSession,
        access: Access,
        server: Server,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[ServerSetup], int]:
        return await ServerSetupRepository(session).paginate_readable(
            access.principal, pagination, sorting, ServerSetup.server_id == server.id
        )

    @staticmethod
    def _set_key(server: Server, keyring: Keyring, private_key: str | None) -> None:
        try:
            pair = (
                parse_private_key(private_key)
                if private_key is not None
                else generate_keypair(f"berth-{server.name}")
            )
        except InvalidKey as exc:
            raise InvalidSSHKey(str(exc)) from exc
        server.private_key_encrypted = keyring.encrypt(
            pair.private_openssh, context=private_key_context(server)
        )
        server.public_key = pair.public_openssh

    @staticmethod
    def _forget_host_key(server: Server) -> None:
        server.host_key = server.host_key_fingerprint = None
        server.pending_host_key = server.pending_host_key_fingerprint = None
        server.host_key_status = HostKeyStatus.unknown
        server.is_set_up = False


server_service = ServerService()
