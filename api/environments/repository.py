from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.repository import OrgScopedRepository
from api.models import Environment, EnvironmentVariable
from api.variables.repository import VariableSet


class EnvironmentRepository(OrgScopedRepository[Environment]):
    model = Environment
    name_scope = "project_id"


def variable_context(environment_id: uuid.UUID, key: str) -> str:
    # Binds each ciphertext to its row: a value copied into another key or environment
    # fails to decrypt instead of leaking across tenants.
    return f"environment_variable:{environment_id}:{key}"


class EnvironmentVariables(VariableSet[EnvironmentVariable]):
    """The variables every application of one environment receives."""

    model = EnvironmentVariable
    audit_action = "environment.variables"
    target_type = "environment"

    @classmethod
    def of(cls, session: AsyncSession, environment: Environment) -> EnvironmentVariables:
        return cls(session, environment.organization_id, environment.id)

    def _belongs(self) -> Sequence[ColumnElement[bool]]:
        return [EnvironmentVariable.environment_id == self.target_id]

    def new(self, key: str, value_encrypted: str, hint: str) -> EnvironmentVariable:
        return EnvironmentVariable(
            environment_id=self.target_id, key=key, value_encrypted=value_encrypted, hint=hint
        )

    def context(self, key: str) -> str:
        return variable_context(self.target_id, key)
