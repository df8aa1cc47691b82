from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.environments.exceptions import EnvironmentNotFound
from api.environments.repository import EnvironmentRepository
from api.kit.crypto import Keyring
from api.kit.dependencies import SessionDep
from api.models import Environment


def _environment_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        environment_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Environment]:
        return await load_scoped(
            EnvironmentRepository(session),
            principal,
            environment_id,
            permission,
            EnvironmentNotFound(f"environment {environment_id} not found"),
        )

    return load


async def _keyring(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


EnvironmentRead = Annotated[Scoped[Environment], Depends(_environment_loader(Permission.read))]
EnvironmentWrite = Annotated[Scoped[Environment], Depends(_environment_loader(Permission.write))]
# Revealing secrets (a variables export) is an admin act, like reading the audit log.
EnvironmentAdmin = Annotated[Scoped[Environment], Depends(_environment_loader(Permission.admin))]
KeyringDep = Annotated[Keyring, Depends(_keyring)]
