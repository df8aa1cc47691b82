from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import Project
from api.projects.exceptions import ProjectNameTaken
from api.projects.repository import ProjectRepository
from api.projects.schemas import ProjectCreate, ProjectUpdate


class ProjectService:
    async def list(
        self, session: AsyncSession, access: Access, pagination: PaginationParams, sorting: Sorting
    ) -> tuple[Sequence[Project], int]:
        return await ProjectRepository(session).paginate_readable(
            access.principal, pagination, sorting, Project.organization_id == access.organization_id
        )

    async def create(self, session: AsyncSession, access: Access, body: ProjectCreate) -> Project:
        """The project alone: its first environments are `environments.flows.create_project`."""
        repo = ProjectRepository(session)
        if await repo.name_taken(access.organization_id, body.name):
            raise ProjectNameTaken(f"a project named '{body.name}' already exists")
        project = await repo.add(
            Project(
                organization_id=access.organization_id, name=body.name, description=body.description
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="project.create",
            target_type="project",
            target_id=project.id,
            data={"name": body.name},
        )
        return project

    async def update(
        self, session: AsyncSession, access: Access, project: Project, body: ProjectUpdate
    ) -> Project:
        changes = body.model_dump(exclude_unset=True, exclude_none=True)
        if not changes:  # nothing to change, nothing to audit
            return project
        if "name" in changes and await ProjectRepository(session).name_taken(
            project.organization_id, changes["name"], exclude=project.id
        ):
            raise ProjectNameTaken(f"a project named '{changes['name']}' already exists")
        for field, value in changes.items():
            setattr(project, field, value)
        # Flush now so the response carries the new updated_at (set by onupdate at flush).
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=project.organization_id,
            action="project.update",
            target_type="project",
            target_id=project.id,
            data=changes,
        )
        return project

    async def delete(self, session: AsyncSession, access: Access, project: Project) -> None:
        await ProjectRepository(session).delete(project)
        await audit.record(
            session,
            access.principal,
            organization_id=project.organization_id,
            action="project.delete",
            target_type="project",
            target_id=project.id,
            data={"name": project.name},
        )


project_service = ProjectService()
