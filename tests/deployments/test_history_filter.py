"""An application's history filtered by what each deployment came to, on the server: a
rolled-back release (status `failed`, outcome `rolled_back`) is not a plain failure."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Deployment, DeploymentOutcome, DeploymentTrigger, JobStatus, Role
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem

ROWS = {
    "queued": (JobStatus.queued, None),
    "running": (JobStatus.running, None),
    "released": (JobStatus.succeeded, DeploymentOutcome.released),
    "broken build": (JobStatus.failed, DeploymentOutcome.failed),
    "lost": (JobStatus.failed, None),
    "rolled back": (JobStatus.failed, DeploymentOutcome.rolled_back),
    "cancelled": (JobStatus.cancelled, DeploymentOutcome.cancelled),
}


async def test_history_filters_by_state(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, viewer = await user_with_role(session, org, Role.viewer)
    app = await create_application(
        session, await create_environment(session, await create_project(session, org))
    )
    ids = {}
    for label, (status, outcome) in ROWS.items():
        row = Deployment(
            organization_id=org.id,
            application_id=app.id,
            server_id=app.server_id,
            source=app.source,
            runtime=app.runtime,
            trigger=DeploymentTrigger.api,
            status=status,
            outcome=outcome,
        )
        session.add(row)
        await session.flush()
        ids[str(row.id)] = label
    url = f"/api/v1/applications/{app.id}/deployments"

    async def labels(*states: str) -> set[str]:
        response = await client.get(url, params={"state": list(states)}, headers=viewer)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["pagination"]["total_count"] == len(body["items"])  # counted after the filter
        return {ids[item["id"]] for item in body["items"]}

    assert await labels() == set(ROWS)
    assert await labels("in_progress") == {"queued", "running"}
    assert await labels("succeeded") == {"released"}
    assert await labels("failed") == {"broken build", "lost"}
    assert await labels("rolled_back") == {"rolled back"}
    assert await labels("cancelled") == {"cancelled"}
    assert await labels("failed", "rolled_back") == {"broken build", "lost", "rolled back"}

    unknown = await client.get(url, params={"state": "exploded"}, headers=viewer)
    assert "state" in assert_problem(unknown, 422, "validation-error")["detail"] + unknown.text
