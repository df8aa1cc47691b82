from __future__ import annotations

import uuid

from sqlalchemy import func, select

from api.kit.repository import OrgScopedRepository
from api.models import Project


class ProjectRepository(OrgScopedRepository[Project]):
    model = Project

    async def name_taken(
        self, organization_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
    ) -> bool:
        statement = select(func.count()).where(
            Project.organization_id == organization_id, Project.name == name
        )
        if exclude is not None:
            statement = statement.where(Project.id != exclude)
        return bool(await self.session.scalar(statement))
