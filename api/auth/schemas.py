from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from api.kit.schemas import Schema, WriteSchema
from api.models import Role


class LoginRequest(WriteSchema):
    # Not EmailStr: a malformed address must fail like a wrong one (no account probing).
    email: Annotated[str, StringConstraints(min_length=1, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class UserRead(Schema):
    id: uuid.UUID
    email: str
    full_name: str
    created_at: datetime
    last_login_at: datetime | None


class MembershipSummary(Schema):
    organization_id: uuid.UUID
    organization_name: str
    role: Role


class MeRead(Schema):
    user: UserRead
    memberships: list[MembershipSummary]
    auth_method: str = Field(description="'session' or 'token'")


class LoginResponse(Schema):
    user: UserRead
    csrf_token: str = Field(
        description="Send as the X-CSRF-Token header on every cookie-authenticated write"
    )
    expires_at: datetime


class PasswordChange(WriteSchema):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Annotated[str, StringConstraints(min_length=12, max_length=256)]
