from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from api.kit.schemas import Schema


class WebhookSecret(Schema):
    secret: str = Field(description="Shown once: paste it into the git host's webhook settings")
    urls: dict[str, str] = Field(description="Payload URL per provider (github, gitlab, ...)")


class WebhookResult(Schema):
    status: Literal["queued", "duplicate", "ignored"]
    detail: str
    deployment_id: uuid.UUID | None = None
