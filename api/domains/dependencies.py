from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.domains.exceptions import DomainNotFound
from api.domains.repository import DomainRepository
from api.kit.dependencies import SessionDep
from api.models import Domain


def _domain_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        domain_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[Domain]:
        return await load_scoped(
            DomainRepository(session),
            principal,
            domain_id,
            permission,
            DomainNotFound(f"domain {domain_id} not found"),
        )

    return load


DomainReadDep = Annotated[Scoped[Domain], Depends(_domain_loader(Permission.read))]
DomainWriteDep = Annotated[Scoped[Domain], Depends(_domain_loader(Permission.write))]
