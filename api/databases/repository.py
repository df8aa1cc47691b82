from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from api.kit.repository import OrgScopedRepository
from api.models import (
    Database,
    DatabaseLink,
    DatabaseOperation,
    JobStatus,
)


class DatabaseRepository(OrgScopedRepository[Database]):
    model = Database
    name_scope = "environment_id"

    async def port_taken(
        self, server_id: uuid.UUID, port: int, exclude: uuid.UUID | None = None
    ) -> Database | None:
        statement = select(Database).where(
            Database.server_id == server_id, Database.external_port == port
        )
        if exclude is not None:
            statement = statement.where(Database.id != exclude)
        return await self.get_one_or_none(statement.limit(1))

    async def ever_released(self, database: Database) -> bool:
        """Did any operation reach a worker (and so maybe the server)?"""
        started = await self.session.scalar(
            select(DatabaseOperation.id)
            .where(
                DatabaseOperation.database_id == database.id,
                DatabaseOperation.started_at.is_not(None),
            )
            .limit(1)
        )
        return started is not None or database.image_digest is not None


class DatabaseOperationRepository(OrgScopedRepository[DatabaseOperation]):
    model = DatabaseOperation

    async def queued_count(self, database_id: uuid.UUID) -> int:
        """Operations not started yet: one of them will still read the latest settings."""
        return int(
            await self.session.scalar(
                select(func.count()).where(
                    DatabaseOperation.database_id == database_id,
                    DatabaseOperation.status == JobStatus.queued,
                )
            )
            or 0
        )


class DatabaseLinkRepository(OrgScopedRepository[DatabaseLink]):
    model = DatabaseLink

    async def of_application(self, application_id: uuid.UUID) -> Sequence[DatabaseLink]:
        return await self.get_all(
            select(DatabaseLink)
            .where(DatabaseLink.application_id == application_id)
            .order_by(DatabaseLink.variable)
        )

    async def of_database(self, database_id: uuid.UUID) -> Sequence[DatabaseLink]:
        return await self.get_all(
            select(DatabaseLink).where(DatabaseLink.database_id == database_id)
        )

    async def variable_taken(self, application_id: uuid.UUID, variable: str) -> bool:
        found = await self.session.scalar(
            select(func.count()).where(
                DatabaseLink.application_id == application_id, DatabaseLink.variable == variable
            )
        )
        return bool(found)
