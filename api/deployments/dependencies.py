from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.deployments.exceptions import DeploymentNotFound
from api.deployments.repository import DeploymentRepository
from api.kit.dependencies import SessionDep
from api.models import Deployment


@requires(Permission.read)
async def _load(
    deployment_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Scoped[Deployment]:
    return await load_scoped(
        DeploymentRepository(session),
        principal,
        deployment_id,
        Permission.read,
        DeploymentNotFound(f"deployment {deployment_id} not found"),
    )


DeploymentRead = Annotated[Scoped[Deployment], Depends(_load)]
