from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from api.models import Application, Domain
from api.servers.repository import RoutedDomainRepository


class DomainRepository(RoutedDomainRepository):
    """Every domain query; the ones the proxy documents need live in the servers package."""

    model = Domain

    async def count_for_application(self, application_id: uuid.UUID) -> int:
        statement = select(func.count()).where(Domain.application_id == application_id)
        return int(await self.session.scalar(statement) or 0)

    async def route_taken(
        self, server_id: uuid.UUID, host: str, path_prefix: str, exclude: uuid.UUID | None = None
    ) -> bool:
        """A friendly 409 before the unique constraint (which still settles races)."""
        statement = select(func.count()).where(
            Domain.server_id == server_id, Domain.host == host, Domain.path_prefix == path_prefix
        )
        if exclude is not None:
            statement = statement.where(Domain.id != exclude)
        return bool(await self.session.scalar(statement))

    async def on_server_for_hosts(
        self, server_id: uuid.UUID, path_prefix: str, hosts: set[str]
    ) -> Sequence[Domain]:
        statement = select(Domain).where(
            Domain.server_id == server_id,
            Domain.path_prefix == path_prefix,
            Domain.host.in_(sorted(hosts)),
        )
        return await self.get_all(statement)

    async def lock_application(self, application_id: uuid.UUID) -> None:
        """Serialise domain changes per application: each write sends the app's whole
        document, so two concurrent writers must not interleave their slot swaps."""
        await self.session.execute(
            select(Application.id).where(Application.id == application_id).with_for_update()
        )
