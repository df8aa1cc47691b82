"""What a deployment hands to the build and to the containers, decrypted at the last
moment: the deploy flow calls these; no read API ever does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.repository import ApplicationVariables
from api.environments.repository import EnvironmentVariables
from api.kit.crypto import Keyring
from api.models import Application, VariableScope
from api.variables.service import variable_service


async def runtime_environment(
    session: AsyncSession, keyring: Keyring, app: Application
) -> dict[str, str]:
    """The containers' environment: the environment's variables, overridden key by key by
    the application's own runtime variables (the more specific setting wins)."""
    shared = await variable_service.reveal(
        keyring, EnvironmentVariables(session, app.organization_id, app.environment_id)
    )
    own = await variable_service.reveal(
        keyring, ApplicationVariables(session, app, VariableScope.runtime)
    )
    return shared | own


async def build_secrets(
    session: AsyncSession, keyring: Keyring, app: Application
) -> dict[str, str]:
    """Secrets for the build only (e.g. BuildKit `--secret`), never the running service."""
    return await variable_service.reveal(
        keyring, ApplicationVariables(session, app, VariableScope.build_secret)
    )
