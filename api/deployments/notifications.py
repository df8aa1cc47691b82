"""A deployment's outcome as a notification event (issue #17): the flow calls
`announce_outcome` once, in the transaction that records the outcome."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.variables import build_secrets, runtime_environment
from api.kit.crypto import Keyring, SecretDecryptionError
from api.models import Application, Deployment, DeploymentOutcome, Environment, Project, Server
from api.notifications.events import Event, EventType
from api.notifications.outbox import announce

EVENT_OF_OUTCOME = {
    DeploymentOutcome.released: EventType.deployment_succeeded,
    DeploymentOutcome.failed: EventType.deployment_failed,
    DeploymentOutcome.rolled_back: EventType.deployment_rolled_back,
    DeploymentOutcome.cancelled: EventType.deployment_cancelled,
}
# Values shorter than this are too common ("1", "true") to redact without mangling text.
MIN_REDACTED = 4


def redact(text: str, secrets: Iterable[str]) -> str:
    """A build's or a container's output can echo a variable; a message must not carry it."""
    for value in sorted({s for s in secrets if len(s) >= MIN_REDACTED}, key=len, reverse=True):
        text = text.replace(value, "[redacted]")
    return text


async def announce_outcome(
    session: AsyncSession,
    keyring: Keyring | None,
    deployment: Deployment,
    outcome: DeploymentOutcome,
    reason: str | None = None,
) -> int:
    app = await session.get(Application, deployment.application_id)
    if app is None:
        return 0
    environment = await session.get(Environment, app.environment_id)
    project = await session.get(Project, environment.project_id) if environment else None
    server = await session.get(Server, deployment.server_id)
    if reason and keyring is not None:  # None: the reason is Berth's own words
        try:
            values = (await runtime_environment(session, keyring, app)).values()
            reason = redact(
                reason, [*values, *(await build_secrets(session, keyring, app)).values()]
            )
        except SecretDecryptionError:
            reason = "the reason is withheld: the application's variables could not be read"
    facts: dict[str, str] = {}
    if deployment.commit_sha:
        subject = f" {deployment.commit_subject}" if deployment.commit_subject else ""
        facts["Commit"] = f"{deployment.commit_sha[:12]}{subject}"
    elif deployment.image:
        facts["Image"] = deployment.image
    if server is not None:
        facts["Server"] = server.name
    names = [n for n in (project and project.name, environment and environment.name) if n]
    return await announce(
        session,
        Event(
            type=EVENT_OF_OUTCOME[outcome],
            organization_id=deployment.organization_id,
            target_type="deployment",
            target_id=deployment.id,
            subject=" / ".join([*names, app.name]),
            path=f"/orgs/{deployment.organization_id}/deployments/{deployment.id}",
            reason=reason,
            project_id=environment.project_id if environment else None,
            environment_id=app.environment_id,
            facts=facts,
        ),
    )
