from __future__ import annotations

from api.kit.errors import NotFound


class DeploymentNotFound(NotFound):
    type_slug = "deployment-not-found"
    title = "Deployment not found"
