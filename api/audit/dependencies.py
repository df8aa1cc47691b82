from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from api.audit.exceptions import AuditExportNotFound
from api.audit.repository import AuditExportRepository
from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.kit.dependencies import SessionDep
from api.models import AuditExport


@requires(Permission.admin)
async def _load_export(
    export_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Scoped[AuditExport]:
    return await load_scoped(
        AuditExportRepository(session),
        principal,
        export_id,
        Permission.admin,
        AuditExportNotFound(f"audit export {export_id} not found"),
    )


AuditExportAdmin = Annotated[Scoped[AuditExport], Depends(_load_export)]
