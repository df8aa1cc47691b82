from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.infra.connections import ConnectionManager
from api.kit.dependencies import SessionDep
from api.models import Server, ServerSetup
from api.servers.exceptions import ServerNotFound, ServerSetupNotFound
from api.servers.repository import ServerRepository, ServerSetupRepository


def _server_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        server_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Server]:
        return await load_scoped(
            ServerRepository(session),
            principal,
            server_id,
            permission,
            ServerNotFound(f"server {server_id} not found"),
        )

    return load


@requires(Permission.read)
async def _load_setup(
    setup_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Scoped[ServerSetup]:
    return await load_scoped(
        ServerSetupRepository(session),
        principal,
        setup_id,
        Permission.read,
        ServerSetupNotFound(f"server setup {setup_id} not found"),
    )


async def _connections(request: Request) -> ConnectionManager:
    manager: ConnectionManager = request.app.state.connections
    return manager


ServerRead = Annotated[Scoped[Server], Depends(_server_loader(Permission.read))]
ServerAdmin = Annotated[Scoped[Server], Depends(_server_loader(Permission.admin))]
SetupRead = Annotated[Scoped[ServerSetup], Depends(_load_setup)]
ConnectionsDep = Annotated[ConnectionManager, Depends(_connections)]
