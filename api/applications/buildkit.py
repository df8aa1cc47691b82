"""Refusing build secrets up front on a server whose docker cannot run BuildKit.

The fact comes from the server's last setup or status check (`facts.buildkit`): False means
checked and absent; a missing fact (a server not checked since Berth learnt it) is not a
refusal, and the build itself probes again and fails with the same advice.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.exceptions import BuildKitUnavailable
from api.applications.repository import ApplicationVariables
from api.infra.builds import BUILDKIT_FIX
from api.models import Application, Server, VariableScope


def ensure_buildkit(server: Server, what: str) -> None:
    if server.facts.get("buildkit") is False:
        cli = server.facts.get("build_cli") or "docker"
        raise BuildKitUnavailable(
            f"{what}: build secrets need BuildKit, and server '{server.name}' ({cli}) has "
            f"neither the buildx plugin nor BuildKit built in. Fix: {BUILDKIT_FIX}"
        )


async def ensure_buildkit_for_secrets(
    session: AsyncSession, app: Application, server: Server
) -> None:
    """For a build of `app` on `server`: refused only if the app has build secrets."""
    if server.facts.get("buildkit") is not False:
        return
    if await ApplicationVariables(session, app, VariableScope.build_secret).list():
        ensure_buildkit(server, f"application '{app.name}' has build secrets")
