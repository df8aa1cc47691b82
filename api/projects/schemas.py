from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.environments.schemas import EnvironmentRead
from api.kit.schemas import Description, ResourceName, Schema, WriteSchema


class ProjectCreate(WriteSchema):
    name: ResourceName
    description: Description = ""
    # Environments created with the project; most teams start with production only.
    environments: list[ResourceName] = Field(default_factory=lambda: ["production"], max_length=10)


class ProjectUpdate(WriteSchema):
    name: ResourceName | None = None
    description: Description | None = None


class ProjectRead(Schema):
    id: uuid.UUID
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
