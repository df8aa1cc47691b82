"""Each class of bad input gets a clear 4xx problem and writes nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.problems import install_problem_handlers
from api.models import Organization, Project
from tests.factories.projects import create_project
from tests.factories.users import bearer, create_org, create_token, create_user

PROBLEM = "application/problem+json"


@pytest.fixture
async def owner(session: AsyncSession) -> tuple[Organization, dict[str, str]]:
    user = await create_user(session)
    org = await create_org(session, owner=user)
    _, secret = await create_token(session, org, user)
    return org, bearer(secret)


async def _project_count(session: AsyncSession, org: Organization) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Project).where(Project.organization_id == org.id)
        )
        or 0
    )


async def test_malformed_json_is_400_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, owner: tuple[Organization, dict[str, str]]
) -> None:
    org, headers = owner
    response = await client.post(
        f"/api/v1/organizations/{org.id}/projects",
        content=b'{"name": "web",',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/malformed-body")
    assert "not valid JSON" in response.json()["detail"]
    assert await _project_count(session, org) == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b'{"name": "web"}'),
        ("application/x-www-form-urlencoded", b"name=web"),
        (None, b'{"name": "web"}'),
    ],
)
async def test_non_json_content_type_is_415(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: tuple[Organization, dict[str, str]],
    content_type: str | None,
    body: bytes,
) -> None:
    org, headers = owner
    if content_type:
        headers = {**headers, "Content-Type": content_type}
    response = await client.post(
        f"/api/v1/organizations/{org.id}/projects", content=body, headers=headers
    )
    assert response.status_code == 415
    assert response.headers["content-type"] == PROBLEM
    assert "application/json" in response.json()["detail"]
    assert await _project_count(session, org) == 0


async def test_unknown_id_is_404_problem(
    client: httpx.AsyncClient, owner: tuple[Organization, dict[str, str]]
) -> None:
    _, headers = owner
    missing = uuid.uuid4()
    response = await client.get(f"/api/v1/projects/{missing}", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/project-not-found")
    assert str(missing) in response.json()["detail"]


async def test_malformed_id_is_422_with_field_errors(
    client: httpx.AsyncClient, owner: tuple[Organization, dict[str, str]]
) -> None:
    _, headers = owner
    response = await client.get("/api/v1/projects/not-a-uuid", headers=headers)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["loc"] == ["path", "project_id"]


async def test_another_organizations_id_is_404_not_403(
    client: httpx.AsyncClient, session: AsyncSession, owner: tuple[Organization, dict[str, str]]
) -> None:
    _, headers = owner
    stranger_org = await create_org(session, owner=await create_user(session))
    theirs = await create_project(session, stranger_org, "secret-project")
    for method in ("GET", "PATCH", "DELETE"):
        body = {"description": "pwned"} if method == "PATCH" else None
        response = await client.request(
            method, f"/api/v1/projects/{theirs.id}", json=body, headers=headers
        )
        assert response.status_code == 404, method
        assert "secret-project" not in response.text
    await session.refresh(theirs)
    assert theirs.description == ""


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "a" * 64}, "name"),
        ({"name": "web", "description": "x" * 501}, "description"),
        ({"name": "Web_App"}, "name"),
        ({"name": "-web"}, "name"),
        ({"name": "web;rm -rf /"}, "name"),
        ({"name": "web", "unexpected": 1}, "unexpected"),
        ({"name": ""}, "name"),
    ],
)
async def test_invalid_fields_are_422_with_per_field_errors(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: tuple[Organization, dict[str, str]],
    payload: dict[str, object],
    field: str,
) -> None:
    org, headers = owner
    response = await client.post(
        f"/api/v1/organizations/{org.id}/projects", json=payload, headers=headers
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert response.headers["content-type"] == PROBLEM
    assert body["type"].endswith("/validation-error")
    assert any(e["loc"][-1] == field for e in body["errors"]), body["errors"]
    assert field in body["detail"]
    assert await _project_count(session, org) == 0


async def test_invalid_enum_values_are_422(
    client: httpx.AsyncClient, owner: tuple[Organization, dict[str, str]]
) -> None:
    org, headers = owner
    role = await client.post(
        f"/api/v1/organizations/{org.id}/members",
        json={"email": "x@example.test", "role": "superuser"},
        headers=headers,
    )
    assert role.status_code == 422
    assert role.json()["errors"][0]["loc"] == ["body", "role"]
    scope = await client.post(
        f"/api/v1/organizations/{org.id}/tokens",
        json={"name": "ci", "scopes": ["root"]},
        headers=headers,
    )
    assert scope.status_code == 422
    assert scope.json()["errors"][0]["loc"][:2] == ["body", "scopes"]


async def test_duplicate_name_is_409_and_the_original_is_untouched(
    client: httpx.AsyncClient, session: AsyncSession, owner: tuple[Organization, dict[str, str]]
) -> None:
    org, headers = owner
    url = f"/api/v1/organizations/{org.id}/projects"
    first = await client.post(url, json={"name": "web", "description": "one"}, headers=headers)
    assert first.status_code == 201
    again = await client.post(url, json={"name": "web", "description": "two"}, headers=headers)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/project-name-taken")
    assert "web" in again.json()["detail"]
    assert await _project_count(session, org) == 1


async def test_oversized_body_is_413(
    client: httpx.AsyncClient, owner: tuple[Organization, dict[str, str]]
) -> None:
    org, headers = owner
    huge = b'{"name": "web", "description": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = await client.post(
        f"/api/v1/organizations/{org.id}/projects",
        content=huge,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


async def test_invalid_pagination_is_422(
    client: httpx.AsyncClient, owner: tuple[Organization, dict[str, str]]
) -> None:
    org, headers = owner
    for query in ("limit=0", "limit=101", "page=0", "page=abc"):
        response = await client.get(
            f"/api/v1/organizations/{org.id}/projects?{query}", headers=headers
        )
        assert response.status_code == 422, query


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/v1/auth/me", json={})
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM


async def test_a_lost_uniqueness_race_is_409_not_500(session: AsyncSession) -> None:
    """The service checks names first; the constraint still decides when two requests race."""
    org = await create_org(session, owner=await create_user(session))
    await create_project(session, org, "web")
    try:
        async with session.begin_nested():
            await create_project(session, org, "web")
    except IntegrityError as exc:
        raced = exc
    else:
        pytest.fail("the unique constraint did not fire")

    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/race")
    async def race() -> None:
        raise raced

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/race")
    assert response.status_code == 409
    assert "projects_organization_id_name_key" in response.json()["detail"]


async def test_nul_characters_are_422_not_a_database_error(
    client: httpx.AsyncClient, session: AsyncSession, owner: tuple[Organization, dict[str, str]]
) -> None:
    org, headers = owner
    response = await client.post(
        f"/api/v1/organizations/{org.id}/projects",
        json={"name": "web", "description": "evil\u0000byte"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "description"]
    assert await _project_count(session, org) == 0
