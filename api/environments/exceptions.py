from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class EnvironmentNotFound(NotFound):
    type_slug = "environment-not-found"
    title = "Environment not found"


class EnvironmentNameTaken(Conflict):
    type_slug = "environment-name-taken"
    title = "Environment name already used"
