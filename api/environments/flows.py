"""Work that spans projects and environments, owned here because environments is the
higher of the two packages (an environment belongs to a project, never the reverse).

`projects` knows nothing of environments; creating a project *with* its first
environments is this package's flow, so the import runs one way only.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.permissions import Access
from api.environments.service import environment_service
from api.models import Environment, Project
from api.projects.schemas import ProjectCreate
from api.projects.service import project_service


async def create_project(
    session: AsyncSession, access: Access, body: ProjectCreate
) -> tuple[Project, list[Environment]]:
    """The project, then each of its initial environments (duplicates named once) in the
    order asked for, in the caller's transaction: a name taken by either fails the whole
    request."""
    project = await project_service.create(session, access, body)
    environments = [
        await environment_service.create_in(session, access, project, name, "")
        for name in dict.fromkeys(body.environments)
    ]
    return project, environments
