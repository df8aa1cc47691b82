from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from api.kit.schemas import Email, Schema, WriteSchema
from api.models import Role

OrganizationName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Password = Annotated[str, StringConstraints(min_length=12, max_length=256)]


class OrganizationCreate(WriteSchema):
    name: OrganizationName


class OrganizationUpdate(WriteSchema):
    name: OrganizationName | None = None
    acme_email: Email | None = Field(
        default=None, description="ACME (Let's Encrypt) account e-mail used on every server"
    )


class OrganizationRead(Schema):
    id: uuid.UUID
    name: str
    slug: str
    acme_email: str | None
    created_at: datetime


class OrganizationWithRole(OrganizationRead):
    role: Role = Field(description="The caller's role in this organization")


class MemberUser(Schema):
    id: uuid.UUID
    email: str
    full_name: str


class MemberRead(Schema):
    user: MemberUser
    role: Role
    created_at: datetime


class MemberAdd(WriteSchema):
    email: Email
    role: Role
    # Needed only when no account exists for the e-mail yet; the user changes it later.
    initial_password: Password | None = None
    full_name: Annotated[str, StringConstraints(max_length=200)] = ""


class MemberUpdate(WriteSchema):
    role: Role
