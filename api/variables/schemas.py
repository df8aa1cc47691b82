"""Shapes shared by every variable set: environment variables, application variables and
build secrets all read, patch, import and export the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from api.auth.permissions import Access, Permission
from api.kit.schemas import Schema, WriteSchema
from api.models.variable import VariableMixin

ENV_KEY_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"
ENV_KEY_RE = re.compile(ENV_KEY_PATTERN)
MAX_VALUE_LENGTH = 65536
MAX_VARIABLES = 500
# The request body limit (1 MiB) is the real cap; this one names the field in the 422.
MAX_DOTENV_LENGTH = 1024 * 1024

EnvKey = Annotated[str, StringConstraints(pattern=ENV_KEY_PATTERN)]
# NUL is refused by WriteSchema: a process environment cannot carry it.
EnvValue = Annotated[str, StringConstraints(max_length=MAX_VALUE_LENGTH)]


class VariablesPatch(WriteSchema):
    """Set (string) or delete (null) variables; keys not mentioned are left alone."""

    # A secret is stored exactly as sent: trimming would silently change a password that
    # ends in a space, and make PATCH disagree with `.env` import.
    model_config = ConfigDict(str_strip_whitespace=False)

    variables: dict[EnvKey, EnvValue | None] = Field(max_length=MAX_VARIABLES)


class VariableRead(Schema):
    key: str
    is_set: bool = True
    hint: str | None = Field(
        description=(
            "A masked hint, never the value; only for callers who may change the variable "
            "(null for read-only roles and tokens)"
        )
    )
    updated_at: datetime | None = Field(description="When the value last changed")
    created_at: datetime


def variable_reads(rows: Iterable[VariableMixin], access: Access) -> list[VariableRead]:
    """The read shape of a variable set as `access` may see it.

    Even the last characters of a secret narrow a guess (and confirm a leaked value), so
    they are shown only to those who could overwrite the secret anyway; everyone else
    learns that it is set and when it changed.
    """
    may_write = access.allows(Permission.write)
    return [
        VariableRead(
            key=row.key,
            hint=row.hint if may_write else None,
            updated_at=row.updated_at,
            created_at=row.created_at,
        )
        for row in rows
    ]


class DotenvImport(WriteSchema):
    """A `.env` file to merge in (or, with `replace`, to become the whole set)."""

    # Whitespace is content here: stripping would shift line numbers and trim values.
    model_config = ConfigDict(str_strip_whitespace=False)

    content: str = Field(
        max_length=MAX_DOTENV_LENGTH,
        description=(
            "dotenv text: `KEY=value` lines, `#` comments, an optional `export ` prefix, "
            '\'single\' (literal) or "double" quotes (escapes \\n \\r \\t \\" \\\\; may span '
            "lines). `${VAR}` is not expanded. A malformed line fails the whole import."
        ),
    )
    replace: bool = Field(
        default=False, description="Delete the variables the file does not mention"
    )


class DotenvExport(Schema):
    content: str = Field(description="dotenv text with every value double-quoted")
