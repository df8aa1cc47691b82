from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class DeploymentNotFound(NotFound):
    type_slug = "deployment-not-found"
    title = "Deployment not found"


class NotRollbackTarget(Conflict):
    type_slug = "not-a-rollback-target"
    title = "Nothing to roll back to"
