from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.destinations.exceptions import DestinationNotFound
from api.destinations.repository import DestinationRepository
from api.kit.dependencies import SessionDep
from api.kit.settings import BackupSettings, Settings
from api.models import Destination


def _destination_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        destination_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Destination]:
        return await load_scoped(
            DestinationRepository(session),
            principal,
            destination_id,
            permission,
            DestinationNotFound(f"destination {destination_id} not found"),
        )

    return load


async def _backup_settings(request: Request) -> BackupSettings:
    settings: Settings = request.app.state.settings
    return settings.backups


DestinationRead = Annotated[Scoped[Destination], Depends(_destination_loader(Permission.read))]
# Storage credentials are infrastructure, like servers and registries: admins only.
DestinationAdmin = Annotated[Scoped[Destination], Depends(_destination_loader(Permission.admin))]
BackupSettingsDep = Annotated[BackupSettings, Depends(_backup_settings)]
