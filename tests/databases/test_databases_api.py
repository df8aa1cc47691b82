"""Databases through the API (no server contact): create, read, reveal, update rules,
operations, links. The release itself is covered on real servers (test_databases_e2e)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import (
    Application,
    AuditEvent,
    Database,
    DatabaseLink,
    DatabaseOperation,
    Role,
)
from tests.applications.conftest import create_server
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


async def _create(
    client: httpx.AsyncClient, setting: dict[str, Any], **over: Any
) -> httpx.Response:
    body: dict[str, Any] = {
        "name": "main",
        "engine": "postgresql",
        "server_id": str(setting["server"].id),
    }
    body.update(over)
    return await client.post(
        f"/api/v1/environments/{setting['environment'].id}/databases",
        json=body,
        headers=setting["member"],
    )


async def test_create_generates_encrypted_credentials_never_read_back(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    response = await _create(client, setting, args=["-c", "shared_buffers=64MB"])
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["image"] == "postgres:17"
    assert created["status"] == "pending"
    assert created["internal_host"] == created["service_name"]
    assert created["port"] == 5432
    assert created["args"] == ["-c", "shared_buffers=64MB"]
    assert created["database_name"] == created["username"] == "main"
    row = await session.get(Database, created["id"])
    assert row is not None
    # Encrypted at rest: the stored blob holds neither password in the clear.
    assert row.credentials_encrypted.startswith("v1.")
    listed = await client.get(
        f"/api/v1/environments/{setting['environment'].id}/databases", headers=setting["viewer"]
    )
    assert listed.status_code == 200
    for read in (created, listed.json()["items"][0]):
        assert not {"password", "credentials_encrypted", "url"} & set(read)
    operation = await session.scalar(
        select(DatabaseOperation).where(DatabaseOperation.database_id == row.id)
    )
    assert operation is not None
    assert operation.action == "create"
    assert operation.status == "queued"


async def test_reveal_is_audited_and_refused_to_viewers(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    created = (await _create(client, setting, engine="redis", name="cache")).json()
    url = f"/api/v1/databases/{created['id']}/credentials/reveal"
    assert_problem(await client.post(url, headers=setting["viewer"]), 403, "permission-denied")
    revealed = await client.post(url, headers=setting["member"])
    assert revealed.status_code == 200, revealed.text
    assert revealed.headers["cache-control"] == "no-store"
    details = revealed.json()
    assert len(details["password"]) == 32
    assert details["password"].isalnum()
    assert details["url"] == (
        f"redis://default:{details['password']}@{created['service_name']}:6379/0"
    )
    row = await session.get(Database, created["id"])
    assert row is not None
    assert details["password"] not in row.credentials_encrypted
    events = (
        await session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == row.id))
    ).all()
    assert "database.credentials.reveal" in events
    # Nothing in the audit log carries the password either.
    data = (
        await session.scalars(select(AuditEvent.data).where(AuditEvent.target_id == row.id))
    ).all()
    assert details["password"] not in json.dumps(data)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"name": "Main DB"}, "name"),
        ({"engine": "oracle"}, "engine"),
        ({"version": "17; rm -rf /"}, "version"),
        ({"image": "$(id)"}, "image"),
        ({"image": "postgres"}, None),  # no tag: refused as a moving image
        ({"version": "17", "image": "postgres:17"}, None),
        ({"args": "-c shared_buffers=1GB"}, "args"),
        ({"args": ["ok", "bad\nline"]}, None),
        ({"args": [""]}, "args"),
        ({"external_port": 80}, "external_port"),
        ({"external_port": 70000}, "external_port"),
        ({"resources": {"memory_limit_mb": 1}}, "resources"),
    ],
)
async def test_bad_input_is_4xx_and_writes_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    setting: dict[str, Any],
    over: dict[str, Any],
    field: str | None,
) -> None:
    response = await _create(client, setting, **over)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert any(field in e["loc"] for e in response.json().get("errors", [])), response.text
    assert await session.scalar(select(func.count()).select_from(Database)) == 0


async def test_name_and_external_port_clash_are_409(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    assert (await _create(client, setting, external_port=15432)).status_code == 201
    assert_problem(await _create(client, setting), 409, "database-name-taken")
    clash = assert_problem(
        await _create(client, setting, name="other", external_port=15432),
        409,
        "external-port-taken",
    )
    assert "15432" in clash["detail"]
    assert "'main'" in clash["detail"]


async def test_major_version_change_is_409_minor_update_queues(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    created = (await _create(client, setting, version="16.4")).json()
    url = f"/api/v1/databases/{created['id']}"
    problem = assert_problem(
        await client.patch(url, json={"version": "17"}, headers=setting["member"]),
        409,
        "database-major-version-change",
    )
    assert "dump" in problem["detail"]
    # The create operation still waits: another change is refused until it starts.
    assert_problem(
        await client.patch(url, json={"version": "16.6"}, headers=setting["member"]),
        409,
        "database-busy",
    )
    row = await session.get(Database, created["id"])
    assert row is not None
    assert row.image == "postgres:16.4"
    first = await session.scalar(
        select(DatabaseOperation).where(DatabaseOperation.database_id == row.id)
    )
    assert first is not None
    first.status = "succeeded"  # type: ignore[assignment]
    await session.flush()
    updated = await client.patch(url, json={"version": "16.6"}, headers=setting["member"])
    assert updated.status_code == 200, updated.text
    assert updated.json()["image"] == "postgres:16.6"
    operations = await client.get(f"{url}/operations", headers=setting["viewer"])
    assert [o["action"] for o in operations.json()["items"]] == ["update", "create"]


async def test_stop_needs_deploy_permission_and_records_desired_state(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    created = (await _create(client, setting)).json()
    url = f"/api/v1/databases/{created['id']}/stop"
    assert_problem(await client.post(url, headers=setting["viewer"]), 403, "permission-denied")
    row = await session.get(Database, created["id"])
    assert row is not None
    await session.execute(
        update(DatabaseOperation)
        .where(DatabaseOperation.database_id == row.id)
        .values(status="succeeded")
    )
    stopped = await client.post(url, headers=setting["member"])
    assert stopped.status_code == 202, stopped.text
    assert stopped.json()["action"] == "stop"
    got = await client.get(f"/api/v1/databases/{created['id']}", headers=setting["viewer"])
    assert got.json()["desired_state"] == "stopped"


async def test_other_organisation_sees_nothing(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    created = (await _create(client, setting)).json()
    other = await create_org(session)
    _, stranger = await user_with_role(session, other, Role.admin)
    for method, path in (
        ("GET", f"/databases/{created['id']}"),
        ("POST", f"/databases/{created['id']}/credentials/reveal"),
        ("POST", f"/databases/{created['id']}/restart"),
        ("DELETE", f"/databases/{created['id']}"),
    ):
        response = await client.request(method, f"/api/v1{path}", headers=stranger)
        assert_problem(response, 404, "database-not-found")


async def _app(session: AsyncSession, setting: dict[str, Any], **over: Any) -> Application:
    values: dict[str, Any] = {
        "organization_id": setting["org"].id,
        "environment_id": setting["environment"].id,
        "server_id": setting["server"].id,
        "name": "web",
        "source": {"type": "image", "image": "registry.test/web:1"},
        "runtime": {"replicas": 1},
        "service_name": "berth-web-12345678",
    }
    values.update(over)
    app = Application(**values)
    session.add(app)
    await session.flush()
    return app


async def test_link_only_within_environment_and_server(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    database = (await _create(client, setting)).json()
    app = await _app(session, setting)
    url = f"/api/v1/applications/{app.id}/links"
    linked = await client.post(url, json={"database_id": database["id"]}, headers=setting["member"])
    assert linked.status_code == 201, linked.text
    assert linked.json()["variable"] == "DATABASE_URL"
    assert_problem(
        await client.post(url, json={"database_id": database["id"]}, headers=setting["member"]),
        409,
        "database-link-variable-taken",
    )
    # Another environment of the same organisation: not on the app's private network.
    elsewhere = await create_environment(
        session, await create_project(session, setting["org"]), "staging"
    )
    other_app = await _app(
        session, setting, environment_id=elsewhere.id, service_name="berth-web-87654321"
    )
    problem = assert_problem(
        await client.post(
            f"/api/v1/applications/{other_app.id}/links",
            json={"database_id": database["id"]},
            headers=setting["member"],
        ),
        409,
        "database-link-not-allowed",
    )
    assert "another environment" in problem["detail"]
    # Same environment, another server.
    server2 = await create_server(session, setting["org"])
    far_app = await _app(
        session, setting, name="api", server_id=server2.id, service_name="berth-api-11112222"
    )
    assert_problem(
        await client.post(
            f"/api/v1/applications/{far_app.id}/links",
            json={"database_id": database["id"]},
            headers=setting["member"],
        ),
        409,
        "database-link-not-allowed",
    )
    assert_problem(
        await client.post(
            url, json={"database_id": database["id"], "variable": "1BAD"}, headers=setting["member"]
        ),
        422,
        "validation-error",
    )
    listed = await client.get(url, headers=setting["viewer"])
    assert [link["database_id"] for link in listed.json()] == [database["id"]]
    deleted = await client.delete(f"{url}/{linked.json()['id']}", headers=setting["member"])
    assert deleted.status_code == 204
    assert await session.scalar(select(func.count()).select_from(DatabaseLink)) == 0


async def test_delete_of_a_never_released_database_needs_no_server(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    created = (await _create(client, setting)).json()
    response = await client.delete(f"/api/v1/databases/{created['id']}", headers=setting["member"])
    assert response.status_code == 204, response.text
    assert await session.get(Database, created["id"]) is None
