from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import AuditEvent, Environment, EnvironmentVariable, Project, Role
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, create_user, user_with_role
from tests.support.problems import assert_problem


def projects_url(org_id: object) -> str:
    return f"/api/v1/organizations/{org_id}/projects"


async def environment_names(session: AsyncSession, project_id: object) -> list[str]:
    rows = await session.scalars(
        select(Environment.name).where(Environment.project_id == project_id).order_by("name")
    )
    return list(rows)


async def count_projects(session: AsyncSession, org_id: object) -> int:
    statement = select(func.count()).select_from(Project).where(Project.organization_id == org_id)
    return int(await session.scalar(statement) or 0)


async def test_create_project_creates_default_production_environment(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)

    created = await client.post(
        projects_url(org.id), json={"name": "web", "description": "the shop"}, headers=auth
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "web"
    assert body["description"] == "the shop"
    assert body["organization_id"] == str(org.id)

    envs = await client.get(f"/api/v1/projects/{body['id']}/environments", headers=auth)
    assert envs.status_code == 200, envs.text
    assert [e["name"] for e in envs.json()["items"]] == ["production"]
    assert envs.json()["items"][0]["organization_id"] == str(org.id)


async def test_create_project_with_custom_environments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)

    created = await client.post(
        projects_url(org.id),
        json={"name": "web", "environments": ["staging", "production", "preview"]},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    names = await environment_names(session, created.json()["id"])
    assert names == ["preview", "production", "staging"]
    # The answer lists them in the order asked for, with the ids the next call needs.
    listed = created.json()["environments"]
    assert [e["name"] for e in listed] == ["staging", "production", "preview"]
    assert all(e["project_id"] == created.json()["id"] for e in listed)


async def test_create_project_without_environments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)

    created = await client.post(
        projects_url(org.id), json={"name": "web", "environments": []}, headers=auth
    )
    assert created.status_code == 201, created.text
    assert await environment_names(session, created.json()["id"]) == []
    assert created.json()["environments"] == []


async def test_repeated_environment_in_create_list_is_created_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # The service de-duplicates the list (like token scopes) instead of refusing it.
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)

    created = await client.post(
        projects_url(org.id),
        json={"name": "web", "environments": ["staging", "production", "staging"]},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    assert await environment_names(session, created.json()["id"]) == ["production", "staging"]


async def test_duplicate_project_name_is_409_without_partial_write(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    await create_project(session, org, name="web")

    refused = await client.post(
        projects_url(org.id), json={"name": "web", "environments": ["staging"]}, headers=auth
    )
    body = assert_problem(refused, 409, "project-name-taken")
    assert "'web'" in body["detail"]
    assert await count_projects(session, org.id) == 1
    staging = select(func.count()).where(
        Environment.organization_id == org.id, Environment.name == "staging"
    )
    assert await session.scalar(staging) == 0
    events = select(func.count()).where(AuditEvent.organization_id == org.id)
    assert await session.scalar(events) == 0


async def test_same_project_name_is_fine_in_another_org(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    other = await create_org(session)
    await create_project(session, other, name="web")
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)

    created = await client.post(projects_url(org.id), json={"name": "web"}, headers=auth)
    assert created.status_code == 201, created.text


async def test_invalid_project_name_is_422(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)

    for name in ("Web", "-web", "web_app", "", "a" * 64):
        refused = await client.post(projects_url(org.id), json={"name": name}, headers=auth)
        body = assert_problem(refused, 422, "validation-error")
        assert body["errors"][0]["loc"] == ["body", "name"]


async def test_get_project(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    project = await create_project(session, org, name="web")

    got = await client.get(f"/api/v1/projects/{project.id}", headers=auth)
    assert got.status_code == 200, got.text
    assert got.json()["id"] == str(project.id)
    assert got.json()["name"] == "web"


async def test_project_of_another_org_is_404(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    foreign = await create_project(session, await create_org(session))

    for response in (
        await client.get(f"/api/v1/projects/{foreign.id}", headers=auth),
        await client.patch(f"/api/v1/projects/{foreign.id}", json={"name": "x"}, headers=auth),
        await client.delete(f"/api/v1/projects/{foreign.id}", headers=auth),
    ):
        assert_problem(response, 404, "project-not-found")
    assert await session.get(Project, foreign.id) is not None


async def test_list_projects_is_paginated(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    for i in range(5):
        await create_project(session, org, name=f"p{i}")
    await create_project(session, await create_org(session), name="foreign")

    first = await client.get(projects_url(org.id), params={"limit": 2}, headers=auth)
    assert first.status_code == 200, first.text
    assert [p["name"] for p in first.json()["items"]] == ["p0", "p1"]
    assert first.json()["pagination"] == {"total_count": 5, "max_page": 3, "page": 1, "limit": 2}

    last = await client.get(projects_url(org.id), params={"limit": 2, "page": 3}, headers=auth)
    assert [p["name"] for p in last.json()["items"]] == ["p4"]
    beyond = await client.get(projects_url(org.id), params={"limit": 2, "page": 4}, headers=auth)
    assert beyond.json()["items"] == []
    assert beyond.json()["pagination"]["total_count"] == 5

    for params in ({"limit": 0}, {"limit": 101}, {"page": 0}):
        assert_problem(
            await client.get(projects_url(org.id), params=params, headers=auth),
            422,
            "validation-error",
        )


async def test_list_projects_sorting(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    for name in ("bravo", "alpha", "charlie"):
        await create_project(session, org, name=name)

    default = await client.get(projects_url(org.id), headers=auth)
    assert [p["name"] for p in default.json()["items"]] == ["alpha", "bravo", "charlie"]
    descending = await client.get(projects_url(org.id), params={"sorting": "-name"}, headers=auth)
    assert descending.status_code == 200, descending.text
    assert [p["name"] for p in descending.json()["items"]] == ["charlie", "bravo", "alpha"]


async def test_invalid_sort_key_is_422_problem(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)

    refused = await client.get(
        projects_url(org.id), params={"sorting": "organization_id"}, headers=auth
    )
    body = assert_problem(refused, 422, "invalid-sorting")
    assert "organization_id" in body["detail"]
    assert "-name" in body["detail"]


async def test_update_project(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org, name="web")

    renamed = await client.patch(
        f"/api/v1/projects/{project.id}",
        json={"name": "shop", "description": "renamed"},
        headers=auth,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "shop"
    assert renamed.json()["description"] == "renamed"
    assert renamed.json()["updated_at"] is not None

    again = await client.get(f"/api/v1/projects/{project.id}", headers=auth)
    assert again.json()["name"] == "shop"


async def test_rename_project_to_its_own_name_is_fine(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org, name="web")

    same = await client.patch(f"/api/v1/projects/{project.id}", json={"name": "web"}, headers=auth)
    assert same.status_code == 200, same.text


async def test_rename_project_to_taken_name_is_409(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    await create_project(session, org, name="web")
    project = await create_project(session, org, name="api")

    refused = await client.patch(
        f"/api/v1/projects/{project.id}",
        json={"name": "web", "description": "should not stick"},
        headers=auth,
    )
    body = assert_problem(refused, 409, "project-name-taken")
    assert "'web'" in body["detail"]
    await session.refresh(project)
    assert project.name == "api"
    assert project.description == ""


async def test_viewer_cannot_create_update_or_delete_projects(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    project = await create_project(session, org, name="web")

    for response in (
        await client.post(projects_url(org.id), json={"name": "api"}, headers=auth),
        await client.patch(f"/api/v1/projects/{project.id}", json={"name": "x"}, headers=auth),
        await client.delete(f"/api/v1/projects/{project.id}", headers=auth),
    ):
        assert_problem(response, 403, "permission-denied")


async def test_delete_project_deletes_its_environments_and_variables(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org, name="web")
    production = await create_environment(session, project, "production")
    await create_environment(session, project, "staging")
    patched = await client.patch(
        f"/api/v1/environments/{production.id}/variables",
        json={"variables": {"A": "1"}},
        headers=auth,
    )
    assert patched.status_code == 200, patched.text

    deleted = await client.delete(f"/api/v1/projects/{project.id}", headers=auth)
    assert deleted.status_code == 204, deleted.text
    assert deleted.content == b""

    gone = await client.get(f"/api/v1/projects/{project.id}", headers=auth)
    assert_problem(gone, 404, "project-not-found")
    env_gone = await client.get(f"/api/v1/environments/{production.id}", headers=auth)
    assert_problem(env_gone, 404, "environment-not-found")
    assert await environment_names(session, project.id) == []
    variables = select(func.count()).where(EnvironmentVariable.environment_id == production.id)
    assert await session.scalar(variables) == 0


async def test_unauthenticated_project_list_is_401(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session, owner=await create_user(session))
    assert_problem(await client.get(projects_url(org.id)), 401, "not-authenticated")
