from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.applications.schemas import CommitSha, GitRef
from api.kit.identifiers import ImageRef
from api.kit.schemas import JobAttempt, Schema, WriteSchema
from api.models import DeploymentOutcome, DeploymentTrigger, JobStatus


class DeploymentState(enum.StrEnum):
    """What a deployment came to, as the history filters it (status and outcome together)."""

    in_progress = "in_progress"  # queued or running
    succeeded = "succeeded"  # the new version serves
    failed = "failed"  # it never reached the server
    rolled_back = "rolled_back"  # it failed its health checks; the previous one serves
    cancelled = "cancelled"


class DeploymentCreate(WriteSchema):
    image: ImageRef | None = Field(
        default=None,
        description="Image sources: release this image instead of the application's "
        "(CI pushed a new tag or digest)",
    )
    ref: GitRef | None = Field(default=None, description="Git sources: build this branch or tag")
    commit: CommitSha | None = Field(
        default=None, description="Git sources: build exactly this commit"
    )


class ScaleRequest(WriteSchema):
    replicas: Annotated[int, Field(ge=0, le=100)] = Field(
        description="0 stops the application; its settings and history are kept"
    )


class DeploymentStep(Schema):
    name: str
    status: Literal["pending", "running", "done", "skipped", "failed"]
    detail: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    duration_ms: int | None = None


class DeploymentRead(Schema):
    id: uuid.UUID
    application_id: uuid.UUID
    server_id: uuid.UUID
    status: JobStatus
    outcome: DeploymentOutcome | None
    trigger: DeploymentTrigger
    requested_by: str
    image: str | None = Field(description="The immutable reference released (digest-pinned)")
    image_digest: str | None
    commit_sha: str | None
    commit_subject: str | None = Field(
        default=None, description="Subject line of the commit built (git sources), as committed"
    )
    commit_author_name: str | None = Field(default=None, description="The commit's author")
    commit_author_email: str | None = None
    rollback_of_id: uuid.UUID | None
    attempts: list[JobAttempt] = Field(
        validation_alias="attempt_log",
        description="Every attempt, oldest first; `error` speaks for the final outcome only",
    )
    steps: list[DeploymentStep]
    error: str | None
    request_id: str | None
    queue_position: int | None = Field(
        default=None, description="Deployments ahead of this one for the same application"
    )
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime


class DeploymentLog(Schema):
    id: uuid.UUID
    status: JobStatus
    log: str
