"""Redeploy means the version now serving, with the current settings; deploying the branch
tip (or a re-resolved tag) is the explicit POST …/deployments. After a rollback, redeploy
must not bring back the version just rolled back."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import (
    Application,
    Deployment,
    DeploymentOutcome,
    DeploymentTrigger,
    HostKeyStatus,
    JobStatus,
    Role,
    Server,
)
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role

GOOD = "a" * 40  # the commit rolled back to, serving now
BAD = "b" * 40  # the branch tip that was rolled back


async def _app(session: AsyncSession, source: dict[str, Any]) -> tuple[Application, dict[str, str]]:
    org = await create_org(session)
    _, headers = await user_with_role(session, org, Role.member)
    environment = await create_environment(session, await create_project(session, org))
    app = await create_application(session, environment)
    app.source = source
    server = await session.get(Server, app.server_id)
    assert server is not None
    # Queueing refuses untrusted servers (nothing here contacts the host).
    server.host_key_status = HostKeyStatus.trusted
    server.host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFactoryFactoryFactoryFactoryFactoryFa"
    await session.flush()
    return app, headers


async def _serving(session: AsyncSession, app: Application, **released: Any) -> Deployment:
    """The state after a rollback: the current deployment released `released`."""
    deployment = Deployment(
        id=uuid.uuid4(),
        organization_id=app.organization_id,
        application_id=app.id,
        server_id=app.server_id,
        trigger=DeploymentTrigger.rollback,
        source={"type": "image", "image": released["image"]},
        runtime=dict(app.runtime),
        status=JobStatus.succeeded,
        outcome=DeploymentOutcome.released,
        **released,
    )
    session.add(deployment)
    await session.flush()
    app.current_deployment_id = deployment.id
    await session.flush()
    return deployment


async def _queued_source(
    client: httpx.AsyncClient, session: AsyncSession, response: httpx.Response
) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    row = await session.get(Deployment, uuid.UUID(response.json()["id"]))
    assert row is not None
    await session.refresh(row)
    return dict(row.source)


GIT = {"type": "git", "repository": "https://git.example.test/shop.git", "ref": "main", "path": "."}


async def test_redeploy_after_a_rollback_rebuilds_the_commit_now_serving(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    app, headers = await _app(session, dict(GIT))
    await _serving(session, app, image="sha256:" + "1" * 64, commit_sha=GOOD)
    response = await client.post(f"/api/v1/applications/{app.id}/redeploy", headers=headers)
    source = await _queued_source(client, session, response)
    assert response.json()["trigger"] == "redeploy"
    # Rebuilt from git (build settings may have changed since), at exactly that commit.
    assert source == {**GIT, "commit": GOOD}


async def test_deploy_is_the_explicit_way_to_the_branch_tip(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    app, headers = await _app(session, dict(GIT))
    await _serving(session, app, image="sha256:" + "1" * 64, commit_sha=GOOD)
    tip = await client.post(f"/api/v1/applications/{app.id}/deployments", json={}, headers=headers)
    source = await _queued_source(client, session, tip)
    assert source["ref"] == "main"
    assert source.get("commit") is None  # the tip, fetched when the build starts
    branch = await client.post(
        f"/api/v1/applications/{app.id}/deployments", json={"ref": "release"}, headers=headers
    )
    assert (await _queued_source(client, session, branch))["ref"] == "release"


async def test_redeploy_of_an_image_app_keeps_the_digest_now_serving(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    app, headers = await _app(session, {"type": "image", "image": "registry.test/web:1"})
    pinned = "registry.test/web:1@sha256:" + "2" * 64
    await _serving(session, app, image=pinned)
    response = await client.post(f"/api/v1/applications/{app.id}/redeploy", headers=headers)
    assert await _queued_source(client, session, response) == {"type": "image", "image": pinned}


async def test_redeploy_with_nothing_serving_deploys_the_source_as_configured(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    app, headers = await _app(session, dict(GIT))
    response = await client.post(f"/api/v1/applications/{app.id}/redeploy", headers=headers)
    assert await _queued_source(client, session, response) == GIT
