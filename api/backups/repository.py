from __future__ import annotations

from api.kit.repository import OrgScopedRepository
from api.models import BackupPolicy


class BackupPolicyRepository(OrgScopedRepository[BackupPolicy]):
    model = BackupPolicy
    name_scope = "database_id"
