from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from api.kit.schemas import Schema, WriteSchema
from api.models import TokenScope


class TokenCreate(WriteSchema):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    scopes: list[TokenScope] = Field(min_length=1, max_length=4)
    expires_at: datetime | None = Field(
        default=None, description="Optional expiry (timezone-aware, in the future)"
    )

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("expires_at must include a timezone offset")
        return value


class TokenRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    user_id: uuid.UUID
    name: str
    prefix: str = Field(description="First characters of the token, to recognise it")
    scopes: list[TokenScope]
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime


class TokenCreated(TokenRead):
    token: str = Field(description="The secret. Shown once: store it now.")
