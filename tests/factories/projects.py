from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Environment, Organization, Project


async def create_project(session: AsyncSession, org: Organization, name: str = "") -> Project:
    project = Project(organization_id=org.id, name=name or f"p-{uuid.uuid4().hex[:8]}")
    session.add(project)
    await session.flush()
    return project


async def create_environment(
    session: AsyncSession, project: Project, name: str = "production"
) -> Environment:
    environment = Environment(
        project_id=project.id, organization_id=project.organization_id, name=name
    )
    session.add(environment)
    await session.flush()
    return environment
