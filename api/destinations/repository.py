from __future__ import annotations

import uuid

from sqlalchemy import func, select

from api.kit.repository import OrgScopedRepository
from api.models import BackupPolicy, Destination


class DestinationRepository(OrgScopedRepository[Destination]):
    model = Destination

    async def get_in_organization(
        self, organization_id: uuid.UUID, destination_id: uuid.UUID
    ) -> Destination | None:
        """For the worker, which has no principal: the organization is the tenant boundary."""
        return await self.get_one_or_none(
            select(Destination).where(
                Destination.organization_id == organization_id, Destination.id == destination_id
            )
        )

    async def policies_using(self, destination_id: uuid.UUID) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).where(BackupPolicy.destination_id == destination_id)
            )
            or 0
        )
