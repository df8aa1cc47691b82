from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound
from api.kit.jobs.durable import JobCancelled


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


# How a deployment job ends when it does not release: recorded on the row (its outcome and
# error), never answered to a request, so plain exceptions rather than problems.


class DeploymentFailed(Exception):
    """The release could not happen; the message says why (shown to the user)."""


class RolledBack(Exception):
    """The new version failed its health checks; Swarm restored the previous one."""


class DeploymentCancelled(JobCancelled):
    """A user cancelled the deployment; what served before still serves."""
