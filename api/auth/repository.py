from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from api.kit.repository import Repository
from api.models import ApiToken, Membership, Organization, Role, User, UserSession


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

    async def get_with_role_by_token_hash(
        self, token_hash: bytes
    ) -> tuple[ApiToken, Role | None] | None:
        """The token, its user, and the user's role in the token's organisation (None if no
        longer a member): everything a token-authenticated request checks, in one query."""
        statement = (
            select(ApiToken, Membership.role)
            .outerjoin(
                Membership,
                (Membership.user_id == ApiToken.user_id)
                & (Membership.organization_id == ApiToken.organization_id),
            )
            .where(ApiToken.token_hash == token_hash)
            .options(joinedload(ApiToken.user))
        )
        row = (await self.session.execute(statement)).unique().one_or_none()
        return (row[0], row[1]) if row else None


class MembershipRepository(Repository[Membership]):
    model = Membership

    async def get_role(self, user_id: uuid.UUID, organization_id: uuid.UUID) -> Role | None:
        role: Role | None = await self.session.scalar(
            select(Membership.role).where(
                Membership.user_id == user_id, Membership.organization_id == organization_id
            )
        )
        return role

    async def organizations_of(
        self, user_id: uuid.UUID, token_organization_id: uuid.UUID | None
    ) -> Sequence[tuple[Organization, Role]]:
        """The user's organizations and role in each, by name; a token sees only its own."""
        statement = (
            select(Organization, Membership.role)
            .join(Membership, Membership.organization_id == Organization.id)
            .where(Membership.user_id == user_id)
            .order_by(Organization.name)
        )
        if token_organization_id is not None:
            statement = statement.where(Organization.id == token_organization_id)
        rows = (await self.session.execute(statement)).all()
        return [(org, role) for org, role in rows]
