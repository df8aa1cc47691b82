from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.kit.dependencies import SessionDep
from api.models import ApiToken
from api.tokens.exceptions import TokenNotFound
from api.tokens.repository import TokenRepository


def _token_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        token_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[ApiToken]:
        return await load_scoped(
            TokenRepository(session),
            principal,
            token_id,
            permission,
            TokenNotFound(f"API token {token_id} not found"),
        )

    return load


TokenRead = Annotated[Scoped[ApiToken], Depends(_token_loader(Permission.read))]
TokenWrite = Annotated[Scoped[ApiToken], Depends(_token_loader(Permission.write))]
