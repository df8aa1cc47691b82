"""Registry credentials through the API: stored encrypted, never shown, one per address."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli.keys import rotate_master_key
from api.kit.crypto import Keyring, SecretDecryptionError, generate_master_key, parse_master_key
from api.models import AuditEvent, Registry, Role
from api.registries.secrets import password_context, reveal_password
from tests.factories.users import create_org, user_with_role
from tests.registries.conftest import PASSWORD, RegistryAdmin
from tests.support.problems import assert_problem


async def _row(session: AsyncSession, registry_id: str) -> Registry:
    row = await session.get(Registry, uuid.UUID(registry_id), populate_existing=True)
    assert row is not None
    return row


async def test_create_normalises_the_address_and_never_returns_the_password(
    admin: RegistryAdmin,
) -> None:
    created = await admin.create(address=" Registry.Example.COM:05000/team/web ")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["address"] == "registry.example.com:5000/team/web"
    assert (body["host"], body["namespace"]) == ("registry.example.com:5000", "team/web")
    assert body["has_password"] is True
    assert body["password_hint"] == "…789"
    assert "password" not in body
    assert "password_encrypted" not in body

    got = await admin.request("GET", f"/registries/{body['id']}")
    listed = await admin.request("GET", f"/organizations/{admin.org.id}/registries")
    for response in (created, got, listed):
        assert response.status_code in (200, 201), response.text
        assert PASSWORD not in response.text
        assert "Very-Secret" not in response.text
    assert [r["id"] for r in listed.json()["items"]] == [body["id"]]


async def test_docker_hub_aliases_become_docker_io(admin: RegistryAdmin) -> None:
    body = await admin.add(address="index.docker.io/acme")
    assert body["address"] == "docker.io/acme"


async def test_the_password_is_encrypted_and_bound_to_its_registry_and_host(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(address="ghcr.io/acme")
    row = await _row(session, body["id"])
    assert PASSWORD not in row.password_encrypted
    assert row.password_encrypted.startswith("v1.")
    keyring: Keyring = app.state.keyring
    assert reveal_password(keyring, row) == PASSWORD
    # Moved to another host (or another row), the blob does not open.
    row.host = "evil.example.com"
    with pytest.raises(SecretDecryptionError):
        keyring.decrypt(row.password_encrypted, context=password_context(row))


HOSTILE_ADDRESSES = [
    "https://registry.example.com",
    "http://registry.example.com",
    "//registry.example.com",
    "tcp://registry.example.com:2375",
    "user:pass@registry.example.com",
    "registry.example.com@evil.example.com",
    "registry.example.com/../etc",
    "registry.example.com/a/./b",
    "registry.example.com//team",
    "registry.example.com/Team",
    "registry.example.com/team?x=1",
    "registry.example.com#frag",
    "registry.example.com\\team",
    "registry.example.com/te am",
    "registry.example.com/%2e%2e",
    "registry.example.com:0",
    "registry.example.com:65536",
    "registry.example.com:+80",
    "registry.example.com:80:81",
    "registry.example.com:",
    "[::1]:5000",
    "fe80::1",
    "myregistry",  # Docker would read myregistry/app as a Docker Hub repository
    "-registry.example.com",
    "registry..example.com",
    "300.1.1.1",
    "127.1",
    "registry.example.com;id",
    "$(id).example.com",
    "registry.example.com\nHost: evil",
    "registry.example.com\x00",
    "",
    "   ",
    "a" * 64 + ".example.com",
    "r.example.com/" + "n" * 300,
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
async def test_hostile_addresses_are_refused(
    admin: RegistryAdmin, session: AsyncSession, address: str
) -> None:
    response = await admin.create(address=address)
    problem = assert_problem(response, 422, "validation-error")
    assert any(e["loc"][-1] == "address" for e in problem["errors"]), problem
    assert (await session.scalar(select(func.count()).select_from(Registry))) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ci:admin"),  # basic auth would split it into the password
        ("username", "ci\nX: y"),
        ("username", ""),
        ("username", "u" * 256),
        ("password", ""),
        ("password", "p" * 16385),
        ("password", "pass\x00word"),
        ("name", "Registry"),
        ("name", "a;id"),
        ("name", ""),
        ("address", 5000),
        ("extra", "field"),
    ],
)
async def test_hostile_fields_are_refused(admin: RegistryAdmin, field: str, value: Any) -> None:
    response = await admin.create(**{field: value})
    problem = assert_problem(response, 422, "validation-error")
    assert any(e["loc"][-1] == field for e in problem["errors"]), problem
    # A refused password is not echoed back either.
    assert PASSWORD not in response.text
    if field == "password" and value:
        assert str(value)[:12] not in response.text


async def test_a_password_keeps_its_surrounding_whitespace(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(password="  spaced  ")
    assert reveal_password(app.state.keyring, await _row(session, body["id"])) == "  spaced  "


async def test_duplicate_names_and_addresses_conflict(admin: RegistryAdmin) -> None:
    await admin.add(name="ghcr", address="ghcr.io/acme")
    assert_problem(await admin.create(name="ghcr", address="quay.io"), 409, "registry-name-taken")
    # The same address written differently is the same address.
    taken = await admin.create(name="other", address="GHCR.io/acme/")
    problem = assert_problem(taken, 409, "registry-address-taken")
    assert "ghcr.io/acme" in problem["detail"]
    # Another namespace on the same host is another set of credentials.
    await admin.add(name="ghcr-team", address="ghcr.io/acme/team")


async def test_update_renames_and_replaces_the_password(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(name="ghcr", address="ghcr.io")
    before = (await _row(session, body["id"])).password_encrypted
    new_password = "ghp_another-long-token-xyz"
    patched = await admin.request(
        "PATCH",
        f"/registries/{body['id']}",
        json={"name": "github", "username": "bot", "password": new_password},
    )
    assert patched.status_code == 200, patched.text
    assert new_password not in patched.text
    assert (patched.json()["name"], patched.json()["username"]) == ("github", "bot")
    assert patched.json()["password_hint"] == "…xyz"
    assert patched.json()["updated_at"] is not None
    row = await _row(session, body["id"])
    assert row.password_encrypted != before
    assert reveal_password(app.state.keyring, row) == new_password


async def test_a_new_host_needs_the_password_again(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(address="registry.example.com/team")
    url = f"/registries/{body['id']}"

    refused = await admin.request("PATCH", url, json={"address": "evil.example.com"})
    problem = assert_problem(refused, 422, "registry-password-required")
    assert "evil.example.com" in problem["detail"]
    assert (await _row(session, body["id"])).host == "registry.example.com"

    # Another namespace on the same host keeps the password.
    same_host = await admin.request("PATCH", url, json={"address": "registry.example.com/ops"})
    assert same_host.status_code == 200, same_host.text
    assert same_host.json()["address"] == "registry.example.com/ops"

    moved = await admin.request(
        "PATCH", url, json={"address": "other.example.com:5000", "password": "new-secret"}
    )
    assert moved.status_code == 200, moved.text
    row = await _row(session, body["id"])
    assert row.address == "other.example.com:5000"
    assert reveal_password(app.state.keyring, row) == "new-secret"


async def test_update_into_a_taken_address_conflicts(admin: RegistryAdmin) -> None:
    await admin.add(address="quay.io/acme")
    other = await admin.add(address="quay.io/other")
    response = await admin.request(
        "PATCH", f"/registries/{other['id']}", json={"address": "quay.io/acme"}
    )
    assert_problem(response, 409, "registry-address-taken")


async def test_delete_forgets_the_registry(admin: RegistryAdmin) -> None:
    body = await admin.add()
    deleted = await admin.request("DELETE", f"/registries/{body['id']}")
    assert deleted.status_code == 204, deleted.text
    gone = await admin.request("GET", f"/registries/{body['id']}")
    assert_problem(gone, 404, "registry-not-found")


async def test_mutations_are_audited_without_the_password(
    admin: RegistryAdmin, session: AsyncSession
) -> None:
    body = await admin.add(name="ghcr", address="ghcr.io")
    url = f"/registries/{body['id']}"
    await admin.request("PATCH", url, json={"password": "rotated-secret-value"})
    await admin.request("DELETE", url)
    events = (
        await session.scalars(
            select(AuditEvent)
            .where(AuditEvent.target_id == uuid.UUID(body["id"]))
            .order_by(AuditEvent.created_at)
        )
    ).all()
    assert [e.action for e in events] == ["registry.create", "registry.update", "registry.delete"]
    assert events[0].data == {"name": "ghcr", "address": "ghcr.io", "username": "ci"}
    assert events[1].data["password"] == "replaced"
    for event in events:
        assert PASSWORD not in str(event.data)
        assert "rotated-secret-value" not in str(event.data)


@pytest.mark.parametrize("role", [Role.member, Role.viewer])
async def test_only_admins_change_registries_but_everyone_reads(
    admin: RegistryAdmin, session: AsyncSession, role: Role
) -> None:
    body = await admin.add()
    _, headers = await user_with_role(session, admin.org, role)
    client = admin.client
    got = await client.get(f"/api/v1/registries/{body['id']}", headers=headers)
    assert got.status_code == 200, got.text
    listed = await client.get(f"/api/v1/organizations/{admin.org.id}/registries", headers=headers)
    assert listed.status_code == 200, listed.text
    writes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("POST", f"/api/v1/organizations/{admin.org.id}/registries", {"name": "x"}),
        ("PATCH", f"/api/v1/registries/{body['id']}", {"name": "renamed"}),
        ("DELETE", f"/api/v1/registries/{body['id']}", None),
        ("POST", f"/api/v1/registries/{body['id']}/check", None),
    ]
    for method, url, json in writes:
        response = await client.request(method, url, json=json, headers=headers)
        assert_problem(response, 403, "permission-denied")


async def test_other_organizations_see_nothing(
    admin: RegistryAdmin, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    body = await admin.add()
    other_org = await create_org(session)
    _, outsider = await user_with_role(session, other_org, Role.owner)
    response = await client.get(f"/api/v1/registries/{body['id']}", headers=outsider)
    assert_problem(response, 404, "registry-not-found")
    mine = await client.get(f"/api/v1/organizations/{other_org.id}/registries", headers=outsider)
    assert mine.json()["items"] == []


async def test_master_key_rotation_rewraps_registry_passwords(
    admin: RegistryAdmin,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    app: FastAPI,
) -> None:
    body = await admin.add(address="ghcr.io/acme")
    old: Keyring = app.state.keyring
    new_key = parse_master_key(generate_master_key())

    counts = await rotate_master_key(sessionmaker, Keyring(new_key, previous=(old.current,)))

    assert counts["registries.password_encrypted"] >= 1
    row = await _row(session, body["id"])
    assert reveal_password(Keyring(new_key), row) == PASSWORD
    with pytest.raises(SecretDecryptionError):
        reveal_password(old, row)
