from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from api.kit.repository import Repository
from api.models import Membership, Organization, Role


class OrganizationRepository(Repository[Organization]):
    model = Organization

    async def slug_exists(self, slug: str) -> bool:
        return bool(
            await self.session.scalar(select(func.count()).where(Organization.slug == slug))
        )


class MemberRepository(Repository[Membership]):
    model = Membership

    def get_org_statement(self, organization_id: uuid.UUID) -> Select[Membership]:
        return (
            select(Membership)
            .where(Membership.organization_id == organization_id)
            .options(joinedload(Membership.user))
        )

    async def get_member(self, organization_id: uuid.UUID, user_id: uuid.UUID) -> Membership | None:
        return await self.get_one_or_none(
            self.get_org_statement(organization_id).where(Membership.user_id == user_id)
        )

    async def count_owners(self, organization_id: uuid.UUID) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).where(
                    Membership.organization_id == organization_id, Membership.role == Role.owner
                )
            )
            or 0
        )
