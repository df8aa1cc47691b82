"""An application's runtime variables and build secrets: write-only, encrypted, audited."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.repository import application_variable_context
from api.applications.variables import build_secrets, runtime_environment
from api.kit.crypto import Keyring, SecretDecryptionError
from api.models import (
    Application,
    ApplicationVariable,
    AuditEvent,
    Organization,
    Role,
    VariableScope,
)
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem

SECRET = "postgres://app:hunter2-very-secret@db:5432/app"
SHORT = "s3cr3t"


@pytest.fixture
async def setting(session: AsyncSession) -> dict[str, Any]:
    org = await create_org(session)
    environment = await create_environment(session, await create_project(session, org))
    return {
        "org": org,
        "app": await create_application(session, environment),
        "member": (await user_with_role(session, org, Role.member))[1],
        "viewer": (await user_with_role(session, org, Role.viewer))[1],
        "admin": (await user_with_role(session, org, Role.admin))[1],
    }


def url(app: Application, what: str = "variables") -> str:
    return f"/api/v1/applications/{app.id}/{what}"


async def stored(session: AsyncSession, app: Application) -> dict[tuple[str, str], str]:
    rows = await session.execute(
        select(
            ApplicationVariable.scope, ApplicationVariable.key, ApplicationVariable.value_encrypted
        ).where(ApplicationVariable.application_id == app.id)
    )
    return {(str(row.scope), row.key): row.value_encrypted for row in rows}


@pytest.mark.parametrize("what", ["variables", "build-secrets"])
async def test_patch_then_list_show_keys_and_hints_never_values(
    client: httpx.AsyncClient, setting: dict[str, Any], what: str
) -> None:
    app, member = setting["app"], setting["member"]
    patched = await client.patch(
        url(app, what),
        json={"variables": {"DATABASE_URL": SECRET, "API_KEY": SHORT}},
        headers=member,
    )
    assert patched.status_code == 200, patched.text
    listed = await client.get(url(app, what), headers=member)
    assert listed.status_code == 200, listed.text

    for response in (patched, listed):
        for secret in (SECRET, SHORT, "hunter2"):
            assert secret not in response.text
        body: list[dict[str, Any]] = response.json()
        assert {v["key"]: v["hint"] for v in body} == {"API_KEY": "set", "DATABASE_URL": "…app"}
        assert all(set(v) == {"key", "is_set", "hint", "created_at", "updated_at"} for v in body)


async def test_runtime_variables_and_build_secrets_are_separate_sets(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    app, member = setting["app"], setting["member"]
    await client.patch(url(app), json={"variables": {"TOKEN": "runtime"}}, headers=member)
    built = await client.patch(
        url(app, "build-secrets"),
        json={"variables": {"TOKEN": "build", "NPM": "x"}},
        headers=member,
    )
    assert built.status_code == 200, built.text

    assert [v["key"] for v in (await client.get(url(app), headers=member)).json()] == ["TOKEN"]
    deleted = await client.patch(url(app), json={"variables": {"TOKEN": None}}, headers=member)
    assert deleted.json() == []
    assert sorted(await stored(session, app)) == [
        ("build_secret", "NPM"),
        ("build_secret", "TOKEN"),
    ]


async def test_values_are_encrypted_and_bound_to_app_scope_and_key(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any], app: FastAPI
) -> None:
    application = setting["app"]
    await client.patch(
        url(application, "build-secrets"),
        json={"variables": {"NPM_TOKEN": SECRET}},
        headers=setting["member"],
    )

    blob = (await stored(session, application))[("build_secret", "NPM_TOKEN")]
    assert SECRET not in blob
    keyring: Keyring = app.state.keyring
    build = VariableScope.build_secret
    context = application_variable_context(application.id, build, "NPM_TOKEN")
    assert keyring.decrypt(blob, context=context) == SECRET
    # Moved into the runtime set, a build secret would reach the containers: it must not open.
    for wrong in (
        application_variable_context(application.id, VariableScope.runtime, "NPM_TOKEN"),
        application_variable_context(application.id, build, "OTHER"),
    ):
        with pytest.raises(SecretDecryptionError):
            keyring.decrypt(blob, context=wrong)


async def test_runtime_environment_overrides_environment_variables_and_omits_build_secrets(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any], app: FastAPI
) -> None:
    application, member = setting["app"], setting["member"]
    environment_url = f"/api/v1/environments/{application.environment_id}/variables"
    shared = {"LOG_LEVEL": "info", "REGION": "eu"}
    assert (
        await client.patch(environment_url, json={"variables": shared}, headers=member)
    ).is_success
    await client.patch(url(application), json={"variables": {"LOG_LEVEL": "debug"}}, headers=member)
    await client.patch(
        url(application, "build-secrets"), json={"variables": {"NPM_TOKEN": "t"}}, headers=member
    )
    keyring: Keyring = app.state.keyring

    assert await runtime_environment(session, keyring, application) == {
        "LOG_LEVEL": "debug",
        "REGION": "eu",
    }
    assert await build_secrets(session, keyring, application) == {"NPM_TOKEN": "t"}


async def test_an_application_sees_only_its_own_variables(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any], app: FastAPI
) -> None:
    first, member = setting["app"], setting["member"]
    environment = await create_environment(session, await create_project(session, setting["org"]))
    second = await create_application(session, environment, name="other")
    await client.patch(url(first), json={"variables": {"ONLY_FIRST": "1"}}, headers=member)

    assert (await client.get(url(second), headers=member)).json() == []
    assert await runtime_environment(session, app.state.keyring, second) == {}


@pytest.mark.parametrize(
    "variables",
    [
        {"1ABC": "v", "GOOD": "v"},
        {"A-B": "v", "GOOD": "v"},
        {"A" * 129: "v"},
        {"GOOD": "v", "NUL": "a\x00b"},
        {"GOOD": "v", "BIG": "x" * 65537},
    ],
    ids=["digit-first", "dash", "too-long-key", "nul", "too-long-value"],
)
@pytest.mark.parametrize("what", ["variables", "build-secrets"])
async def test_invalid_key_or_value_is_422_and_writes_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    setting: dict[str, Any],
    what: str,
    variables: dict[str, str],
) -> None:
    refused = await client.patch(
        url(setting["app"], what), json={"variables": variables}, headers=setting["member"]
    )
    body = assert_problem(refused, 422, "validation-error")
    assert body["errors"]
    assert await stored(session, setting["app"]) == {}


@pytest.mark.parametrize("what", ["variables", "build-secrets"])
async def test_viewer_cannot_write(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any], what: str
) -> None:
    refused = await client.patch(
        url(setting["app"], what), json={"variables": {"A": "1"}}, headers=setting["viewer"]
    )
    assert_problem(refused, 403, "permission-denied")
    assert await stored(session, setting["app"]) == {}


@pytest.mark.parametrize(
    ("what", "action"),
    [
        ("variables", "application.variables.update"),
        ("build-secrets", "application.build_secrets.update"),
    ],
)
async def test_audit_event_lists_keys_never_values(
    client: httpx.AsyncClient,
    session: AsyncSession,
    setting: dict[str, Any],
    what: str,
    action: str,
) -> None:
    app, member = setting["app"], setting["member"]
    await client.patch(url(app, what), json={"variables": {"GONE": "bye"}}, headers=member)
    patched = await client.patch(
        url(app, what),
        json={"variables": {"DATABASE_URL": SECRET, "API_KEY": SHORT, "GONE": None}},
        headers={**member, "X-Request-ID": f"app-{what}-1"},
    )
    assert patched.status_code == 200, patched.text

    event = await session.scalar(select(AuditEvent).where(AuditEvent.request_id == f"app-{what}-1"))
    assert event is not None
    assert (event.action, event.target_type, event.target_id) == (action, "application", app.id)
    assert event.data == {"set": ["API_KEY", "DATABASE_URL"], "deleted": ["GONE"]}
    org: Organization = setting["org"]
    listed = await client.get(
        f"/api/v1/organizations/{org.id}/audit-events",
        params={"action": action},
        headers=setting["admin"],
    )
    assert len(listed.json()["items"]) == 2
    for secret in (SECRET, SHORT, "hunter2", "bye"):
        assert secret not in listed.text


async def test_deleting_the_application_deletes_its_variables(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    app, member = setting["app"], setting["member"]
    await client.patch(url(app), json={"variables": {"A": "1"}}, headers=member)
    await client.patch(url(app, "build-secrets"), json={"variables": {"B": "2"}}, headers=member)

    # force: the fixture's server is not reachable, and is not what this test is about
    deleted = await client.delete(f"/api/v1/applications/{app.id}?force=true", headers=member)
    assert deleted.status_code == 204, deleted.text
    assert await stored(session, app) == {}
