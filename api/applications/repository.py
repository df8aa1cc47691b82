from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.repository import OrgScopedRepository
from api.models import Application, ApplicationVariable, Deployment, VariableScope
from api.variables.repository import VariableSet


class ApplicationRepository(OrgScopedRepository[Application]):
    model = Application
    name_scope = "environment_id"

    async def named_on_server(
        self, server_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
    ) -> Application | None:
        """The application on this server with this name, hence the owner of the generated
        host name `<name>.<base domain>` (names are unique per environment only)."""
        statement = select(Application).where(
            Application.server_id == server_id, Application.name == name
        )
        if exclude is not None:
            statement = statement.where(Application.id != exclude)
        return (await self.session.execute(statement.limit(1))).scalars().first()

    async def ever_started(self, app: Application) -> bool:
        """Did any deployment of it reach a worker (and so maybe the server)?"""
        started = await self.session.scalar(
            select(Deployment.id)
            .where(Deployment.application_id == app.id, Deployment.started_at.is_not(None))
            .limit(1)
        )
        return started is not None


def application_variable_context(application_id: uuid.UUID, scope: VariableScope, key: str) -> str:
    # Bound to app, scope and key: a build secret's blob copied into the runtime set (where
    # it would reach the containers) fails to decrypt, as does one moved between apps.
    return f"application_variable:{application_id}:{scope}:{key}"


class ApplicationVariables(VariableSet[ApplicationVariable]):
    """One application's runtime variables, or its build secrets."""

    model = ApplicationVariable
    target_type = "application"

    def __init__(self, session: AsyncSession, app: Application, scope: VariableScope) -> None:
        super().__init__(session, app.organization_id, app.id)
        self.scope = scope
        self.audit_action = (
            "application.variables"
            if scope is VariableScope.runtime
            else "application.build_secrets"
        )

    def _belongs(self) -> Sequence[ColumnElement[bool]]:
        return [
            ApplicationVariable.application_id == self.target_id,
            ApplicationVariable.scope == self.scope,
        ]

    def new(self, key: str, value_encrypted: str, hint: str) -> ApplicationVariable:
        return ApplicationVariable(
            application_id=self.target_id,
            scope=self.scope,
            key=key,
            value_encrypted=value_encrypted,
            hint=hint,
        )

    def context(self, key: str) -> str:
        return application_variable_context(self.target_id, self.scope, key)
