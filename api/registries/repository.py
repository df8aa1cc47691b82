from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from api.kit.repository import OrgScopedRepository
from api.models import Registry


class RegistryRepository(OrgScopedRepository[Registry]):
    model = Registry

    async def address_taken(
        self,
        organization_id: uuid.UUID,
        host: str,
        namespace: str,
        exclude: uuid.UUID | None = None,
    ) -> bool:
        statement = select(func.count()).where(
            Registry.organization_id == organization_id,
            Registry.host == host,
            Registry.namespace == namespace,
        )
        if exclude is not None:
            statement = statement.where(Registry.id != exclude)
        return bool(await self.session.scalar(statement))

    async def list_for_host(self, organization_id: uuid.UUID, host: str) -> Sequence[Registry]:
        """Every credential of the organization for one registry host (one per namespace)."""
        return await self.get_all(
            select(Registry).where(
                Registry.organization_id == organization_id, Registry.host == host
            )
        )

    async def get_in_organization(
        self, organization_id: uuid.UUID, registry_id: uuid.UUID
    ) -> Registry | None:
        """For the worker, which has no principal: the organization is the tenant boundary."""
        return await self.get_one_or_none(
            select(Registry).where(
                Registry.organization_id == organization_id, Registry.id == registry_id
            )
        )
