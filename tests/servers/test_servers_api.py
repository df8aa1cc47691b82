"""The servers API against real test hosts: keys, host-key trust, checks and their failures.

Fault-injecting tests (host key regenerated, sshd stopped) use host 2 and restore it; the
rest use host 1. Every test gets a fresh connection manager, so each check really connects.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import asyncssh
import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra.connections import ConnectionManager
from api.kit.crypto import Keyring
from api.models import AuditEvent, HostKeyStatus, Role, Server
from api.servers.connectivity import private_key_context
from tests.factories.users import create_org, user_with_role
from tests.servers.conftest import Operator, wait_disconnected
from tests.support.problems import assert_problem
from tests.support.testbed_session import unused_address
from tests.testbed import Testbed

# Generous: the product's own connect timeout is 10 s. The point is "answers, never hangs".
UNREACHABLE_BOUND = 20.0


def _private_key_lines(private_openssh: str) -> list[str]:
    """The base64 body lines of an OpenSSH private key: none may appear in a response."""
    return [line for line in private_openssh.splitlines() if line and "-----" not in line]


def _assert_no_private_key(response: httpx.Response, private_openssh: str) -> None:
    assert "PRIVATE KEY" not in response.text
    assert "private_key" not in response.text
    for line in _private_key_lines(private_openssh):
        assert line not in response.text


async def _stored_private_key(session: AsyncSession, keyring: Keyring, server_id: str) -> str:
    server = await session.get(Server, uuid.UUID(server_id), populate_existing=True)
    assert server is not None
    assert server.private_key_encrypted is not None
    return keyring.decrypt(server.private_key_encrypted, context=private_key_context(server))


async def _audit_actions(session: AsyncSession, server_id: str) -> list[tuple[str, dict[str, Any]]]:
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.target_id == uuid.UUID(server_id))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return [(e.action, e.data) for e in rows]


# Keys ------------------------------------------------------------------------------------


async def test_generated_key_shows_public_key_and_never_the_private_key(
    operator: Operator, session: AsyncSession, app: FastAPI, testbed: Testbed
) -> None:
    created = await operator.create(host=testbed.host(1).ip, username="deploy")
    assert created.status_code == 201, created.text
    server = created.json()
    assert server["public_key"].startswith("ssh-ed25519 ")
    assert server["host_key_status"] == "unknown"
    assert server["status"] == "unknown"

    private = await _stored_private_key(session, app.state.keyring, server["id"])
    pair = asyncssh.import_private_key(private)
    assert pair.export_public_key("openssh").decode().strip() == server["public_key"]
    stored = await session.get(Server, uuid.UUID(server["id"]))
    assert stored is not None
    assert stored.private_key_encrypted is not None
    for line in _private_key_lines(private):
        assert line not in stored.private_key_encrypted  # encrypted at rest

    _assert_no_private_key(created, private)
    for response in (
        await operator.request("GET", f"/servers/{server['id']}"),
        await operator.request("GET", f"/organizations/{operator.org.id}/servers"),
        await operator.request("PATCH", f"/servers/{server['id']}", json={"name": "renamed"}),
    ):
        assert response.status_code == 200, response.text
        _assert_no_private_key(response, private)


async def test_uploaded_key_is_used_and_never_returned(
    operator: Operator, testbed: Testbed
) -> None:
    host = testbed.host(1)
    uploaded = host.client_key.read_text()
    created = await operator.create(host=host.ip, private_key=uploaded)
    assert created.status_code == 201, created.text
    expected_public = asyncssh.import_private_key(uploaded).export_public_key("openssh")
    assert created.json()["public_key"] == expected_public.decode().strip()
    _assert_no_private_key(created, uploaded)

    trusted = await operator.trust(created.json()["id"])
    checked = await operator.check(trusted["id"])
    assert checked.status_code == 200, checked.text
    _assert_no_private_key(checked, uploaded)


async def test_garbage_private_key_is_422_and_writes_nothing(
    operator: Operator, testbed: Testbed
) -> None:
    response = await operator.create(host=testbed.host(1).ip, private_key="x" * 100)
    assert_problem(response, 422, "invalid-ssh-key")
    listed = await operator.request("GET", f"/organizations/{operator.org.id}/servers")
    assert listed.json()["items"] == []


# Host-key trust --------------------------------------------------------------------------


async def test_scan_records_the_hosts_real_fingerprint_as_pending(
    operator: Operator, testbed: Testbed
) -> None:
    host = testbed.host(1)
    server = await operator.add(host)
    scanned = await operator.scan(server["id"])
    assert scanned.status_code == 200, scanned.text
    body = scanned.json()
    assert body["host_key_status"] == "pending"
    assert body["pending_host_key_fingerprint"] == host.fingerprint
    assert body["host_key_fingerprint"] is None


async def test_confirming_another_fingerprint_is_409_and_trusts_nothing(
    operator: Operator, testbed: Testbed
) -> None:
    server = await operator.add(testbed.host(1))
    before_scan = await operator.confirm(server["id"], testbed.host(1).fingerprint)
    assert_problem(before_scan, 409, "fingerprint-mismatch")

    assert (await operator.scan(server["id"])).status_code == 200
    wrong = await operator.confirm(server["id"], testbed.host(2).fingerprint)
    body = assert_problem(wrong, 409, "fingerprint-mismatch")
    assert testbed.host(1).fingerprint in body["detail"]
    after = await operator.get(server["id"])
    assert after["host_key_status"] == "pending"
    assert after["host_key_fingerprint"] is None


async def test_confirmed_key_is_trusted_and_check_fills_facts(
    operator: Operator, testbed: Testbed
) -> None:
    host = testbed.host(1)
    server = await operator.add(host)
    trusted = await operator.trust(server["id"])
    assert trusted["host_key_status"] == "trusted"
    assert trusted["host_key_fingerprint"] == host.fingerprint
    assert trusted["pending_host_key_fingerprint"] is None

    checked = await operator.check(server["id"])
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert body["status"] == "reachable"
    assert body["status_reason"] is None
    assert body["last_checked_at"] is not None
    facts = body["facts"]
    expected_version = host.docker(["version", "--format", "{{.Server.Version}}"]).stdout.strip()
    assert facts["docker_version"] == expected_version
    assert facts["swarm_state"] == "active"
    assert facts["swarm_manager"] is True
    assert facts["swarm_node_id"]
    assert facts["cpus"] >= 1
    assert facts["memory_bytes"] > 0
    assert facts["disk_total_bytes"] > 0
    assert 0 <= facts["disk_free_bytes"] <= facts["disk_total_bytes"]


async def test_non_root_user_in_docker_group_works(operator: Operator, testbed: Testbed) -> None:
    host = testbed.host(1)
    server = await operator.add_trusted(host, user=host.deploy_user)
    assert server["username"] == "deploy"
    checked = await operator.check(server["id"])
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "reachable"
    assert checked.json()["facts"]["swarm_state"] == "active"


async def test_check_before_trust_is_409_host_key_not_trusted(
    operator: Operator, testbed: Testbed
) -> None:
    server = await operator.add(testbed.host(1))
    assert_problem(await operator.check(server["id"]), 409, "host-key-not-trusted")
    assert (await operator.scan(server["id"])).status_code == 200
    assert_problem(await operator.check(server["id"]), 409, "host-key-not-trusted")
    assert (await operator.get(server["id"]))["status"] == "unknown"


# Failures --------------------------------------------------------------------------------


async def test_key_not_in_authorized_keys_is_502_and_recorded_unreachable(
    operator: Operator, testbed: Testbed
) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519").export_private_key("openssh")
    server = await operator.add(testbed.host(1), private_key=stranger.decode())
    await operator.trust(server["id"])

    response = await operator.check(server["id"])
    body = assert_problem(response, 502, "server-authentication-failed")
    assert "authorized_keys" in body["detail"]
    after = await operator.get(server["id"])
    assert after["status"] == "unreachable"
    assert "authorized_keys" in after["status_reason"]


async def test_changed_host_key_blocks_until_the_new_key_is_confirmed(
    operator: Operator, connections: ConnectionManager, testbed: Testbed
) -> None:
    host = testbed.host(2)
    server = await operator.add_trusted(host)
    old_fingerprint = host.fingerprint
    assert (await operator.check(server["id"])).status_code == 200

    # A reinstalled server: new host key, and our live connection is gone with the old one.
    testbed.regenerate_host_key(host)
    testbed.kill_ssh_connections(host)
    await wait_disconnected(connections, uuid.UUID(server["id"]))
    new_fingerprint = host.fingerprint
    assert new_fingerprint != old_fingerprint

    changed = assert_problem(await operator.check(server["id"]), 409, "host-key-changed")
    assert changed["trusted_fingerprint"] == old_fingerprint
    assert changed["presented_fingerprint"] == new_fingerprint
    assert old_fingerprint in changed["detail"]
    assert new_fingerprint in changed["detail"]
    after = await operator.get(server["id"])
    assert after["host_key_status"] == "changed"
    assert after["status"] == "unreachable"

    # Still blocked, without even connecting, until the operator acts.
    again = assert_problem(await operator.check(server["id"]), 409, "host-key-changed")
    assert again["trusted_fingerprint"] == old_fingerprint
    assert again["presented_fingerprint"] == new_fingerprint

    scanned = await operator.scan(server["id"])
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["host_key_status"] == "changed"
    assert scanned.json()["pending_host_key_fingerprint"] == new_fingerprint
    assert_problem(
        await operator.confirm(server["id"], old_fingerprint), 409, "fingerprint-mismatch"
    )
    confirmed = await operator.confirm(server["id"], new_fingerprint)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["host_key_status"] == "trusted"
    assert confirmed.json()["host_key_fingerprint"] == new_fingerprint

    checked = await operator.check(server["id"])
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "reachable"


async def test_unreachable_host_is_503_within_a_bounded_time(
    operator: Operator, session: AsyncSession, testbed: Testbed
) -> None:
    server = await operator.add(testbed.host(1), address=unused_address(testbed))

    started = time.monotonic()
    scanned = await operator.scan(server["id"])
    assert time.monotonic() - started < UNREACHABLE_BOUND
    assert_problem(scanned, 503, "server-unreachable")

    # Trust the key as if the machine had answered before, then lose it.
    row = await session.get(Server, uuid.UUID(server["id"]))
    assert row is not None
    row.host_key = testbed.host(1).host_public_key
    row.host_key_fingerprint = testbed.host(1).fingerprint
    row.host_key_status = HostKeyStatus.trusted
    await session.flush()

    started = time.monotonic()
    checked = await operator.check(server["id"])
    assert time.monotonic() - started < UNREACHABLE_BOUND
    body = assert_problem(checked, 503, "server-unreachable")
    assert unused_address(testbed) in body["detail"]
    after = await operator.get(server["id"])
    assert after["status"] == "unreachable"
    assert after["status_reason"]


async def test_stopped_sshd_is_503(operator: Operator, testbed: Testbed) -> None:
    host = testbed.host(2)
    server = await operator.add_trusted(host)
    testbed.stop_sshd(host)
    try:
        assert_problem(await operator.check(server["id"]), 503, "server-unreachable")
        assert_problem(await operator.scan(server["id"]), 503, "server-unreachable")
    finally:
        testbed.start_sshd(host)
    checked = await operator.check(server["id"])  # "check now" skips the backoff
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "reachable"


async def test_changing_host_or_port_resets_trust(operator: Operator, testbed: Testbed) -> None:
    host = testbed.host(1)
    server = await operator.add_trusted(host)

    same = await operator.request(
        "PATCH", f"/servers/{server['id']}", json={"host": host.ip, "name": "same-place"}
    )
    assert same.status_code == 200, same.text
    assert same.json()["host_key_status"] == "trusted"

    moved = await operator.request("PATCH", f"/servers/{server['id']}", json={"port": 2222})
    assert moved.status_code == 200, moved.text
    assert moved.json()["host_key_status"] == "unknown"
    assert moved.json()["host_key_fingerprint"] is None
    assert_problem(await operator.check(server["id"]), 409, "host-key-not-trusted")

    back = await operator.request("PATCH", f"/servers/{server['id']}", json={"port": 22})
    assert back.json()["host_key_status"] == "unknown"  # trust is never restored implicitly
    await operator.trust(server["id"])
    readdressed = await operator.request(
        "PATCH", f"/servers/{server['id']}", json={"host": testbed.host(2).ip}
    )
    assert readdressed.json()["host_key_status"] == "unknown"


async def test_proxy_settings_are_per_server_and_null_puts_back_the_default(
    operator: Operator, testbed: Testbed
) -> None:
    server = await operator.add_trusted(testbed.host(1))
    assert (server["proxy_image"], server["acme_directory_url"]) == (None, None)
    image = "registry.example.test:5000/mirror/traefik:v3.7.15"
    changed = await operator.request(
        "PATCH",
        f"/servers/{server['id']}",
        json={"proxy_image": image, "acme_directory_url": "https://ca.example.test/dir"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["proxy_image"] == image
    assert changed.json()["acme_directory_url"] == "https://ca.example.test/dir"
    # The proxy's settings don't touch the trust in the host.
    assert changed.json()["host_key_status"] == "trusted"

    # Omitted: kept. Explicit null: back to the control plane's default.
    kept = await operator.request("PATCH", f"/servers/{server['id']}", json={"name": "web-2"})
    assert kept.json()["proxy_image"] == image
    reset = await operator.request(
        "PATCH", f"/servers/{server['id']}", json={"acme_directory_url": None}
    )
    assert reset.status_code == 200, reset.text
    assert reset.json()["acme_directory_url"] is None
    assert reset.json()["proxy_image"] == image
    assert (await operator.get(server["id"]))["acme_directory_url"] is None


# Audit and tenancy -----------------------------------------------------------------------


async def test_audit_records_create_scan_trust_and_status_changes(
    operator: Operator, session: AsyncSession, testbed: Testbed
) -> None:
    host = testbed.host(1)
    server = await operator.add_trusted(host)
    assert (await operator.check(server["id"])).status_code == 200
    assert (await operator.check(server["id"])).status_code == 200  # no change: no event
    stranger = asyncssh.generate_private_key("ssh-ed25519").export_private_key("openssh")
    await operator.request(
        "PATCH", f"/servers/{server['id']}", json={"private_key": stranger.decode()}
    )
    assert_problem(await operator.check(server["id"]), 502, "server-authentication-failed")

    events = await _audit_actions(session, server["id"])
    actions = [action for action, _ in events]
    assert actions == [
        "server.create",
        "server.host_key.scan",
        "server.host_key.trust",
        "server.status.change",
        "server.update",
        "server.status.change",
    ]
    data = dict(events[:4])
    assert data["server.create"]["key"] == "uploaded"
    assert data["server.host_key.scan"]["fingerprint"] == host.fingerprint
    assert data["server.host_key.trust"]["fingerprint"] == host.fingerprint
    assert data["server.status.change"] == {"from": "unknown", "to": "reachable", "reason": None}
    lost = events[-1][1]
    assert (lost["from"], lost["to"]) == ("reachable", "unreachable")
    assert "authorized_keys" in lost["reason"]
    assert events[4][1] == {"private_key": "replaced"}  # the key itself is never logged


async def test_other_organizations_cannot_see_or_touch_the_server(
    operator: Operator, client: httpx.AsyncClient, session: AsyncSession, testbed: Testbed
) -> None:
    server = await operator.add(testbed.host(1))
    other = await create_org(session)
    _, outsider = await user_with_role(session, other, Role.owner)
    for method, path in [
        ("GET", f"/servers/{server['id']}"),
        ("POST", f"/servers/{server['id']}/host-key/scan"),
        ("POST", f"/servers/{server['id']}/check"),
        ("DELETE", f"/servers/{server['id']}"),
    ]:
        response = await client.request(method, f"/api/v1{path}", headers=outsider)
        assert_problem(response, 404, "server-not-found")
    listed = await client.get(f"/api/v1/organizations/{other.id}/servers", headers=outsider)
    assert listed.json()["items"] == []
    assert (await operator.get(server["id"]))["host_key_status"] == "unknown"


async def test_delete_forgets_the_server_and_its_connection(
    operator: Operator, app: FastAPI, testbed: Testbed
) -> None:
    server = await operator.add_trusted(testbed.host(1))
    assert (await operator.check(server["id"])).status_code == 200
    deleted = await operator.request("DELETE", f"/servers/{server['id']}")
    assert deleted.status_code == 204, deleted.text
    assert uuid.UUID(server["id"]) not in app.state.connections._slots
    gone = await operator.request("GET", f"/servers/{server['id']}")
    assert_problem(gone, 404, "server-not-found")
