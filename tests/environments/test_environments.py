from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Environment, EnvironmentVariable, Role
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


def environments_url(project_id: object) -> str:
    return f"/api/v1/projects/{project_id}/environments"


async def test_create_environment(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org, name="web")

    created = await client.post(
        environments_url(project.id),
        json={"name": "staging", "description": "pre-prod"},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "staging"
    assert body["description"] == "pre-prod"
    assert body["project_id"] == str(project.id)
    assert body["organization_id"] == str(org.id)

    got = await client.get(f"/api/v1/environments/{body['id']}", headers=auth)
    assert got.status_code == 200, got.text
    assert got.json() == body


async def test_duplicate_environment_name_is_409_without_partial_write(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org, name="web")
    await create_environment(session, project, "staging")

    refused = await client.post(
        environments_url(project.id), json={"name": "staging"}, headers=auth
    )
    body = assert_problem(refused, 409, "environment-name-taken")
    assert "'staging'" in body["detail"]
    assert "'web'" in body["detail"]
    count = select(func.count()).where(Environment.project_id == project.id)
    assert await session.scalar(count) == 1


async def test_same_environment_name_is_fine_in_another_project(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    web = await create_project(session, org, name="web")
    await create_environment(session, web, "staging")
    api = await create_project(session, org, name="api")

    created = await client.post(environments_url(api.id), json={"name": "staging"}, headers=auth)
    assert created.status_code == 201, created.text


async def test_invalid_environment_name_is_422(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org)

    for name in ("Staging", "staging-", "a b", ""):
        refused = await client.post(environments_url(project.id), json={"name": name}, headers=auth)
        assert_problem(refused, 422, "validation-error")
    unknown = await client.post(
        environments_url(project.id), json={"name": "qa", "colour": "red"}, headers=auth
    )
    assert_problem(unknown, 422, "validation-error")


async def test_list_environments_is_paginated_and_scoped_to_the_project(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    project = await create_project(session, org)
    for name in ("e1", "e2", "e3"):
        await create_environment(session, project, name)
    await create_environment(session, await create_project(session, org), "elsewhere")

    first = await client.get(environments_url(project.id), params={"limit": 2}, headers=auth)
    assert first.status_code == 200, first.text
    assert [e["name"] for e in first.json()["items"]] == ["e1", "e2"]
    assert first.json()["pagination"] == {"total_count": 3, "max_page": 2, "page": 1, "limit": 2}
    second = await client.get(
        environments_url(project.id), params={"limit": 2, "page": 2}, headers=auth
    )
    assert [e["name"] for e in second.json()["items"]] == ["e3"]


async def test_list_environments_sorting(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    project = await create_project(session, org)
    for name in ("bravo", "alpha", "charlie"):
        await create_environment(session, project, name)

    descending = await client.get(
        environments_url(project.id), params={"sorting": "-name"}, headers=auth
    )
    assert descending.status_code == 200, descending.text
    assert [e["name"] for e in descending.json()["items"]] == ["charlie", "bravo", "alpha"]
    by_creation = await client.get(
        environments_url(project.id), params={"sorting": "created_at"}, headers=auth
    )
    assert [e["name"] for e in by_creation.json()["items"]] == ["bravo", "alpha", "charlie"]

    refused = await client.get(
        environments_url(project.id), params={"sorting": "-project_id"}, headers=auth
    )
    body = assert_problem(refused, 422, "invalid-sorting")
    assert "-project_id" in body["detail"]


async def test_update_environment(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    environment = await create_environment(session, await create_project(session, org), "qa")

    renamed = await client.patch(
        f"/api/v1/environments/{environment.id}",
        json={"name": "staging", "description": "renamed"},
        headers=auth,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "staging"
    assert renamed.json()["description"] == "renamed"
    assert renamed.json()["updated_at"] is not None
    again = await client.get(f"/api/v1/environments/{environment.id}", headers=auth)
    assert again.json() == renamed.json()


async def test_rename_environment_to_taken_name_is_409(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org)
    await create_environment(session, project, "production")
    staging = await create_environment(session, project, "staging")

    refused = await client.patch(
        f"/api/v1/environments/{staging.id}", json={"name": "production"}, headers=auth
    )
    body = assert_problem(refused, 409, "environment-name-taken")
    assert "'production'" in body["detail"]
    await session.refresh(staging)
    assert staging.name == "staging"


async def test_delete_environment_deletes_its_variables(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org)
    environment = await create_environment(session, project, "staging")
    keep = await create_environment(session, project, "production")
    url = f"/api/v1/environments/{environment.id}"
    assert (
        await client.patch(f"{url}/variables", json={"variables": {"A": "1"}}, headers=auth)
    ).status_code == 200

    deleted = await client.delete(url, headers=auth)
    assert deleted.status_code == 204, deleted.text
    assert_problem(await client.get(url, headers=auth), 404, "environment-not-found")
    assert_problem(await client.delete(url, headers=auth), 404, "environment-not-found")
    variables = select(func.count()).where(EnvironmentVariable.environment_id == environment.id)
    assert await session.scalar(variables) == 0
    assert (await client.get(f"/api/v1/environments/{keep.id}", headers=auth)).status_code == 200


async def test_environment_of_another_org_is_404(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    foreign_project = await create_project(session, await create_org(session))
    foreign = await create_environment(session, foreign_project, "production")
    url = f"/api/v1/environments/{foreign.id}"

    for response in (
        await client.get(url, headers=auth),
        await client.patch(url, json={"name": "x"}, headers=auth),
        await client.delete(url, headers=auth),
        await client.get(f"{url}/variables", headers=auth),
        await client.patch(f"{url}/variables", json={"variables": {"A": "1"}}, headers=auth),
    ):
        assert_problem(response, 404, "environment-not-found")
    listing = await client.get(environments_url(foreign_project.id), headers=auth)
    assert_problem(listing, 404, "project-not-found")
    creating = await client.post(
        environments_url(foreign_project.id), json={"name": "qa"}, headers=auth
    )
    assert_problem(creating, 404, "project-not-found")


async def test_viewer_cannot_change_environments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.viewer)
    project = await create_project(session, org)
    environment = await create_environment(session, project, "production")
    url = f"/api/v1/environments/{environment.id}"

    for response in (
        await client.post(environments_url(project.id), json={"name": "qa"}, headers=auth),
        await client.patch(url, json={"name": "x"}, headers=auth),
        await client.delete(url, headers=auth),
        await client.patch(f"{url}/variables", json={"variables": {"A": "1"}}, headers=auth),
    ):
        assert_problem(response, 403, "permission-denied")
    assert (await client.get(url, headers=auth)).status_code == 200
