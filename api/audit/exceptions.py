from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class AuditExportNotFound(NotFound):
    type_slug = "audit-export-not-found"
    title = "Audit export not found"


class AuditExportNotReady(Conflict):
    type_slug = "audit-export-not-ready"
    title = "Audit export not ready"
