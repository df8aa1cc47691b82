from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from api.infra import database_spec
from api.kit.identifiers import ImageRef
from api.kit.schemas import ResourceName, Schema, WriteSchema
from api.models import DatabaseAction, DatabaseEngine, DatabaseStatus, DesiredState, JobStatus

Version = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"),
]


def _argv(value: list[str]) -> list[str]:
    return list(database_spec.validate_args(value))


ServerArgs = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=4096)]],
    Field(max_length=database_spec.MAX_ARGS),
    AfterValidator(_argv),
]
# Ports below 1024 belong to the server's own services (SSH, the proxy's 80/443).
ExternalPort = Annotated[int, Field(ge=1024, le=65535)]
VariableName = Annotated[
    str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
]


class Resources(WriteSchema):
    cpu_limit: Annotated[float, Field(ge=0.01, le=256)] | None = Field(
        default=None, description="Cores"
    )
    memory_limit_mb: Annotated[int, Field(ge=16, le=1_048_576)] | None = None


class DatabaseCreate(WriteSchema):
    name: ResourceName
    engine: DatabaseEngine
    server_id: uuid.UUID
    version: Version | None = Field(
        default=None,
        description="Tag of the engine's official image (`17` for postgres:17); "
        "default: the engine's current one",
    )
    image: ImageRef | None = Field(
        default=None,
        description="A custom image honouring the official image's contract, instead "
        "of `version` (pinned to its digest when released)",
    )
    args: ServerArgs = Field(
        default_factory=list,
        description="Extra server arguments, one argv item each "
        "(`-c`, `shared_buffers=256MB` for PostgreSQL; `--maxmemory`, `256mb` for Redis)",
    )
    resources: Resources = Field(default_factory=Resources)
    external_port: ExternalPort | None = Field(
        default=None,
        description="Publish the database on this port of its server (host mode). Off by "
        "default: it is then reachable from the internet, protected only by its password",
    )

    @model_validator(mode="after")
    def _one_image(self) -> DatabaseCreate:
        if self.version is not None and self.image is not None:
            raise ValueError("give `version` (official image) or `image` (custom), not both")
        return self


class DatabaseUpdate(WriteSchema):
    version: Version | None = Field(
        default=None, description="Another version within the same major (in place)"
    )
    image: ImageRef | None = None
    args: ServerArgs | None = None
    resources: Resources | None = None
    external_port: ExternalPort | None = Field(
        default=None, description="null: keep; use `unpublish` to close the port"
    )
    unpublish: bool = Field(default=False, description="Close the external port")

    @model_validator(mode="after")
    def _one_image(self) -> DatabaseUpdate:
        if self.version is not None and self.image is not None:
            raise ValueError("give `version` or `image`, not both")
        if self.unpublish and self.external_port is not None:
            raise ValueError("give `external_port` or `unpublish`, not both")
        return self


class DatabaseRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    environment_id: uuid.UUID
    server_id: uuid.UUID
    name: str
    engine: DatabaseEngine
    image: str
    image_digest: str | None
    data_dir: str | None
    args: list[str]
    cpu_limit: float | None
    memory_limit_mb: int | None
    external_port: int | None
    external_address: str | None = Field(
        default=None, description="host:port on the internet, when published"
    )
    internal_host: str = Field(
        default="", description="Host name on the environment's private network"
    )
    port: int = Field(default=0, description="The engine's port on the private network")
    desired_state: DesiredState
    status: DatabaseStatus
    status_reason: str | None
    status_checked_at: datetime | None
    service_name: str
    volume_name: str
    database_name: str
    username: str
    created_at: datetime
    updated_at: datetime | None


class ConnectionDetails(Schema):
    """Shown only by the audited reveal."""

    url: str = Field(description="Internal URL, as linked applications get it")
    external_url: str | None = Field(default=None, description="When published")
    host: str
    port: int
    database: str
    username: str
    password: str


class DatabaseOperationRead(Schema):
    id: uuid.UUID
    database_id: uuid.UUID
    action: DatabaseAction
    status: JobStatus
    requested_by: str
    attempts: int
    steps: list[dict[str, Any]]
    log: str
    error: str | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime


class LinkCreate(WriteSchema):
    database_id: uuid.UUID
    variable: VariableName = "DATABASE_URL"


class LinkRead(Schema):
    id: uuid.UUID
    application_id: uuid.UUID
    database_id: uuid.UUID
    variable: str
    created_at: datetime


class DatabaseLogLine(Schema):
    stream: str
    timestamp: str | None
    message: str


class DatabaseLogs(Schema):
    database_id: uuid.UUID
    lines: list[DatabaseLogLine]
