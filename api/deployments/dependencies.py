from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.deployments.exceptions import DeploymentNotFound
from api.deployments.repository import DeploymentRepository
from api.kit.dependencies import SessionDep
from api.models import Deployment


def _loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        deployment_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Deployment]:
        return await load_scoped(
            DeploymentRepository(session),
            principal,
            deployment_id,
            permission,
            DeploymentNotFound(f"deployment {deployment_id} not found"),
        )

    return load


DeploymentRead = Annotated[Scoped[Deployment], Depends(_loader(Permission.read))]
DeploymentDeploy = Annotated[Scoped[Deployment], Depends(_loader(Permission.deploy))]
