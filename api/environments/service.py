from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.environments.exceptions import EnvironmentNameTaken
from api.environments.repository import EnvironmentRepository, variable_context
from api.environments.schemas import EnvironmentCreate, EnvironmentUpdate
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import Environment, Project

# variable_context is re-exported: deployments decrypt environment variables with it.
__all__ = ["EnvironmentService", "environment_service", "variable_context"]


class EnvironmentService:
    async def list(
        self,
        session: AsyncSession,
        access: Access,
        project: Project,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[Environment], int]:
        repo = EnvironmentRepository(session)
        statement = repo.get_readable_statement(access.principal).where(
            Environment.project_id == project.id
        )
        return await repo.paginate(statement, pagination, sorting)

    async def list_of_project(
        self, session: AsyncSession, access: Access, project: Project
    ) -> Sequence[Environment]:
        """Every environment of a project (there are at most a handful), unpaginated."""
        repo = EnvironmentRepository(session)
        statement = repo.get_readable_statement(access.principal).where(
            Environment.project_id == project.id
        )
        return (await session.scalars(statement)).all()

    async def create(
        self, session: AsyncSession, access: Access, project: Project, body: EnvironmentCreate
    ) -> Environment:
        return await self.create_in(session, access, project, body.name, body.description)

    async def create_in(
        self, session: AsyncSession, access: Access, project: Project, name: str, description: str
    ) -> Environment:
        repo = EnvironmentRepository(session)
        if await repo.name_taken(project.id, name):
            raise EnvironmentNameTaken(f"project '{project.name}' already has environment '{name}'")
        environment = await repo.add(
            Environment(
                project_id=project.id,
                organization_id=project.organization_id,
                name=name,
                description=description,
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=project.organization_id,
            action="environment.create",
            target_type="environment",
            target_id=environment.id,
            data={"name": name, "project_id": str(project.id)},
        )
        return environment

    async def update(
        self,
        session: AsyncSession,
        access: Access,
        environment: Environment,
        body: EnvironmentUpdate,
    ) -> Environment:
        changes = body.model_dump(exclude_unset=True, exclude_none=True)
        if not changes:  # nothing to change, nothing to audit
            return environment
        if "name" in changes and await EnvironmentRepository(session).name_taken(
            environment.project_id, changes["name"], exclude=environment.id
        ):
            raise EnvironmentNameTaken(f"this project already has environment '{changes['name']}'")
        for field, value in changes.items():
            setattr(environment, field, value)
        # Flush now so the response carries the new updated_at (set by onupdate at flush).
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=environment.organization_id,
            action="environment.update",
            target_type="environment",
            target_id=environment.id,
            data=changes,
        )
        return environment

    async def delete(self, session: AsyncSession, access: Access, environment: Environment) -> None:
        await EnvironmentRepository(session).delete(environment)
        await audit.record(
            session,
            access.principal,
            organization_id=environment.organization_id,
            action="environment.delete",
            target_type="environment",
            target_id=environment.id,
            data={"name": environment.name},
        )


environment_service = EnvironmentService()
