from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import ApiToken, Organization, Role, User
from tests.factories.projects import create_environment, create_project
from tests.factories.sessions import log_in
from tests.factories.users import (
    add_member,
    bearer,
    create_org,
    create_token,
    create_user,
    user_with_role,
)
from tests.support.problems import assert_problem

REQUEST_ID = "test-req-123"
CLIENT_ADDRESS = "203.0.113.7"  # the test client's address (tests/conftest.py)


def events_url(org_id: object) -> str:
    return f"/api/v1/organizations/{org_id}/audit-events"


@dataclass
class World:
    client: httpx.AsyncClient
    session: AsyncSession
    org: Organization
    owner: User
    token: ApiToken
    auth: dict[str, str]

    async def send(self, method: str, url: str, json: Any = None) -> httpx.Response:
        response = await self.client.request(
            method, url, json=json, headers={**self.auth, "X-Request-ID": REQUEST_ID}
        )
        assert response.status_code < 300, response.text
        assert response.headers["x-request-id"] == REQUEST_ID
        return response


@dataclass(frozen=True)
class Expected:
    action: str
    target_type: str
    target_id: uuid.UUID


Mutation = Callable[[World], Awaitable[Expected]]


async def _project_create(w: World) -> Expected:
    r = await w.send("POST", f"/api/v1/organizations/{w.org.id}/projects", {"name": "web"})
    return Expected("project.create", "project", uuid.UUID(r.json()["id"]))


async def _project_update(w: World) -> Expected:
    project = await create_project(w.session, w.org)
    await w.send("PATCH", f"/api/v1/projects/{project.id}", {"description": "new"})
    return Expected("project.update", "project", project.id)


async def _project_delete(w: World) -> Expected:
    project = await create_project(w.session, w.org)
    await w.send("DELETE", f"/api/v1/projects/{project.id}")
    return Expected("project.delete", "project", project.id)


async def _environment_create(w: World) -> Expected:
    project = await create_project(w.session, w.org)
    r = await w.send("POST", f"/api/v1/projects/{project.id}/environments", {"name": "qa"})
    return Expected("environment.create", "environment", uuid.UUID(r.json()["id"]))


async def _environment_update(w: World) -> Expected:
    environment = await create_environment(w.session, await create_project(w.session, w.org))
    await w.send("PATCH", f"/api/v1/environments/{environment.id}", {"name": "live"})
    return Expected("environment.update", "environment", environment.id)


async def _environment_delete(w: World) -> Expected:
    environment = await create_environment(w.session, await create_project(w.session, w.org))
    await w.send("DELETE", f"/api/v1/environments/{environment.id}")
    return Expected("environment.delete", "environment", environment.id)


async def _variables_update(w: World) -> Expected:
    environment = await create_environment(w.session, await create_project(w.session, w.org))
    url = f"/api/v1/environments/{environment.id}/variables"
    await w.send("PATCH", url, {"variables": {"A": "1"}})
    return Expected("environment.variables.update", "environment", environment.id)


async def _token_create(w: World) -> Expected:
    body = {"name": "new", "scopes": ["read"]}
    r = await w.send("POST", f"/api/v1/organizations/{w.org.id}/tokens", body)
    return Expected("token.create", "api_token", uuid.UUID(r.json()["id"]))


async def _token_revoke(w: World) -> Expected:
    token, _ = await create_token(w.session, w.org, w.owner, name="old")
    await w.send("DELETE", f"/api/v1/tokens/{token.id}")
    return Expected("token.revoke", "api_token", token.id)


async def _member_add(w: World) -> Expected:
    user = await create_user(w.session)
    body = {"email": user.email, "role": "member"}
    await w.send("POST", f"/api/v1/organizations/{w.org.id}/members", body)
    return Expected("member.add", "user", user.id)


async def _member_update(w: World) -> Expected:
    user = await create_user(w.session)
    await add_member(w.session, w.org, user, Role.member)
    url = f"/api/v1/organizations/{w.org.id}/members/{user.id}"
    await w.send("PATCH", url, {"role": "admin"})
    return Expected("member.update", "user", user.id)


async def _member_remove(w: World) -> Expected:
    user = await create_user(w.session)
    await add_member(w.session, w.org, user, Role.member)
    await w.send("DELETE", f"/api/v1/organizations/{w.org.id}/members/{user.id}")
    return Expected("member.remove", "user", user.id)


async def _organization_update(w: World) -> Expected:
    await w.send("PATCH", f"/api/v1/organizations/{w.org.id}", {"name": "Renamed"})
    return Expected("organization.update", "organization", w.org.id)


async def _audit_export_create(w: World) -> Expected:
    r = await w.send("POST", f"/api/v1/organizations/{w.org.id}/audit-exports", {})
    return Expected("audit_export.create", "audit_export", uuid.UUID(r.json()["id"]))


MUTATIONS: dict[str, Mutation] = {
    "project.create": _project_create,
    "project.update": _project_update,
    "project.delete": _project_delete,
    "environment.create": _environment_create,
    "environment.update": _environment_update,
    "environment.delete": _environment_delete,
    "environment.variables.update": _variables_update,
    "token.create": _token_create,
    "token.revoke": _token_revoke,
    "member.add": _member_add,
    "member.update": _member_update,
    "member.remove": _member_remove,
    "organization.update": _organization_update,
    "audit_export.create": _audit_export_create,
}


@pytest.mark.parametrize("name", list(MUTATIONS))
async def test_mutation_records_audit_event(
    client: httpx.AsyncClient, session: AsyncSession, name: str
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    token, secret = await create_token(session, org, owner, name="ci")
    world = World(client, session, org, owner, token, bearer(secret))

    expected = await MUTATIONS[name](world)

    listed = await client.get(
        events_url(org.id), params={"action": expected.action}, headers=bearer(secret)
    )
    assert listed.status_code == 200, listed.text
    matching = [e for e in listed.json()["items"] if e["target_id"] == str(expected.target_id)]
    assert len(matching) == 1, listed.json()
    event = matching[0]
    assert event["action"] == name
    assert event["target_type"] == expected.target_type
    assert event["actor_type"] == "token"
    assert event["actor_id"] == str(token.id)
    assert event["actor_label"] == f"{owner.email} (token ci)"
    assert event["request_id"] == REQUEST_ID
    assert event["client_address"] == CLIENT_ADDRESS


async def test_organization_create_records_event_with_user_actor(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    csrf = await log_in(client, session, user)

    created = await client.post(
        "/api/v1/organizations",
        json={"name": "Acme"},
        headers={**csrf, "X-Request-ID": REQUEST_ID},
    )
    assert created.status_code == 201, created.text
    assert created.headers["x-request-id"] == REQUEST_ID
    org_id = created.json()["id"]

    listed = await client.get(events_url(org_id), params={"action": "organization.create"})
    assert listed.status_code == 200, listed.text
    [event] = listed.json()["items"]
    assert event["target_type"] == "organization"
    assert event["target_id"] == org_id
    assert event["actor_type"] == "user"
    assert event["actor_id"] == str(user.id)
    assert event["actor_label"] == user.email
    assert event["request_id"] == REQUEST_ID
    assert event["data"] == {"name": "Acme"}


async def test_request_id_is_generated_when_absent_or_unsafe(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    url = f"/api/v1/organizations/{org.id}/projects"

    plain = await client.post(url, json={"name": "one"}, headers=auth)
    unsafe = await client.post(
        url, json={"name": "two"}, headers={**auth, "X-Request-ID": "bad id <script>"}
    )
    generated = {plain.headers["x-request-id"], unsafe.headers["x-request-id"]}
    assert len(generated) == 2
    assert all(len(rid) == 32 for rid in generated)

    listed = await client.get(events_url(org.id), params={"action": "project.create"}, headers=auth)
    assert {e["request_id"] for e in listed.json()["items"]} == generated


async def test_failed_mutation_records_no_event(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    await create_project(session, org, name="web")

    refused = await client.post(
        f"/api/v1/organizations/{org.id}/projects", json={"name": "web"}, headers=auth
    )
    assert refused.status_code == 409
    listed = await client.get(events_url(org.id), headers=auth)
    assert listed.json()["items"] == []


@pytest.mark.parametrize("role", [Role.member, Role.viewer])
async def test_listing_audit_events_needs_admin(
    client: httpx.AsyncClient, session: AsyncSession, role: Role
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, role)

    refused = await client.get(events_url(org.id), headers=auth)
    body = assert_problem(refused, 403, "permission-denied")
    assert body["required_permission"] == "admin"


async def test_admin_can_list_audit_events(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.admin)
    await client.post(f"/api/v1/organizations/{org.id}/projects", json={"name": "a"}, headers=auth)

    listed = await client.get(events_url(org.id), headers=auth)
    assert listed.status_code == 200, listed.text
    assert {e["action"] for e in listed.json()["items"]} == {
        "project.create",
        "environment.create",
    }


async def test_filters_by_action_and_target_type(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    projects = f"/api/v1/organizations/{org.id}/projects"
    first = await client.post(projects, json={"name": "a"}, headers=auth)
    await client.post(projects, json={"name": "b", "environments": ["x", "y"]}, headers=auth)
    await client.patch(f"/api/v1/projects/{first.json()['id']}", json={"name": "c"}, headers=auth)

    async def actions(**params: str) -> list[str]:
        r = await client.get(events_url(org.id), params=params, headers=auth)
        assert r.status_code == 200, r.text
        return sorted(e["action"] for e in r.json()["items"])

    assert await actions(action="project.create") == ["project.create"] * 2
    assert await actions(target_type="environment") == ["environment.create"] * 3
    assert await actions(target_type="project") == [
        "project.create",
        "project.create",
        "project.update",
    ]
    assert await actions(action="project.update", target_type="project") == ["project.update"]
    assert await actions(action="project.update", target_type="environment") == []
    assert await actions(target_id=first.json()["id"]) == ["project.create", "project.update"]
    assert await actions(action="no.such.action") == []


async def test_audit_events_are_paginated_newest_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    projects = f"/api/v1/organizations/{org.id}/projects"
    for name in ("p1", "p2", "p3", "p4", "p5"):
        created = await client.post(projects, json={"name": name, "environments": []}, headers=auth)
        assert created.status_code == 201

    first = await client.get(events_url(org.id), params={"limit": 2}, headers=auth)
    assert first.json()["pagination"] == {"total_count": 5, "max_page": 3, "page": 1, "limit": 2}
    seen = [e["data"]["name"] for e in first.json()["items"]]
    for page in (2, 3):
        r = await client.get(events_url(org.id), params={"limit": 2, "page": page}, headers=auth)
        seen += [e["data"]["name"] for e in r.json()["items"]]
    assert seen == ["p5", "p4", "p3", "p2", "p1"]

    oldest = await client.get(
        events_url(org.id), params={"limit": 2, "sorting": "created_at"}, headers=auth
    )
    assert [e["data"]["name"] for e in oldest.json()["items"]] == ["p1", "p2"]
    refused = await client.get(events_url(org.id), params={"sorting": "actor_label"}, headers=auth)
    assert_problem(refused, 422, "invalid-sorting")


async def test_events_of_another_org_are_never_visible(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    org_a = await create_org(session, owner=user)
    org_b = await create_org(session, owner=user)
    _, secret_a = await create_token(session, org_a, user)
    _, secret_b = await create_token(session, org_b, user)
    stranger_org = await create_org(session)
    _, stranger = await user_with_role(session, stranger_org, Role.owner)
    for org, secret in ((org_a, secret_a), (org_b, secret_b)):
        r = await client.post(
            f"/api/v1/organizations/{org.id}/projects",
            json={"name": f"only-{org.slug}"},
            headers=bearer(secret),
        )
        assert r.status_code == 201

    listed_a = await client.get(events_url(org_a.id), headers=bearer(secret_a))
    assert listed_a.status_code == 200, listed_a.text
    assert listed_a.json()["pagination"]["total_count"] == 2
    assert f"only-{org_b.slug}" not in listed_a.text
    # The user owns B too, but this token was issued for A.
    assert_problem(
        await client.get(events_url(org_b.id), headers=bearer(secret_a)),
        404,
        "organization-not-found",
    )
    for org in (org_a, org_b):
        assert_problem(
            await client.get(events_url(org.id), headers=stranger),
            404,
            "organization-not-found",
        )
