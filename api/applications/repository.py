from __future__ import annotations

import uuid

from sqlalchemy import func, select

from api.kit.repository import OrgScopedRepository
from api.models import Application


class ApplicationRepository(OrgScopedRepository[Application]):
    model = Application

    async def name_taken(
        self, environment_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
    ) -> bool:
        statement = select(func.count()).where(
            Application.environment_id == environment_id, Application.name == name
        )
        if exclude is not None:
            statement = statement.where(Application.id != exclude)
        return bool(await self.session.scalar(statement))
