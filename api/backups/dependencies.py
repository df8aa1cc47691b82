from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.backups.exceptions import BackupPolicyNotFound
from api.backups.repository import BackupPolicyRepository
from api.kit.dependencies import SessionDep
from api.models import BackupPolicy


def _policy_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        policy_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[BackupPolicy]:
        return await load_scoped(
            BackupPolicyRepository(session),
            principal,
            policy_id,
            permission,
            BackupPolicyNotFound(f"backup policy {policy_id} not found"),
        )

    return load


PolicyRead = Annotated[Scoped[BackupPolicy], Depends(_policy_loader(Permission.read))]
# Members manage their databases' backups; where backups may go (destinations) is the
# admins' call, so a member can only choose among the organization's destinations.
PolicyWrite = Annotated[Scoped[BackupPolicy], Depends(_policy_loader(Permission.write))]
