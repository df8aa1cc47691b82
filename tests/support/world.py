"""One row of every kind a path id can name, in one organisation: the seed of the suites that
call every route (the permission matrix, Schemathesis). A new resource with its own path id
is added here once, and both suites reach its routes."""

from __future__ import annotations

import json
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.databases.service import credentials_context
from api.destinations.remotes import seal_credentials
from api.kit.crypto import Keyring
from api.models import (
    Application,
    AuditExport,
    BackupPolicy,
    BackupSchedule,
    CertificateMode,
    ChannelKind,
    Database,
    DatabaseAction,
    DatabaseEngine,
    DatabaseLink,
    DatabaseOperation,
    Deployment,
    DeploymentTrigger,
    Destination,
    DestinationKind,
    Domain,
    JobStatus,
    NotificationChannel,
    NotificationSubscription,
    Organization,
    Registry,
    Server,
    ServerKind,
    ServerSetup,
)
from api.notifications.secrets import seal as seal_channel
from api.registries.secrets import seal_password
from tests.factories.projects import create_environment, create_project


async def seed_resources(
    session: AsyncSession,
    org: Organization,
    *,
    label: str,
    server_address: tuple[str, int],
    registry_host: str,
    webhook_url: str = "https://hooks.invalid/",
    keyring: Keyring | None = None,
) -> dict[str, uuid.UUID]:
    """Rows for every path id but users and tokens (the callers' own), by path parameter.

    The server and the registry point where the caller says (nothing answering there: these
    suites check who may call and what the document promises, not what a server does), as
    does the notification channel's webhook. With a keyring the registry's password, the
    channel's secrets and the database's credentials are really sealed, so an operation may
    open them.
    """
    project = await create_project(session, org)
    environment = await create_environment(session, project)
    export = AuditExport(
        organization_id=org.id, requested_by="test", status=JobStatus.succeeded, content=b""
    )
    host, port = server_address
    server = Server(
        organization_id=org.id,
        name=label,
        kind=ServerKind.ssh,
        host=host,
        port=port,
        username="root",
        public_key=f"ssh-ed25519 AAAA {label}",
    )
    session.add_all([export, server])
    await session.flush()
    setup = ServerSetup(
        organization_id=org.id,
        server_id=server.id,
        requested_by="test",
        status=JobStatus.succeeded,
        steps=[],
    )
    application = Application(
        organization_id=org.id,
        environment_id=environment.id,
        server_id=server.id,
        name="web",
        source={"type": "image", "image": "registry.test/web:1"},
        runtime={"replicas": 1},
        service_name=f"berth-web-{uuid.uuid4().hex[:8]}",
    )
    session.add_all([setup, application])
    await session.flush()
    deployment = Deployment(
        organization_id=org.id,
        application_id=application.id,
        server_id=server.id,
        trigger=DeploymentTrigger.api,
        source=application.source,
        runtime=application.runtime,
        status=JobStatus.succeeded,
        steps=[],
    )
    registry = Registry(
        id=uuid.uuid4(),  # a sealed password is bound to the row's id
        organization_id=org.id,
        name=label,
        host=registry_host,
        username="ci",
        password_encrypted="v1.unused",  # never opened without a keyring: reads never reveal it
    )
    if keyring is not None:
        seal_password(keyring, registry, "registry-password")
    domain = Domain(
        organization_id=org.id,
        application_id=application.id,
        server_id=server.id,
        host=f"{label}.example.com",
        certificate=CertificateMode.letsencrypt_http,
    )
    channel = NotificationChannel(
        id=uuid.uuid4(),  # sealed secrets are bound to the row's id
        organization_id=org.id,
        name=label,
        # Without a keyring nothing can be sent, and a Slack channel's reads need no config.
        kind=ChannelKind.webhook if keyring is not None else ChannelKind.slack,
        secrets_encrypted="v1.unused",  # never opened without a keyring: reads show hints only
    )
    if keyring is not None:
        seal_channel(keyring, channel, {"url": webhook_url, "signing_secret": "s" * 24})
    session.add_all([deployment, registry, domain, channel])
    await session.flush()
    subscription = NotificationSubscription(
        organization_id=org.id, channel_id=channel.id, event_types=["deployment.failed"]
    )
    session.add(subscription)
    await session.flush()
    database = Database(
        id=uuid.uuid4(),  # sealed credentials are bound to the row's id
        organization_id=org.id,
        environment_id=environment.id,
        server_id=server.id,
        name=label,
        engine=DatabaseEngine.postgresql,
        image="postgres:17",
        service_name=f"db-{label}-{uuid.uuid4().hex[:8]}",
        volume_name=f"db-{label}-data",
        database_name=label,
        username=label,
        credentials_encrypted="v1.unused",  # never opened without a keyring
    )
    if keyring is not None:
        database.credentials_encrypted = keyring.encrypt(
            json.dumps({"password": "p" * 32, "root_password": "r" * 32}),
            context=credentials_context(database.id),
        )
    session.add(database)
    await session.flush()
    operation = DatabaseOperation(
        organization_id=org.id,
        database_id=database.id,
        action=DatabaseAction.create,
        status=JobStatus.succeeded,
        steps=[],
    )
    link = DatabaseLink(
        organization_id=org.id,
        application_id=application.id,
        database_id=database.id,
        variable="DATABASE_URL",
    )
    session.add_all([operation, link])
    destination = Destination(
        id=uuid.uuid4(),  # sealed credentials are bound to the row's id
        organization_id=org.id,
        name=label,
        kind=DestinationKind.s3,
        # Where the registry points: nothing answers there.
        settings={"kind": "s3", "endpoint": f"http://{registry_host}", "bucket": "backups"},
        credentials_encrypted="v1.unused",  # never opened without a keyring
    )
    if keyring is not None:
        seal_credentials(
            keyring, destination, {"access_key_id": "AK", "secret_access_key": "S" * 20}
        )
    session.add(destination)
    await session.flush()
    policy = BackupPolicy(
        organization_id=org.id,
        database_id=database.id,
        destination_id=destination.id,
        name=label,
        schedule=BackupSchedule.daily,
        timezone="UTC",
    )
    session.add(policy)
    await session.flush()
    return {
        "organization_id": org.id,
        "project_id": project.id,
        "environment_id": environment.id,
        "export_id": export.id,
        "server_id": server.id,
        "setup_id": setup.id,
        "application_id": application.id,
        "deployment_id": deployment.id,
        "registry_id": registry.id,
        "domain_id": domain.id,
        "channel_id": channel.id,
        "subscription_id": subscription.id,
        "database_id": database.id,
        "operation_id": operation.id,
        "link_id": link.id,
        "destination_id": destination.id,
        "policy_id": policy.id,
    }
