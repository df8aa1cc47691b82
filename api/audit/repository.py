from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime

from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.orm import undefer

from api.kit.repository import OrgScopedRepository
from api.models import AuditEvent, AuditExport, JobStatus


def filter_conditions(
    *,
    action: str | None = None,
    target_type: str | None = None,
    target_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[ColumnElement[bool]]:
    """The audit log's filters as conditions (unset ones match everything)."""
    conditions: list[ColumnElement[bool]] = []
    if action:
        conditions.append(AuditEvent.action == action)
    if target_type:
        conditions.append(AuditEvent.target_type == target_type)
    if target_id:
        conditions.append(AuditEvent.target_id == target_id)
    if actor_id:
        conditions.append(AuditEvent.actor_id == actor_id)
    if since:
        conditions.append(AuditEvent.created_at >= since)
    if until:
        conditions.append(AuditEvent.created_at < until)
    return conditions


class AuditEventRepository(OrgScopedRepository[AuditEvent]):
    model = AuditEvent

    def personal_statement(self, user_id: uuid.UUID) -> Select[AuditEvent]:
        """Events about one person rather than an organisation (their logins)."""
        return select(AuditEvent).where(
            AuditEvent.organization_id.is_(None),
            AuditEvent.target_type == "user",
            AuditEvent.target_id == user_id,
        )

    async def stream_for_export(
        self,
        organization_id: uuid.UUID,
        since: datetime | None,
        until: datetime | None,
        batch_size: int = 2000,
    ) -> AsyncIterator[list[AuditEvent]]:
        """Keyset pagination on (created_at, id): stable and O(batch) however large the log."""
        base = (
            select(AuditEvent)
            .where(
                AuditEvent.organization_id == organization_id,
                *filter_conditions(since=since, until=until),
            )
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
        cursor: tuple[datetime, uuid.UUID] | None = None
        while True:
            statement = base
            if cursor is not None:
                statement = statement.where(
                    (AuditEvent.created_at, AuditEvent.id) > cursor  # type: ignore[operator]
                )
            rows = list(await self.get_all(statement.limit(batch_size)))
            if not rows:
                return
            yield rows
            cursor = (rows[-1].created_at, rows[-1].id)


class AuditExportRepository(OrgScopedRepository[AuditExport]):
    model = AuditExport

    async def get_with_content(self, id: uuid.UUID) -> AuditExport | None:
        return await self.get_one_or_none(
            select(AuditExport)
            .where(AuditExport.id == id)
            .options(undefer(AuditExport.content))
            .execution_options(populate_existing=True)
        )

    async def store_result(
        self, id: uuid.UUID, attempt: int, content: bytes, row_count: int
    ) -> bool:
        """Fenced on the attempt: a superseded worker's result is discarded."""
        result = await self.session.execute(
            update(AuditExport)
            .where(
                AuditExport.id == id,
                AuditExport.attempts == attempt,
                AuditExport.status == JobStatus.running,
            )
            .values(content=content, row_count=row_count, size_bytes=len(content))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
