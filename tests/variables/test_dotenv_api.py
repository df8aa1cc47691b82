"""`.env` import and export, for environments and applications alike."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import AuditEvent, Organization, Role, TokenScope
from api.variables.dotenv import parse_dotenv, render_dotenv
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.factories.users import bearer, create_org, create_token, user_with_role
from tests.support.problems import assert_problem
from tests.support.values import HOSTILE


@dataclass
class Owner:
    """Somewhere variables live, with one caller per role."""

    base: str  # /api/v1/environments/<id> or /api/v1/applications/<id>
    audit_prefix: str
    org: Organization
    owner: dict[str, str]
    admin: dict[str, str]
    member: dict[str, str]
    viewer: dict[str, str]

    @property
    def variables(self) -> str:
        return f"{self.base}/variables"


@pytest.fixture(params=["environment", "application"])
async def owner(request: pytest.FixtureRequest, session: AsyncSession) -> Owner:
    org = await create_org(session)
    environment = await create_environment(session, await create_project(session, org))
    if request.param == "environment":
        base, prefix = f"/api/v1/environments/{environment.id}", "environment.variables"
    else:
        app = await create_application(session, environment)
        base, prefix = f"/api/v1/applications/{app.id}", "application.variables"
    return Owner(
        base=base,
        audit_prefix=prefix,
        org=org,
        owner=(await user_with_role(session, org, Role.owner))[1],
        admin=(await user_with_role(session, org, Role.admin))[1],
        member=(await user_with_role(session, org, Role.member))[1],
        viewer=(await user_with_role(session, org, Role.viewer))[1],
    )


async def import_(
    client: httpx.AsyncClient, owner: Owner, content: str, replace: bool = False
) -> httpx.Response:
    return await client.post(
        f"{owner.variables}/import",
        json={"content": content, "replace": replace},
        headers=owner.member,
    )


async def export(client: httpx.AsyncClient, owner: Owner) -> dict[str, str]:
    response = await client.get(f"{owner.variables}/export", headers=owner.admin)
    assert response.status_code == 200, response.text
    return parse_dotenv(response.json()["content"])


async def test_hostile_values_survive_import_then_export(
    client: httpx.AsyncClient, owner: Owner
) -> None:
    imported = await import_(client, owner, render_dotenv(HOSTILE))
    assert imported.status_code == 200, imported.text
    assert sorted(v["key"] for v in imported.json()) == sorted(HOSTILE)
    for value in HOSTILE.values():
        if len(value) > 3:  # hints show at most the last 3 characters of long values
            assert value not in imported.text

    assert await export(client, owner) == HOSTILE


async def test_a_hand_written_file_imports_as_written(
    client: httpx.AsyncClient, owner: Owner
) -> None:
    text = (
        "# production settings\n"
        "export DATABASE_URL=postgres://u:p@db/app\n"
        "SECRET_KEY='s3cr$t`x`'\n"
        'CERT="-----BEGIN-----\nMIIB\n-----END-----"\n'
        "EMPTY=\n"
    )
    assert (await import_(client, owner, text)).status_code == 200
    assert await export(client, owner) == {
        "DATABASE_URL": "postgres://u:p@db/app",
        "SECRET_KEY": "s3cr$t`x`",
        "CERT": "-----BEGIN-----\nMIIB\n-----END-----",
        "EMPTY": "",
    }


async def test_merge_keeps_unmentioned_keys_and_replace_deletes_them(
    client: httpx.AsyncClient, owner: Owner
) -> None:
    await import_(client, owner, "KEEP=1\nCHANGE=old\n")

    assert (await import_(client, owner, "CHANGE=new\nADD=2\n")).status_code == 200
    assert await export(client, owner) == {"KEEP": "1", "CHANGE": "new", "ADD": "2"}

    replaced = await import_(client, owner, "ONLY=1\n", replace=True)
    assert replaced.status_code == 200, replaced.text
    assert [v["key"] for v in replaced.json()] == ["ONLY"]
    assert await export(client, owner) == {"ONLY": "1"}


async def test_a_malformed_line_is_422_naming_it_and_changes_nothing(
    client: httpx.AsyncClient, owner: Owner
) -> None:
    await import_(client, owner, "EXISTING=kept\n")

    refused = await import_(client, owner, "EXISTING=lost\nNEW=1\n\nnot an assignment\n", True)
    body = assert_problem(refused, 422, "validation-error")
    assert "line 4" in body["detail"]
    assert body["errors"] == [
        {
            "loc": ["body", "content"],
            "msg": "line 4: expected KEY=VALUE",
            "type": "dotenv_syntax",
            "line": 4,
        }
    ]
    assert await export(client, owner) == {"EXISTING": "kept"}


async def test_an_unclosed_quote_names_the_line_that_opened_it(
    client: httpx.AsyncClient, owner: Owner
) -> None:
    refused = await import_(client, owner, 'A=1\nB="open\nC=2\n')
    body = assert_problem(refused, 422, "validation-error")
    assert body["errors"][0]["msg"] == 'line 2: the " quote is never closed'


async def test_nul_in_the_file_is_422(client: httpx.AsyncClient, owner: Owner) -> None:
    assert_problem(await import_(client, owner, "A=a\x00b\n"), 422, "validation-error")


async def test_import_is_audited_with_keys_only(
    client: httpx.AsyncClient, session: AsyncSession, owner: Owner
) -> None:
    await import_(client, owner, "OLD=bye\n")
    response = await client.post(
        f"{owner.variables}/import",
        json={"content": f"NEW={HOSTILE['DOLLAR']}\n", "replace": True},
        headers={**owner.member, "X-Request-ID": "dotenv-import-1"},
    )
    assert response.status_code == 200, response.text

    event = await session.scalar(
        select(AuditEvent).where(AuditEvent.request_id == "dotenv-import-1")
    )
    assert event is not None
    assert event.action == f"{owner.audit_prefix}.import"
    assert event.data == {"set": ["NEW"], "deleted": ["OLD"], "replace": True}


async def test_export_is_audited_with_keys_only(
    client: httpx.AsyncClient, session: AsyncSession, owner: Owner
) -> None:
    await import_(client, owner, "B=secret-b\nA=secret-a\n")
    response = await client.get(
        f"{owner.variables}/export", headers={**owner.owner, "X-Request-ID": "dotenv-export-1"}
    )
    assert response.status_code == 200, response.text

    event = await session.scalar(
        select(AuditEvent).where(AuditEvent.request_id == "dotenv-export-1")
    )
    assert event is not None
    assert event.action == f"{owner.audit_prefix}.export"
    assert event.data == {"keys": ["A", "B"]}
    assert "secret" not in str(event.data)


async def test_members_and_viewers_cannot_export(client: httpx.AsyncClient, owner: Owner) -> None:
    await import_(client, owner, "A=secret\n")
    for caller in (owner.member, owner.viewer):
        refused = await client.get(f"{owner.variables}/export", headers=caller)
        body = assert_problem(refused, 403, "permission-denied")
        assert "secret" not in refused.text
        assert "admin" in body["detail"]


async def test_an_owner_token_without_the_admin_scope_cannot_export(
    client: httpx.AsyncClient, session: AsyncSession, owner: Owner
) -> None:
    user, _ = await user_with_role(session, owner.org, Role.owner)
    scopes = [TokenScope.read, TokenScope.write, TokenScope.deploy]
    _, secret = await create_token(session, owner.org, user, scopes, name="ci")

    refused = await client.get(f"{owner.variables}/export", headers=bearer(secret))
    body = assert_problem(refused, 403, "permission-denied")
    assert "token" in body["detail"]


async def test_viewers_cannot_import(client: httpx.AsyncClient, owner: Owner) -> None:
    refused = await client.post(
        f"{owner.variables}/import", json={"content": "A=1\n"}, headers=owner.viewer
    )
    assert_problem(refused, 403, "permission-denied")
    assert await export(client, owner) == {}


async def test_patched_values_are_kept_exactly_and_export_shows_them(
    client: httpx.AsyncClient, owner: Owner
) -> None:
    values = {"PADDED": "  pass word  ", "NEWLINE": "a\n", "QUOTES": HOSTILE["BOTH"]}
    patched = await client.patch(owner.variables, json={"variables": values}, headers=owner.member)
    assert patched.status_code == 200, patched.text

    assert await export(client, owner) == values
