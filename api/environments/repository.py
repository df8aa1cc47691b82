from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select

from api.kit.repository import OrgScopedRepository, Repository
from api.models import Environment, EnvironmentVariable


class EnvironmentRepository(OrgScopedRepository[Environment]):
    model = Environment
    name_scope = "project_id"


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
