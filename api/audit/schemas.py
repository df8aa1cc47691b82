from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field, model_validator

from api.kit.schemas import Schema, WriteSchema
from api.models import ActorType, JobStatus


class AuditEventRead(Schema):
    id: uuid.UUID
    created_at: datetime
    actor_type: ActorType
    actor_id: uuid.UUID | None
    actor_label: str
    action: str
    target_type: str
    target_id: uuid.UUID | None
    data: dict[str, Any]
    request_id: str | None
    client_address: str | None


class AuditExportCreate(WriteSchema):
    since: datetime | None = Field(default=None, description="Inclusive lower bound")
    until: datetime | None = Field(default=None, description="Exclusive upper bound")

    @model_validator(mode="after")
    def _ordered(self) -> AuditExportCreate:
        for value in (self.since, self.until):
            if value is not None and value.tzinfo is None:
                raise ValueError("timestamps must include a timezone offset")
        if self.since and self.until and self.since >= self.until:
            raise ValueError("since must be before until")
        return self


class AuditExportRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    status: JobStatus
    attempts: int
    requested_by: str
    since: datetime | None
    until: datetime | None
    row_count: int
    size_bytes: int
    error: str | None = Field(
        description="Why the export failed; on a success, what an earlier attempt ran into"
    )
    request_id: str | None
    queued_at: datetime
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
