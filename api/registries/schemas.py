from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from api.kit.schemas import ResourceName, Schema, WriteSchema
from api.registries.references import validate_address

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _valid_username(value: str) -> str:
    # Basic auth joins user and password with ':', so a ':' in the user name would move
    # the rest into the password.
    if ":" in value or _CONTROL.search(value):
        raise ValueError("must not contain ':' or control characters")
    return value


RegistryAddress = Annotated[
    str,
    StringConstraints(min_length=1, max_length=520),
    AfterValidator(validate_address),
]
RegistryUsername = Annotated[
    str, StringConstraints(min_length=1, max_length=255), AfterValidator(_valid_username)
]
# Not stripped: a password is what it is. Long enough for a cloud JSON key file.
RegistryPassword = Annotated[
    str, StringConstraints(min_length=1, max_length=16384, strip_whitespace=False)
]

_ADDRESS_DOC = (
    "host[:port] as in image references (docker.io for Docker Hub), optionally followed by "
    "/namespace to use these credentials only for repositories under it. No scheme: "
    "registries are always reached over HTTPS."
)


class RegistryCreate(WriteSchema):
    name: ResourceName
    address: RegistryAddress = Field(description=_ADDRESS_DOC, examples=["ghcr.io/acme"])
    username: RegistryUsername
    password: RegistryPassword = Field(description="Password or access token; write-only")


class RegistryUpdate(WriteSchema):
    name: ResourceName | None = None
    address: RegistryAddress | None = Field(
        default=None, description=f"{_ADDRESS_DOC} Changing it needs `password` too."
    )
    username: RegistryUsername | None = None
    password: RegistryPassword | None = None


class RegistryRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    address: str = Field(description="host[:port][/namespace]")
    host: str = Field(description="The registry host images name, e.g. ghcr.io")
    namespace: str = Field(description="Repositories these credentials cover ('' = all)")
    username: str
    has_password: bool = True
    password_hint: str = Field(description="A masked hint, never the password")
    created_at: datetime
    updated_at: datetime | None


class RegistryCheckRead(Schema):
    registry_id: uuid.UUID
    address: str
    auth_scheme: Literal["bearer", "basic", "none"] = Field(
        description="How the registry authenticated us ('none': it allows anonymous access)"
    )
    detail: str
    checked_at: datetime
