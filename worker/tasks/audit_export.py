from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.repository import AuditExportRepository
from api.audit.service import AUDIT_EXPORT, audit
from api.models import AuditExport
from worker.context import worker_context
from worker.durable import Lease, run_durable


async def _export(session: AsyncSession, export: AuditExport, lease: Lease) -> None:
    content, count = await audit.build_export(session, export)
    await AuditExportRepository(session).store_result(export.id, lease.attempt, content, count)


async def audit_export_run(
    ctx: dict[str, Any], export_id: uuid.UUID, request_id: str | None
) -> str:
    return await run_durable(worker_context(ctx), AUDIT_EXPORT, export_id, request_id, _export)
