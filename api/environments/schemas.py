from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.kit.schemas import Description, ResourceName, Schema, WriteSchema
from api.projects.schemas import ProjectRead


class EnvironmentCreate(WriteSchema):
    name: ResourceName
    description: Description = ""


class EnvironmentUpdate(WriteSchema):
    name: ResourceName | None = None
    description: Description | None = None


class EnvironmentRead(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    description: str
    created_at: datetime
    updated_at: datetime | None


class ProjectCreated(ProjectRead):
    # The next step (an application) needs an environment id: answer with them so it
    # takes no second call.
    environments: list[EnvironmentRead] = Field(
        description="The environments created with the project, in the order asked for"
    )
