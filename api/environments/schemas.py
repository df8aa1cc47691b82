from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from api.kit.schemas import Description, ResourceName, Schema, WriteSchema

ENV_KEY_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"
EnvKey = Annotated[str, StringConstraints(pattern=ENV_KEY_PATTERN)]
# No NUL: a process environment cannot carry it (and PostgreSQL text refuses it in the hint).
EnvValue = Annotated[str, StringConstraints(max_length=65536)]


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


class VariablesPatch(WriteSchema):
    """Set (string) or delete (null) variables; keys not mentioned are left alone."""

    variables: dict[EnvKey, EnvValue | None] = Field(max_length=500)


class VariableRead(Schema):
    key: str
    is_set: bool = True
    hint: str = Field(description="A masked hint, never the value")
    updated_at: datetime | None
    created_at: datetime
