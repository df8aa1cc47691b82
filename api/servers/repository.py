from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select, update

from api.kit.repository import OrgScopedRepository
from api.models import (
    Application,
    Domain,
    HostKeyStatus,
    Server,
    ServerKind,
    ServerSetup,
    ServerStatus,
)


class ServerRepository(OrgScopedRepository[Server]):
    model = Server

    async def list_connectable(self) -> Sequence[Server]:
        """Every server the worker may contact (all organizations): trusted or local."""
        return await self.get_all(
            select(Server).where(
                (Server.kind == ServerKind.local)
                | (Server.host_key_status == HostKeyStatus.trusted)
            )
        )

    async def set_status_if(
        self,
        server_id: uuid.UUID,
        *,
        expected: ServerStatus,
        status: ServerStatus,
        reason: str | None,
    ) -> bool:
        """Record a check's outcome only if the status is still the one it started from.

        Two overlapping checks both start from the same status; the row lock makes the
        second wait for the first's commit, after which its `WHERE` no longer matches, so
        exactly one of them sees its change applied (and audits it). False: someone else
        recorded a status in between; theirs stands.
        """
        changed = await self.session.execute(
            update(Server)
            .where(Server.id == server_id, Server.status == expected)
            .values(status=status, status_reason=reason)
            .returning(Server.id)
            .execution_options(synchronize_session=False)
        )
        return changed.first() is not None

    async def get_local(self, organization_id: uuid.UUID) -> Server | None:
        return await self.get_one_or_none(
            select(Server).where(
                Server.organization_id == organization_id, Server.kind == ServerKind.local
            )
        )


class ServerSetupRepository(OrgScopedRepository[ServerSetup]):
    model = ServerSetup


class RoutedDomainRepository(OrgScopedRepository[Domain]):
    """The domain rows a server's proxy routes, as its documents (servers/proxy.py) read
    them. The domains package writes the rows, through its subclass."""

    model = Domain

    async def for_application(self, application_id: uuid.UUID) -> Sequence[Domain]:
        return await self.get_all(self.for_application_statement(application_id))

    def for_application_statement(self, application_id: uuid.UUID) -> Select[Domain]:
        return (
            select(Domain)
            .where(Domain.application_id == application_id)
            .order_by(Domain.created_at, Domain.id)
        )

    async def applications_on_server(self, server_id: uuid.UUID) -> Sequence[Application]:
        """Applications of a server that have domains (to re-apply after a proxy setup)."""
        statement = (
            select(Application)
            .where(Application.id.in_(select(Domain.application_id)))
            .where(Application.server_id == server_id)
            .order_by(Application.id)
        )
        return (await self.session.execute(statement)).scalars().all()
