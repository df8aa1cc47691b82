from __future__ import annotations

import uuid
from datetime import datetime

from api.kit.schemas import Description, ResourceName, Schema, WriteSchema


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
