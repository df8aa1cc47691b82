"""Who sees how much of a secret: writers get a short masked hint, everyone else only
that the variable is set and when it changed (issue #10 item 5)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Role, TokenScope
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.factories.users import (
    add_member,
    bearer,
    create_org,
    create_token,
    create_user,
    user_with_role,
)

# Long enough for a hint ("…app"); the hint must reach writers only.
SECRET = "postgres://app:hunter2-very-secret@db:5432/app"
HINT = "…app"


@pytest.fixture
async def setting(session: AsyncSession) -> dict[str, Any]:
    org = await create_org(session)
    environment = await create_environment(session, await create_project(session, org))
    application = await create_application(session, environment)
    callers: dict[str, dict[str, str]] = {}
    for role in Role:
        callers[str(role)] = (await user_with_role(session, org, role))[1]
    # An admin's read-only token: the role could write, the token cannot.
    admin = await create_user(session)
    await add_member(session, org, admin, Role.admin)
    callers["admin-read-token"] = bearer(
        (await create_token(session, org, admin, [TokenScope.read], name="ro"))[1]
    )
    return {
        "callers": callers,
        "urls": {
            "environment variables": f"/api/v1/environments/{environment.id}/variables",
            "application variables": f"/api/v1/applications/{application.id}/variables",
            "build secrets": f"/api/v1/applications/{application.id}/build-secrets",
        },
    }


# caller -> whether it may write variables, hence see the hint
EXPECTED = {
    "viewer": False,
    "admin-read-token": False,
    "member": True,
    "admin": True,
    "owner": True,
}


@pytest.mark.parametrize(
    "target", ["environment variables", "application variables", "build secrets"]
)
@pytest.mark.parametrize("caller", sorted(EXPECTED))
async def test_only_writers_see_a_hint_of_a_secret(
    client: httpx.AsyncClient, setting: dict[str, Any], target: str, caller: str
) -> None:
    url = setting["urls"][target]
    written = await client.patch(
        url, json={"variables": {"DATABASE_URL": SECRET}}, headers=setting["callers"]["member"]
    )
    assert written.status_code == 200, written.text

    listed = await client.get(url, headers=setting["callers"][caller])

    assert listed.status_code == 200, listed.text
    [variable] = listed.json()
    assert variable["key"] == "DATABASE_URL"
    assert variable["is_set"] is True
    assert variable["created_at"]  # when it was set (updated_at: when it last changed)
    assert "hunter2" not in listed.text
    if EXPECTED[caller]:
        assert variable["hint"] == HINT
    else:
        assert variable["hint"] is None
        assert "…" not in listed.text
