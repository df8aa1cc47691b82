"""Base schemas: ORM-readable reads, strict writes (unknown fields are an error, not ignored)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

# DNS-label-like names: they end up in Docker service names, labels and host names.
NAME_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"
NAME_RE = re.compile(NAME_PATTERN)

ResourceName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=63, pattern=NAME_PATTERN),
]
Description = Annotated[str, StringConstraints(max_length=500)]
# Syntax only: self-hosted teams use internal domains (.local, .lan, .internal) that
# strict validators reject as "special-use", and deliverability is not ours to judge.
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        max_length=254,
        pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$",
    ),
]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class JobAttempt(Schema):
    """One attempt of a durable job (deployment, server setup), as kept in its attempt log."""

    number: int
    started_at: datetime
    ended_at: datetime | None = None
    outcome: Literal["succeeded", "failed", "lost", "cancelled"] | None = None
    reason: str | None = None


class WriteSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL: refuse it here (422) instead of failing the
        # write later (500). Covers nested containers too.
        if _contains_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(_contains_nul(v) for v in value)
    return False
