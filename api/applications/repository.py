from __future__ import annotations

from api.kit.repository import OrgScopedRepository
from api.models import Application


class ApplicationRepository(OrgScopedRepository[Application]):
    model = Application
    name_scope = "environment_id"
