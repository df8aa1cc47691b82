from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from api.kit.repository import Repository
from api.models import ApiToken, Membership, Role, User, UserSession


class UserRepository(Repository[User]):
    model = User

    async def get_by_email(self, email: str) -> User | None:
        return await self.get_one_or_none(select(User).where(User.email == email.lower()))

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(User)) or 0)


class UserSessionRepository(Repository[UserSession]):
    model = UserSession

    async def get_by_token_hash(self, token_hash: bytes) -> UserSession | None:
        return await self.get_one_or_none(
            select(UserSession)
            .where(UserSession.token_hash == token_hash)
            .options(joinedload(UserSession.user))
        )

    async def delete_for_user(self, user_id: uuid.UUID, keep: uuid.UUID | None) -> None:
        statement = delete(UserSession).where(UserSession.user_id == user_id)
        if keep is not None:
            statement = statement.where(UserSession.id != keep)
        await self.session.execute(statement)


class ApiTokenRepository(Repository[ApiToken]):
    model = ApiToken

    async def get_by_token_hash(self, token_hash: bytes) -> ApiToken | None:
        return await self.get_one_or_none(
            select(ApiToken)
            .where(ApiToken.token_hash == token_hash)
            .options(joinedload(ApiToken.user))
        )


class MembershipRepository(Repository[Membership]):
    model = Membership

    async def get_role(self, user_id: uuid.UUID, organization_id: uuid.UUID) -> Role | None:
        role: Role | None = await self.session.scalar(
            select(Membership.role).where(
                Membership.user_id == user_id, Membership.organization_id == organization_id
            )
        )
        return role
