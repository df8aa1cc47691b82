from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.kit.dependencies import SessionDep
from api.kit.settings import RegistrySettings, Settings
from api.models import Registry
from api.registries.exceptions import RegistryNotFound
from api.registries.repository import RegistryRepository


def _registry_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        registry_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Registry]:
        return await load_scoped(
            RegistryRepository(session),
            principal,
            registry_id,
            permission,
            RegistryNotFound(f"registry {registry_id} not found"),
        )

    return load


async def _registry_settings(request: Request) -> RegistrySettings:
    settings: Settings = request.app.state.settings
    return settings.registries


RegistryRead = Annotated[Scoped[Registry], Depends(_registry_loader(Permission.read))]
# Credentials are infrastructure, like servers: only admins change or use them.
RegistryAdmin = Annotated[Scoped[Registry], Depends(_registry_loader(Permission.admin))]
RegistrySettingsDep = Annotated[RegistrySettings, Depends(_registry_settings)]
