from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.databases.exceptions import DatabaseNotFound, DatabaseOperationNotFound
from api.databases.repository import DatabaseOperationRepository, DatabaseRepository
from api.kit.dependencies import SessionDep
from api.models import Database, DatabaseOperation


def _database_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        database_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Database]:
        return await load_scoped(
            DatabaseRepository(session),
            principal,
            database_id,
            permission,
            DatabaseNotFound(f"database {database_id} not found"),
        )

    return load


DatabaseRead = Annotated[Scoped[Database], Depends(_database_loader(Permission.read))]
DatabaseWrite = Annotated[Scoped[Database], Depends(_database_loader(Permission.write))]
# Start, stop and restart are operations like deploying an application.
DatabaseDeploy = Annotated[Scoped[Database], Depends(_database_loader(Permission.deploy))]


def _operation_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        operation_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[DatabaseOperation]:
        return await load_scoped(
            DatabaseOperationRepository(session),
            principal,
            operation_id,
            permission,
            DatabaseOperationNotFound(f"database operation {operation_id} not found"),
        )

    return load


OperationRead = Annotated[Scoped[DatabaseOperation], Depends(_operation_loader(Permission.read))]
