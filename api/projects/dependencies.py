from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.kit.dependencies import SessionDep
from api.models import Project
from api.projects.exceptions import ProjectNotFound
from api.projects.repository import ProjectRepository


def _project_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        project_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Project]:
        return await load_scoped(
            ProjectRepository(session),
            principal,
            project_id,
            permission,
            ProjectNotFound(f"project {project_id} not found"),
        )

    return load


ProjectRead = Annotated[Scoped[Project], Depends(_project_loader(Permission.read))]
ProjectWrite = Annotated[Scoped[Project], Depends(_project_loader(Permission.write))]
