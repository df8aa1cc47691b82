"""API tokens for CI: scoped, optionally expiring, shown once, stored hashed, revocable.

A token acts as its creator, narrowed to its scopes, in one organization. Its scopes may
never exceed what the creator's role allows at creation; at use they are intersected with
the creator's *current* role, so demoting a user also demotes their tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import (
    ROLE_PERMISSIONS,
    SCOPE_PERMISSIONS,
    Access,
    Permission,
    ensure_permission,
)
from api.auth.secrets import hash_secret, new_api_token
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import ApiToken, TokenScope
from api.models.base import utcnow
from api.tokens.exceptions import InvalidTokenRequest, TokenNotFound
from api.tokens.repository import TokenRepository
from api.tokens.schemas import TokenCreate


class TokenService:
    async def list(
        self,
        session: AsyncSession,
        access: Access,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[ApiToken], int]:
        where = [ApiToken.organization_id == access.organization_id]
        # Admins oversee every token of the organization; others see their own.
        if not access.allows(Permission.admin):
            where.append(ApiToken.user_id == access.principal.user_id)
        return await TokenRepository(session).paginate_readable(
            access.principal, pagination, sorting, *where
        )

    async def create(
        self, session: AsyncSession, access: Access, body: TokenCreate
    ) -> tuple[ApiToken, str]:
        if access.principal.token is not None:
            # A leaked token must not be able to mint longer-lived siblings.
            ensure_permission(access, Permission.admin)
        allowed = ROLE_PERMISSIONS[access.role]
        too_wide = [s for s in body.scopes if not SCOPE_PERMISSIONS[s] <= allowed]
        if too_wide:
            raise InvalidTokenRequest(
                f"your role '{access.role}' cannot grant scopes: {', '.join(too_wide)}"
            )
        if body.expires_at is not None and body.expires_at <= utcnow():
            raise InvalidTokenRequest("expires_at must be in the future")
        parent = access.principal.token
        # A token may mint tokens (admin scope) but never one that outlives it.
        if (
            parent is not None
            and parent.expires_at is not None
            and (body.expires_at is None or body.expires_at > parent.expires_at)
        ):
            raise InvalidTokenRequest(
                f"a token created with a token must expire by {parent.expires_at.isoformat()}"
            )
        secret = new_api_token()
        token = await TokenRepository(session).add(
            ApiToken(
                organization_id=access.organization_id,
                user_id=access.principal.user_id,
                name=body.name,
                prefix=secret[:12],
                token_hash=hash_secret(secret),
                scopes=sorted({str(TokenScope(s)) for s in body.scopes}),
                expires_at=body.expires_at,
            )
        )
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="token.create",
            target_type="api_token",
            target_id=token.id,
            data={"name": body.name, "scopes": token.scopes},
        )
        return token, secret

    async def revoke(self, session: AsyncSession, access: Access, token: ApiToken) -> ApiToken:
        self._ensure_visible(access, token)
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            await audit.record(
                session,
                access.principal,
                organization_id=token.organization_id,
                action="token.revoke",
                target_type="api_token",
                target_id=token.id,
                data={"name": token.name},
            )
        return token

    async def get_visible(self, access: Access, token: ApiToken) -> ApiToken:
        self._ensure_visible(access, token)
        return token

    @staticmethod
    def _ensure_visible(access: Access, token: ApiToken) -> None:
        # Someone else's token is none of a non-admin's business, not even its existence.
        if token.user_id != access.principal.user_id and not access.allows(Permission.admin):
            raise TokenNotFound(f"API token {token.id} not found")


token_service = TokenService()
