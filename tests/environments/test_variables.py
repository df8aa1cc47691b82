from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.environments.service import variable_context
from api.kit.crypto import Keyring, SecretDecryptionError
from api.models import AuditEvent, Environment, EnvironmentVariable, Organization, Role
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role

PROBLEM = "application/problem+json"
SECRET = "postgres://app:hunter2-very-secret@db:5432/app"
SHORT = "s3cr3t"


async def environment_with_writer(session: AsyncSession) -> tuple[Environment, dict[str, str]]:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    environment = await create_environment(session, await create_project(session, org))
    return environment, auth


def variables_url(environment: Environment) -> str:
    return f"/api/v1/environments/{environment.id}/variables"


async def stored(session: AsyncSession, environment: Environment) -> dict[str, str]:
    rows = await session.execute(
        select(EnvironmentVariable.key, EnvironmentVariable.value_encrypted).where(
            EnvironmentVariable.environment_id == environment.id
        )
    )
    return {row.key: row.value_encrypted for row in rows}


async def test_patch_sets_variables_and_reads_show_keys_and_hints_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    environment, auth = await environment_with_writer(session)

    patched = await client.patch(
        variables_url(environment),
        json={"variables": {"DATABASE_URL": SECRET, "API_KEY": SHORT}},
        headers=auth,
    )
    assert patched.status_code == 200, patched.text
    listed = await client.get(variables_url(environment), headers=auth)
    assert listed.status_code == 200, listed.text

    for response in (patched, listed):
        assert SECRET not in response.text
        assert SHORT not in response.text
        assert "hunter2" not in response.text
        body: list[dict[str, Any]] = response.json()
        assert [v["key"] for v in body] == ["API_KEY", "DATABASE_URL"]
        assert all(v["is_set"] is True for v in body)
        assert {v["key"]: v["hint"] for v in body} == {"API_KEY": "set", "DATABASE_URL": "…app"}
        assert all("value" not in v and "value_encrypted" not in v for v in body)


async def test_patch_leaves_unmentioned_keys_and_overwrites_mentioned_ones(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    environment, auth = await environment_with_writer(session)
    url = variables_url(environment)
    first = await client.patch(url, json={"variables": {"A": "one", "B": "two"}}, headers=auth)
    assert first.status_code == 200, first.text
    before = await stored(session, environment)

    second = await client.patch(url, json={"variables": {"B": "x" * 20 + "new"}}, headers=auth)
    assert second.status_code == 200, second.text
    assert {v["key"]: v["hint"] for v in second.json()} == {"A": "set", "B": "…new"}
    after = await stored(session, environment)
    assert after["A"] == before["A"]
    assert after["B"] != before["B"]
    b_row = next(v for v in second.json() if v["key"] == "B")
    assert b_row["updated_at"] is not None


async def test_values_are_stored_encrypted_under_the_app_keyring(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI
) -> None:
    environment, auth = await environment_with_writer(session)
    patched = await client.patch(
        variables_url(environment), json={"variables": {"DATABASE_URL": SECRET}}, headers=auth
    )
    assert patched.status_code == 200, patched.text

    blob = (await stored(session, environment))["DATABASE_URL"]
    assert SECRET not in blob
    assert "hunter2" not in blob
    assert blob.startswith("v1.")
    keyring: Keyring = app.state.keyring
    context = variable_context(environment.id, "DATABASE_URL")
    assert keyring.decrypt(blob, context=context) == SECRET
    # Bound to its row: the same blob under another key does not open.
    with pytest.raises(SecretDecryptionError):
        keyring.decrypt(blob, context=variable_context(environment.id, "OTHER"))


async def test_null_deletes_a_variable(client: httpx.AsyncClient, session: AsyncSession) -> None:
    environment, auth = await environment_with_writer(session)
    url = variables_url(environment)
    await client.patch(url, json={"variables": {"A": "1", "B": "2"}}, headers=auth)

    deleted = await client.patch(
        url, json={"variables": {"A": None, "NEVER_SET": None}}, headers=auth
    )
    assert deleted.status_code == 200, deleted.text
    assert [v["key"] for v in deleted.json()] == ["B"]
    assert list(await stored(session, environment)) == ["B"]
    assert [v["key"] for v in (await client.get(url, headers=auth)).json()] == ["B"]


async def test_delete_and_set_in_one_patch(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    environment, auth = await environment_with_writer(session)
    url = variables_url(environment)
    await client.patch(url, json={"variables": {"OLD": "1"}}, headers=auth)

    swapped = await client.patch(url, json={"variables": {"OLD": None, "NEW": "2"}}, headers=auth)
    assert swapped.status_code == 200, swapped.text
    assert [v["key"] for v in swapped.json()] == ["NEW"]


@pytest.mark.parametrize("key", ["1ABC", "A-B", "$(x)", "A" * 129, "", "A B", "É"])
async def test_invalid_variable_key_is_422(
    client: httpx.AsyncClient, session: AsyncSession, key: str
) -> None:
    environment, auth = await environment_with_writer(session)

    refused = await client.patch(
        variables_url(environment), json={"variables": {key: "v", "GOOD": "v"}}, headers=auth
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["type"].endswith("/validation-error")
    assert await stored(session, environment) == {}


async def test_longest_valid_key_is_accepted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    environment, auth = await environment_with_writer(session)
    key = "_" + "A" * 127

    patched = await client.patch(
        variables_url(environment), json={"variables": {key: "v"}}, headers=auth
    )
    assert patched.status_code == 200, patched.text
    assert list(await stored(session, environment)) == [key]


async def test_audit_event_for_variables_lists_keys_never_values(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    environment, auth = await environment_with_writer(session)
    url = variables_url(environment)
    await client.patch(url, json={"variables": {"GONE": "bye"}}, headers=auth)

    patched = await client.patch(
        url,
        json={"variables": {"DATABASE_URL": SECRET, "API_KEY": SHORT, "GONE": None}},
        headers={**auth, "X-Request-ID": "vars-req-1"},
    )
    assert patched.status_code == 200, patched.text

    event = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "environment.variables.update",
            AuditEvent.request_id == "vars-req-1",
        )
    )
    assert event is not None
    assert event.target_type == "environment"
    assert event.target_id == environment.id
    assert event.data == {"set": ["API_KEY", "DATABASE_URL"], "deleted": ["GONE"]}

    org = await session.get_one(Organization, environment.organization_id)
    _, admin = await user_with_role(session, org, Role.admin)
    listed = await client.get(
        f"/api/v1/organizations/{org.id}/audit-events",
        params={"action": "environment.variables.update"},
        headers=admin,
    )
    assert listed.status_code == 200, listed.text
    assert len(listed.json()["items"]) == 2
    for secret in (SECRET, SHORT, "hunter2", "bye"):
        assert secret not in listed.text


@pytest.mark.parametrize("value", ["a\x00b", "x" * 20 + "\x00"], ids=["short", "in-hint"])
async def test_value_with_nul_byte_is_422(
    client: httpx.AsyncClient, session: AsyncSession, value: str
) -> None:
    # A process environment cannot carry NUL: refuse it now, not when the service starts.
    environment, auth = await environment_with_writer(session)

    refused = await client.patch(
        variables_url(environment), json={"variables": {"A": value}}, headers=auth
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["type"].endswith("/validation-error")
    assert await stored(session, environment) == {}
