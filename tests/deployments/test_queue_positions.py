"""An application's deployment list: queue positions, and what they cost in queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.models import (
    Application,
    Deployment,
    DeploymentTrigger,
    Environment,
    JobStatus,
    Role,
)
from api.models.base import utcnow
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role


def _deployment(app: Application, status: JobStatus, queued_seconds_ago: float) -> Deployment:
    return Deployment(
        organization_id=app.organization_id,
        application_id=app.id,
        server_id=app.server_id,
        source=app.source,
        runtime=app.runtime,
        trigger=DeploymentTrigger.api,
        status=status,
        queued_at=utcnow() - timedelta(seconds=queued_seconds_ago),
    )


@contextmanager
def counted_queries(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every statement sent to PostgreSQL meanwhile (the app's connections come from `engine`)."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _application(session: AsyncSession) -> tuple[Application, dict[str, str]]:
    org = await create_org(session)
    _, viewer = await user_with_role(session, org, Role.viewer)
    environment = await create_environment(session, await create_project(session, org))
    return await create_application(session, environment), viewer


async def _sibling(session: AsyncSession, app: Application) -> Application:
    environment = await session.get(Environment, app.environment_id)
    assert environment is not None
    return await create_application(session, environment, name="api")


async def test_list_shows_each_queued_deployments_place_behind_the_running_one(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    app, viewer = await _application(session)
    running = _deployment(app, JobStatus.running, 100)
    first = _deployment(app, JobStatus.queued, 50)
    tied_a, tied_b = _deployment(app, JobStatus.queued, 40), _deployment(app, JobStatus.queued, 0)
    tied_b.queued_at = tied_a.queued_at  # equal times: neither waits for the other
    last = _deployment(app, JobStatus.queued, 10)
    done = _deployment(app, JobStatus.succeeded, 200)
    session.add_all([running, first, tied_a, tied_b, last, done])
    # Another application's queue is its own.
    other = await _sibling(session, app)
    session.add(_deployment(other, JobStatus.running, 300))
    await session.flush()

    listed = await client.get(f"/api/v1/applications/{app.id}/deployments", headers=viewer)
    assert listed.status_code == 200, listed.text
    positions = {d["id"]: d["queue_position"] for d in listed.json()["items"]}
    assert positions == {
        str(running.id): None,
        str(done.id): None,
        str(first.id): 1,
        str(tied_a.id): 2,
        str(tied_b.id): 2,
        str(last.id): 4,
    }
    one = await client.get(f"/api/v1/deployments/{last.id}", headers=viewer)
    assert one.json()["queue_position"] == 4


async def test_listing_costs_the_same_queries_however_many_deployments_are_queued(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine
) -> None:
    app, viewer = await _application(session)
    session.add(_deployment(app, JobStatus.running, 100))
    session.add_all(_deployment(app, JobStatus.queued, 50 - i) for i in range(2))
    await session.flush()
    url = f"/api/v1/applications/{app.id}/deployments"
    # The token's first use is recorded once (last_used_at): keep it out of the count.
    assert (await client.get(url, headers=viewer)).status_code == 200
    with counted_queries(engine) as few:
        assert (await client.get(url, headers=viewer)).status_code == 200

    session.add_all(_deployment(app, JobStatus.queued, 40 - i) for i in range(10))
    await session.flush()
    with counted_queries(engine) as many:
        listed = await client.get(url, headers=viewer)
    assert listed.status_code == 200
    assert sorted(d["queue_position"] or 0 for d in listed.json()["items"]) == [0, *range(1, 13)]
    assert len(many) == len(few), many
