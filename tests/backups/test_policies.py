"""Backup policies on a database: a destination of the same organization, a schedule that
fits together (preset or cron, in a real time zone), retention that can never keep zero."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Database, DatabaseEngine, Destination, DestinationKind, Organization, Role
from tests.factories.applications import create_server
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


async def _database(
    session: AsyncSession, org: Organization, engine: DatabaseEngine = DatabaseEngine.postgresql
) -> Database:
    project = await create_project(session, org)
    environment = await create_environment(session, project)
    server = await create_server(session, org.id)
    label = f"db{uuid.uuid4().hex[:8]}"
    database = Database(
        organization_id=org.id,
        environment_id=environment.id,
        server_id=server.id,
        name=label,
        engine=engine,
        image="postgres:17",
        service_name=f"db-{label}",
        volume_name=f"db-{label}-data",
        database_name=label,
        username=label,
        credentials_encrypted="v1.unused",
    )
    session.add(database)
    await session.flush()
    return database


async def _destination(session: AsyncSession, org: Organization) -> Destination:
    destination = Destination(
        organization_id=org.id,
        name=f"dest-{uuid.uuid4().hex[:8]}",
        kind=DestinationKind.s3,
        settings={"kind": "s3", "bucket": "backups"},
        credentials_encrypted="v1.unused",
    )
    session.add(destination)
    await session.flush()
    return destination


class World:
    def __init__(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        database: Database,
        destination: Destination,
    ) -> None:
        self.client, self.member = client, member
        self.database, self.destination = database, destination

    async def create(self, **body: Any) -> httpx.Response:
        body.setdefault("name", "nightly")
        body.setdefault("destination_id", str(self.destination.id))
        return await self.client.post(
            f"/api/v1/databases/{self.database.id}/backup-policies", json=body, headers=self.member
        )


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    org = await create_org(session)
    _, member = await user_with_role(session, org, Role.member)
    return World(client, member, await _database(session, org), await _destination(session, org))


async def test_a_daily_policy_shows_its_next_run_in_its_time_zone(world: World) -> None:
    created = await world.create(schedule="daily", timezone="Europe/Paris", keep_last=3)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["keep_last"], body["keep_daily"], body["enabled"]) == (3, 0, True)
    upcoming = datetime.fromisoformat(body["next_run_at"]).astimezone(ZoneInfo("Europe/Paris"))
    assert (upcoming.hour, upcoming.minute) == (2, 0)  # 02:00 local, whatever the UTC offset
    listed = await world.client.get(
        f"/api/v1/databases/{world.database.id}/backup-policies", headers=world.member
    )
    assert [p["id"] for p in listed.json()["items"]] == [body["id"]]


async def test_cron_schedules_are_validated(world: World) -> None:
    ok = await world.create(schedule="cron", cron="30 3 * * 1-5", timezone="America/New_York")
    assert ok.status_code == 201, ok.text
    upcoming = datetime.fromisoformat(ok.json()["next_run_at"]).astimezone(
        ZoneInfo("America/New_York")
    )
    assert (upcoming.hour, upcoming.minute, upcoming.isoweekday() <= 5) == (3, 30, True)
    for body in (
        {"schedule": "cron", "cron": "* * * * *"},  # every minute
        {"schedule": "cron", "cron": "0 2 * *"},
        {"schedule": "cron", "cron": "61 2 * * *"},
        {"schedule": "cron", "cron": "0 2 * * * ; rm -rf /"},
        {"schedule": "cron"},
        {"schedule": "daily", "cron": "0 2 * * *"},
        {"timezone": "Mars/Olympus"},
        {"timezone": "../../etc/passwd"},
    ):
        assert_problem(await world.create(name="bad", **body), 422, "validation-error")


@pytest.mark.parametrize("field", ["keep_last"])
async def test_retention_can_never_keep_zero(world: World, field: str) -> None:
    # Keep-N with N=0 is how a peer's "keep latest" deleted every backup.
    assert_problem(await world.create(**{field: 0}), 422, "validation-error")
    assert_problem(await world.create(keep_daily=-1), 422, "validation-error")


async def test_a_destination_of_another_organization_is_not_found(
    world: World, session: AsyncSession
) -> None:
    other = await _destination(session, await create_org(session))
    body = assert_problem(
        await world.create(destination_id=str(other.id)), 422, "backup-destination-not-found"
    )
    assert str(other.id) in body["detail"]


async def test_engines_the_pipeline_cannot_dump_yet_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, member = await user_with_role(session, org, Role.member)
    world = World(
        client,
        member,
        await _database(session, org, DatabaseEngine.redis),
        await _destination(session, org),
    )
    assert_problem(await world.create(), 422, "backup-engine-unsupported")


async def test_update_switches_between_preset_and_cron_and_disables(world: World) -> None:
    policy = (await world.create(schedule="cron", cron="0 4 * * *")).json()
    path = f"/api/v1/backup-policies/{policy['id']}"
    updated = await world.client.patch(path, json={"schedule": "weekly"}, headers=world.member)
    assert updated.status_code == 200, updated.text
    assert (updated.json()["schedule"], updated.json()["cron"]) == ("weekly", None)
    assert_problem(
        await world.client.patch(path, json={"schedule": "cron"}, headers=world.member),
        422,
        "backup-schedule-invalid",
    )
    off = await world.client.patch(path, json={"enabled": False}, headers=world.member)
    assert off.json()["next_run_at"] is None


async def test_names_are_unique_per_database(world: World) -> None:
    assert (await world.create()).status_code == 201
    assert_problem(await world.create(), 409, "backup-policy-name-taken")


async def test_a_destination_in_use_cannot_be_deleted(world: World, session: AsyncSession) -> None:
    assert (await world.create()).status_code == 201
    org = await session.get(Organization, world.database.organization_id)
    assert org is not None
    _, admin = await user_with_role(session, org, Role.admin)
    response = await world.client.delete(
        f"/api/v1/destinations/{world.destination.id}", headers=admin
    )
    body = assert_problem(response, 409, "destination-in-use")
    assert "1 backup policy uses" in body["detail"]


async def test_viewers_read_policies_but_cannot_add_them(
    world: World, session: AsyncSession
) -> None:
    created = (await world.create()).json()
    org = await session.get(Organization, world.database.organization_id)
    assert org is not None
    _, viewer = await user_with_role(session, org, Role.viewer)
    got = await world.client.get(f"/api/v1/backup-policies/{created['id']}", headers=viewer)
    assert got.status_code == 200
    denied = await world.client.post(
        f"/api/v1/databases/{world.database.id}/backup-policies",
        json={"name": "x", "destination_id": str(world.destination.id)},
        headers=viewer,
    )
    assert_problem(denied, 403, "permission-denied")
