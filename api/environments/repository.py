from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select

from api.kit.repository import OrgScopedRepository, Repository
from api.models import Environment, EnvironmentVariable


class EnvironmentRepository(OrgScopedRepository[Environment]):
    model = Environment

    async def name_taken(
        self, project_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
    ) -> bool:
        statement = select(func.count()).where(
            Environment.project_id == project_id, Environment.name == name
        )
        if exclude is not None:
            statement = statement.where(Environment.id != exclude)
        return bool(await self.session.scalar(statement))


class VariableRepository(Repository[EnvironmentVariable]):
    model = EnvironmentVariable

    async def list_for(self, environment_id: uuid.UUID) -> Sequence[EnvironmentVariable]:
        return await self.get_all(
            select(EnvironmentVariable)
            .where(EnvironmentVariable.environment_id == environment_id)
            .order_by(EnvironmentVariable.key)
        )

    async def delete_keys(self, environment_id: uuid.UUID, keys: Sequence[str]) -> None:
        await self.session.execute(
            delete(EnvironmentVariable).where(
                EnvironmentVariable.environment_id == environment_id,
                EnvironmentVariable.key.in_(keys),
            )
        )
