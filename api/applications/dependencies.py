from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.applications.exceptions import ApplicationNotFound
from api.applications.repository import ApplicationRepository
from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.kit.dependencies import SessionDep
from api.models import Application


def _application_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        application_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Application]:
        return await load_scoped(
            ApplicationRepository(session),
            principal,
            application_id,
            permission,
            ApplicationNotFound(f"application {application_id} not found"),
        )

    return load


ApplicationRead = Annotated[Scoped[Application], Depends(_application_loader(Permission.read))]
ApplicationWrite = Annotated[Scoped[Application], Depends(_application_loader(Permission.write))]
# Revealing secrets (a variables export) is an admin act, like reading the audit log.
ApplicationAdmin = Annotated[Scoped[Application], Depends(_application_loader(Permission.admin))]
ApplicationDeploy = Annotated[Scoped[Application], Depends(_application_loader(Permission.deploy))]
