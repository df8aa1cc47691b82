from __future__ import annotations

from api.kit.repository import OrgScopedRepository
from api.models import Project


class ProjectRepository(OrgScopedRepository[Project]):
    model = Project
