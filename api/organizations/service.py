"""Organizations and their members. Owner rules: only owners create or remove owners, and
an organization always keeps at least one (checked under a row lock, so two concurrent
demotions can't both pass)."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.passwords import hash_password
from api.auth.permissions import Access, Permission, ensure_permission
from api.auth.repository import UserRepository
from api.kit.pagination import PaginationParams
from api.kit.principal import Principal
from api.kit.sorting import Sorting
from api.models import Membership, Organization, Role, User
from api.organizations.exceptions import (
    AlreadyMember,
    InitialPasswordRequired,
    LastOwner,
    MemberNotFound,
)
from api.organizations.repository import MemberRepository, OrganizationRepository
from api.organizations.schemas import MemberAdd, OrganizationCreate, OrganizationUpdate


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50].strip("-")
    return slug or "org"


class OrganizationService:
    async def create(
        self, session: AsyncSession, principal: Principal, body: OrganizationCreate
    ) -> Organization:
        return await self.create_for_user(session, principal.user, body.name, actor=principal)

    async def create_for_user(
        self, session: AsyncSession, user: User, name: str, *, actor: Principal | None
    ) -> Organization:
        repo = OrganizationRepository(session)
        slug = _slugify(name)
        while await repo.slug_exists(slug):
            slug = f"{_slugify(name)[:43]}-{secrets.token_hex(3)}"
        org = await repo.add(Organization(name=name, slug=slug))
        await MemberRepository(session).add(
            Membership(organization_id=org.id, user_id=user.id, role=Role.owner)
        )
        await audit.record(
            session,
            actor,
            organization_id=org.id,
            action="organization.create",
            target_type="organization",
            target_id=org.id,
            data={"name": name},
        )
        return org

    async def get(self, session: AsyncSession, access: Access) -> Organization:
        org = await OrganizationRepository(session).get_by_id(access.organization_id)
        assert org is not None  # access was resolved through a membership of this org
        return org

    async def update(
        self, session: AsyncSession, access: Access, body: OrganizationUpdate
    ) -> Organization:
        org = await self.get(session, access)
        changes = body.model_dump(exclude_unset=True, exclude_none=True)
        if not changes:  # nothing to change, nothing to audit
            return org
        for field, value in changes.items():
            setattr(org, field, value)
        await audit.record(
            session,
            access.principal,
            organization_id=org.id,
            action="organization.update",
            target_type="organization",
            target_id=org.id,
            data=changes,
        )
        return org

    async def delete(self, session: AsyncSession, access: Access) -> None:
        org = await self.get(session, access)
        await OrganizationRepository(session).delete(org)

    async def list_members(
        self,
        session: AsyncSession,
        access: Access,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[Membership], int]:
        repo = MemberRepository(session)
        return await repo.paginate(
            repo.get_org_statement(access.organization_id), pagination, sorting
        )

    async def add_member(
        self, session: AsyncSession, access: Access, body: MemberAdd
    ) -> Membership:
        self._check_can_grant(access, body.role)
        users = UserRepository(session)
        user = await users.get_by_email(body.email)
        if user is None:
            if body.initial_password is None:
                raise InitialPasswordRequired(
                    f"no account exists for {body.email}; send initial_password to create one"
                )
            user = await users.add(
                User(
                    email=body.email.lower(),
                    full_name=body.full_name,
                    password_hash=hash_password(body.initial_password),
                )
            )
        members = MemberRepository(session)
        if await members.get_member(access.organization_id, user.id):
            raise AlreadyMember(f"{body.email} is already a member of this organization")
        membership = await members.add(
            Membership(organization_id=access.organization_id, user_id=user.id, role=body.role)
        )
        membership.user = user
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="member.add",
            target_type="user",
            target_id=user.id,
            data={"email": user.email, "role": str(body.role)},
        )
        return membership

    async def update_member(
        self, session: AsyncSession, access: Access, user_id: uuid.UUID, role: Role
    ) -> Membership:
        membership = await self._locked_member(session, access, user_id)
        self._check_can_grant(access, role)
        if membership.role is Role.owner:
            ensure_permission(access, Permission.owner)
            if role is not Role.owner:
                await self._ensure_other_owner(session, access.organization_id)
        previous = membership.role
        membership.role = role
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="member.update",
            target_type="user",
            target_id=user_id,
            data={"from": str(previous), "to": str(role)},
        )
        return membership

    async def remove_member(
        self, session: AsyncSession, access: Access, user_id: uuid.UUID
    ) -> None:
        membership = await self._locked_member(session, access, user_id)
        if membership.role is Role.owner:
            ensure_permission(access, Permission.owner)
            await self._ensure_other_owner(session, access.organization_id)
        await MemberRepository(session).delete(membership)
        await audit.record(
            session,
            access.principal,
            organization_id=access.organization_id,
            action="member.remove",
            target_type="user",
            target_id=user_id,
            data={"email": membership.user.email},
        )

    async def _locked_member(
        self, session: AsyncSession, access: Access, user_id: uuid.UUID
    ) -> Membership:
        # Serialise membership changes per organization (last-owner check below).
        await session.execute(
            select(Organization.id)
            .where(Organization.id == access.organization_id)
            .with_for_update()
        )
        membership = await MemberRepository(session).get_member(access.organization_id, user_id)
        if membership is None:
            raise MemberNotFound(f"user {user_id} is not a member of this organization")
        return membership

    @staticmethod
    def _check_can_grant(access: Access, role: Role) -> None:
        if role is Role.owner:
            ensure_permission(access, Permission.owner)

    @staticmethod
    async def _ensure_other_owner(session: AsyncSession, organization_id: uuid.UUID) -> None:
        if await MemberRepository(session).count_owners(organization_id) <= 1:
            raise LastOwner("this is the organization's last owner; make someone else owner first")


organization = OrganizationService()
