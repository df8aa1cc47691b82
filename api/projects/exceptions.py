from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class ProjectNotFound(NotFound):
    type_slug = "project-not-found"
    title = "Project not found"


class ProjectNameTaken(Conflict):
    type_slug = "project-name-taken"
    title = "Project name already used"
