from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class DeploymentNotFound(NotFound):
    type_slug = "deployment-not-found"
    title = "Deployment not found"


class NotRollbackTarget(Conflict):
    type_slug = "not-a-rollback-target"
    title = "Nothing to roll back to"


class SourceMismatch(BerthError):
    status = 422
    type_slug = "source-mismatch"
    title = "Not applicable to this application's source"


class DeploymentFinished(Conflict):
    type_slug = "deployment-finished"
    title = "Deployment already finished"


class NothingToRestart(Conflict):
    type_slug = "nothing-to-restart"
    title = "Nothing to restart"
