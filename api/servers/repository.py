from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from api.kit.repository import OrgScopedRepository
from api.models import HostKeyStatus, Server, ServerKind, ServerSetup


class ServerRepository(OrgScopedRepository[Server]):
    model = Server

    async def list_connectable(self) -> Sequence[Server]:
        """Every server the worker may contact (all organizations): trusted or local."""
        return await self.get_all(
            select(Server).where(
                (Server.kind == ServerKind.local)
                | (Server.host_key_status == HostKeyStatus.trusted)
            )
        )

    async def get_local(self, organization_id: uuid.UUID) -> Server | None:
        return await self.get_one_or_none(
            select(Server).where(
                Server.organization_id == organization_id, Server.kind == ServerKind.local
            )
        )


class ServerSetupRepository(OrgScopedRepository[ServerSetup]):
    model = ServerSetup
