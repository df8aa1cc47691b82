"""Destinations through the API: validated like the storage would, credentials sealed and
write-only, addresses held to the operator's policy, and only admins may change or use them."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.destinations.remotes import credentials_context, remote_for, reveal_credentials
from api.kit.crypto import Keyring, SecretDecryptionError
from api.kit.settings import BackupSettings
from api.models import AuditEvent, Destination, Role
from tests.destinations.conftest import SECRET_KEY, Admin, lab_backups, s3_spec
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


async def _row(session: AsyncSession, destination_id: str) -> Destination:
    row = await session.get(Destination, uuid.UUID(destination_id), populate_existing=True)
    assert row is not None
    return row


async def test_create_stores_settings_and_never_returns_the_credentials(
    admin: Admin, session: AsyncSession, app: FastAPI
) -> None:
    created = await admin.create(s3_spec(prefix="berth/prod/"), name="offsite")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["kind"] == "s3"
    assert body["settings"]["prefix"] == "berth/prod"  # a trailing "/" is not a segment
    assert body["settings"]["bucket"] == "backups"
    assert body["credentials_set"] == ["access_key_id", "secret_access_key"]
    assert body["host_key_state"] == "not_applicable"
    got = await admin.request("GET", f"/destinations/{body['id']}")
    listed = await admin.request("GET", f"/organizations/{admin.org.id}/destinations")
    for response in (created, got, listed):
        assert response.status_code in (200, 201), response.text
        assert SECRET_KEY not in response.text
        assert "AKIAEXAMPLE" not in response.text
    assert [d["name"] for d in listed.json()["items"]] == ["offsite"]

    row = await _row(session, body["id"])
    assert SECRET_KEY not in row.credentials_encrypted
    keyring: Keyring = app.state.keyring
    assert reveal_credentials(keyring, row)["secret_access_key"] == SECRET_KEY
    events = (await session.scalars(select(AuditEvent).where(AuditEvent.target_id == row.id))).all()
    assert [e.action for e in events] == ["destination.create"]
    assert SECRET_KEY not in json.dumps([e.data for e in events])


async def test_credentials_are_bound_to_the_settings_they_were_entered_for(
    admin: Admin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(s3_spec())
    row = await _row(session, body["id"])
    keyring: Keyring = app.state.keyring
    # Someone with database access re-points the row: the sealed keys no longer open, so
    # they can never be sent to the new endpoint.
    row.settings = {**row.settings, "endpoint": "https://attacker.example.net"}
    with pytest.raises(SecretDecryptionError):
        reveal_credentials(keyring, row)
    assert credentials_context(row).startswith(f"destination_credentials:{row.id}:")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bucket", "Backups"),  # S3 buckets are lowercase
        ("bucket", "ab"),
        ("bucket", "192.168.1.10"),
        ("bucket", "my..bucket"),
        ("bucket", "bucket\nsecret_access_key = x"),
        ("prefix", "../other-tenant"),
        ("prefix", "backups/../../etc"),
        ("prefix", "/absolute"),
        ("prefix", "a//b"),
        ("prefix", "with space"),
        ("prefix", "x\ny = z"),
        ("endpoint", "ftp://s3.example.com"),
        ("endpoint", "file:///etc/passwd"),
        ("endpoint", "https://user:pass@s3.example.com"),
        ("endpoint", "https://s3.example.com/?x=1"),
        ("region", "us east 1"),
    ],
)
async def test_bad_s3_settings_are_422(admin: Admin, field: str, value: str) -> None:
    response = await admin.create(s3_spec(**{field: value}))
    body = assert_problem(response, 422, "validation-error")
    assert any(field in error["loc"] for error in body["errors"]), body


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "gcs", "bucket": "goog-backups"},
        {"kind": "gcs", "bucket": "ok-bucket", "credentials": {"service_account_json": "{}"}},
        {
            "kind": "azure",
            "account": "Dev-Account",
            "container": "backups",
            "credentials": {"key": "a2V5"},
        },
        {
            "kind": "azure",
            "account": "devaccount",
            "container": "back--ups",
            "credentials": {"key": "a2V5"},
        },
        {
            "kind": "azure",
            "account": "devaccount",
            "container": "backups",
            "credentials": {"key": "a2V5", "sas_token": "sv=1&sig=2"},
        },
        {"kind": "azure", "account": "devaccount", "container": "backups", "credentials": {}},
        {
            "kind": "sftp",
            "host": "backup.example.com",
            "username": "u",
            "path": "/srv/backups",
            "credentials": {"password": "pw"},
        },
        {
            "kind": "sftp",
            "host": "backup.example.com",
            "username": "u",
            "path": "../..",
            "credentials": {"password": "pw"},
        },
        {"kind": "sftp", "host": "bad host;rm", "username": "u", "credentials": {"password": "p"}},
        {
            "kind": "sftp",
            "host": "backup.example.com",
            "username": "u",
            "credentials": {"private_key": "not a key"},
        },
        {
            "kind": "ftp",
            "host": "ftp.example.com",
            "username": "u",
            "tls": "maybe",
            "credentials": {"password": "pw"},
        },
        {
            "kind": "ftp",
            "host": "ftp.example.com",
            "username": "u x",
            "credentials": {"password": "pw"},
        },
        {"kind": "webdav", "url": "https://dav.example.com"},
    ],
)
async def test_bad_settings_of_every_kind_are_422(admin: Admin, spec: dict[str, Any]) -> None:
    assert_problem(await admin.create(spec), 422, "validation-error")


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://169.254.169.254",  # every cloud's metadata service
        "http://[fe80::1]:9000",
        "http://100.100.100.200",
        "https://10.20.30.40:9000",  # a private network the operator did not list
    ],
)
async def test_metadata_link_local_and_unlisted_private_endpoints_are_refused(
    admin: Admin, endpoint: str
) -> None:
    body = assert_problem(
        await admin.create(s3_spec(endpoint=endpoint)), 422, "destination-address-refused"
    )
    assert "BERTH_BACKUPS__ALLOWED_PRIVATE_NETWORKS" in body["detail"] or (
        "link-local" in body["detail"]
    )


async def test_an_sftp_host_in_an_unlisted_private_network_is_refused(admin: Admin) -> None:
    spec = {
        "kind": "sftp",
        "host": "192.168.7.7",
        "username": "u",
        "credentials": {"password": "pw"},
    }
    assert_problem(await admin.create(spec), 422, "destination-address-refused")


@pytest.mark.parametrize("backup_settings", [lab_backups(allow_insecure_transport=False)])
async def test_plain_http_endpoints_need_the_operators_consent(
    admin: Admin, backup_settings: BackupSettings
) -> None:
    body = assert_problem(
        await admin.create(s3_spec(endpoint="http://127.0.0.1:9000")),
        422,
        "destination-insecure-transport",
    )
    assert "BERTH_BACKUPS__ALLOW_INSECURE_TRANSPORT" in body["detail"]


async def test_plain_ftp_is_refused_unless_the_operator_allows_it(admin: Admin) -> None:
    spec = {
        "kind": "ftp",
        "host": "127.0.0.1",
        "username": "u",
        "tls": "none",
        "credentials": {"password": "pw"},
    }
    body = assert_problem(await admin.create(spec), 422, "destination-insecure-transport")
    assert "BERTH_BACKUPS__ALLOW_PLAIN_FTP" in body["detail"]


@pytest.mark.parametrize("backup_settings", [lab_backups(allow_plain_ftp=True)])
async def test_allowed_plain_ftp_carries_a_warning(
    admin: Admin, backup_settings: BackupSettings
) -> None:
    spec = {
        "kind": "ftp",
        "host": "127.0.0.1",
        "username": "u",
        "tls": "none",
        "credentials": {"password": "pw"},
    }
    body = await admin.add(spec)
    assert body["settings"]["tls"] == "none"
    assert any("plain FTP" in w for w in body["warnings"])


async def test_changing_settings_needs_the_credentials_again(
    admin: Admin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(s3_spec())
    moved = {
        k: v for k, v in s3_spec(endpoint="https://other.example.com").items() if k != "credentials"
    }
    assert_problem(
        await admin.request("PATCH", f"/destinations/{body['id']}", json={"spec": moved}),
        422,
        "validation-error",
    )
    new = s3_spec(
        endpoint="https://other.example.com",
        credentials={"access_key_id": "AKIANEW", "secret_access_key": "new-secret"},
    )
    updated = await admin.request(
        "PATCH", f"/destinations/{body['id']}", json={"spec": new, "name": "renamed"}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == "renamed"
    assert updated.json()["settings"]["endpoint"] == "https://other.example.com"
    row = await _row(session, body["id"])
    assert reveal_credentials(app.state.keyring, row)["secret_access_key"] == "new-secret"


async def test_a_destinations_kind_cannot_change(admin: Admin) -> None:
    body = await admin.add(s3_spec())
    gcs = {"kind": "gcs", "bucket": "backups"}
    assert_problem(
        await admin.request("PATCH", f"/destinations/{body['id']}", json={"spec": gcs}),
        422,
        "destination-kind-change",
    )


async def test_names_are_unique_per_organization(admin: Admin) -> None:
    await admin.add(s3_spec(), name="offsite")
    assert_problem(await admin.create(s3_spec(), name="offsite"), 409, "destination-name-taken")


async def test_viewers_read_but_cannot_create_check_or_delete(
    admin: Admin, session: AsyncSession
) -> None:
    body = await admin.add(s3_spec())
    _, viewer = await user_with_role(session, admin.org, Role.viewer)
    got = await admin.client.get(f"/api/v1/destinations/{body['id']}", headers=viewer)
    assert got.status_code == 200
    assert SECRET_KEY not in got.text
    create = await admin.client.post(
        f"/api/v1/organizations/{admin.org.id}/destinations",
        json={"name": "x", "spec": s3_spec()},
        headers=viewer,
    )
    assert create.status_code == 403
    for method, path in (
        ("POST", f"/api/v1/destinations/{body['id']}/check"),
        ("DELETE", f"/api/v1/destinations/{body['id']}"),
        ("POST", f"/api/v1/destinations/{body['id']}/host-key/scan"),
    ):
        assert (await admin.client.request(method, path, headers=viewer)).status_code == 403


async def test_another_organizations_destination_is_not_found(
    admin: Admin, session: AsyncSession
) -> None:
    body = await admin.add(s3_spec())
    other = await create_org(session)
    _, outsider = await user_with_role(session, other, Role.owner)
    for method in ("GET", "DELETE"):
        response = await admin.client.request(
            method, f"/api/v1/destinations/{body['id']}", headers=outsider
        )
        assert_problem(response, 404, "destination-not-found")
    check = await admin.client.post(f"/api/v1/destinations/{body['id']}/check", headers=outsider)
    assert_problem(check, 404, "destination-not-found")


async def test_host_key_routes_are_for_sftp_only(admin: Admin) -> None:
    body = await admin.add(s3_spec())
    assert_problem(
        await admin.request("POST", f"/destinations/{body['id']}/host-key/scan"),
        422,
        "destination-host-key-not-applicable",
    )


async def test_an_unconfirmed_sftp_destination_is_never_checked(admin: Admin) -> None:
    spec = {"kind": "sftp", "host": "127.0.0.1", "username": "u", "credentials": {"password": "pw"}}
    body = await admin.add(spec)
    assert body["host_key_state"] == "unknown"
    assert any("host key" in w for w in body["warnings"])
    assert_problem(await admin.check(body["id"]), 409, "destination-host-key-unconfirmed")


async def test_delete_forgets_the_destination(admin: Admin, session: AsyncSession) -> None:
    body = await admin.add(s3_spec())
    assert (await admin.request("DELETE", f"/destinations/{body['id']}")).status_code == 204
    assert (await admin.request("GET", f"/destinations/{body['id']}")).status_code == 404


async def test_the_rclone_remote_holds_no_value_outside_its_options(
    admin: Admin, session: AsyncSession, app: FastAPI
) -> None:
    body = await admin.add(s3_spec())
    remote = remote_for(app.state.keyring, await _row(session, body["id"]))
    files = remote.render("/run/berth")
    config = files["rclone.conf"]
    assert config.splitlines()[0:2] == ["[dest]", "type = s3"]
    assert f"secret_access_key = {SECRET_KEY}" in config
    assert "env_auth = false" in config
    assert "no_check_bucket = true" in config
    assert remote.path("x") == "dest:backups/berth/prod/x"
