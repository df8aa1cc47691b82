"""Hostile input in any server field is refused with per-field 422 errors and writes nothing;
what reaches a remote command is quoted, so it stays inert even when it gets through."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra.ssh import SSHLink, SSHTarget
from api.models import AuditEvent, Server
from tests.servers.conftest import Operator
from tests.support.problems import assert_problem
from tests.testbed import Testbed

INJECTIONS = ["a;id", "$(id)", "`id`", "a\nid", "-oProxyCommand=id", "a b", "a|id", "a&&id"]

BAD_FIELDS: list[tuple[str, Any]] = [
    *[("host", value) for value in INJECTIONS],
    ("host", ""),
    ("host", "-example.com"),
    ("host", "exa mple.com"),
    ("host", "a..b"),
    ("host", "a" * 64 + ".example.com"),
    ("host", "x" * 300),
    ("host", "300.1.1.1"),  # a mistyped IP is not a host name
    ("host", "127.1"),  # the resolver would read it as 127.0.0.1
    ("host", "0x7f.1"),
    ("host", "1.2.3.4/24"),
    ("host", "fe80::1%$(id)"),  # Python's ipaddress accepts any zone id text
    ("host", "http://example.com"),
    ("host", "root@example.com"),
    ("host", 42),
    ("port", 0),
    ("port", 65536),
    ("port", -1),
    ("port", "22; rm"),
    ("port", "22 -oProxyCommand=id"),
    ("port", 22.5),
    *[("username", value) for value in INJECTIONS],
    ("username", "root;id"),
    ("username", "-root"),
    ("username", "Root"),
    ("username", "ro ot"),
    ("username", "r" * 33),
    ("username", ""),
    ("username", "root\x00"),
    *[("name", value) for value in INJECTIONS],
    ("name", "Web"),
    ("name", ""),
    ("name", "n" * 64),
    ("name", "-web"),
    ("advertise_addr", "10.0.0.1; id"),
    ("advertise_addr", "example.com"),
    ("advertise_addr", "10.0.0.256"),
    *[("base_domain", value) for value in INJECTIONS],
    ("base_domain", "localhost"),  # apps need a fully qualified domain
    ("base_domain", "apps\n.example.com"),
    ("base_domain", "*.example.com"),
    ("base_domain", "example.com/evil"),
    ("acme_directory_url", "http://acme.example.com/directory"),
    ("acme_directory_url", "ftp://acme.example.com/directory"),
    ("acme_directory_url", "not a url"),
    *[("proxy_image", value) for value in INJECTIONS],
    ("proxy_image", "Traefik:v3.7.15"),  # repositories are lower-case
    ("proxy_image", "-traefik"),
    ("proxy_image", "traefik:v3@sha256:abc"),
    ("proxy_image", ""),
    ("private_key", "short"),
    ("unexpected_field", "x"),
]


FIELDS = sorted({field for field, _ in BAD_FIELDS})


def _bad_values(field: str) -> list[Any]:
    return [value for name, value in BAD_FIELDS if name == field]


async def _servers_in(session: AsyncSession, operator: Operator) -> int:
    statement = select(func.count()).select_from(Server)
    return int(
        await session.scalar(statement.where(Server.organization_id == operator.org.id)) or 0
    )


async def _audit_events_in(session: AsyncSession, operator: Operator) -> int:
    statement = select(func.count()).select_from(AuditEvent)
    return int(
        await session.scalar(statement.where(AuditEvent.organization_id == operator.org.id)) or 0
    )


def _assert_field_error(response: httpx.Response, field: str, value: Any) -> None:
    problem = assert_problem(response, 422, "validation-error")
    fields = {tuple(error["loc"][:2]) for error in problem["errors"]}
    assert ("body", field) in fields, (value, problem["errors"])


@pytest.mark.parametrize("field", FIELDS)
async def test_bad_field_on_create_is_422_per_field_and_writes_nothing(
    operator: Operator, session: AsyncSession, field: str
) -> None:
    for value in _bad_values(field):
        body: dict[str, Any] = {"name": "web", "host": "10.217.0.2", "username": "deploy"}
        body[field] = value
        response = await operator.request(
            "POST", f"/organizations/{operator.org.id}/servers", json=body
        )
        _assert_field_error(response, field, value)
    assert await _servers_in(session, operator) == 0
    assert await _audit_events_in(session, operator) == 0


@pytest.mark.parametrize("field", [f for f in FIELDS if f != "private_key"])
async def test_bad_field_on_update_is_422_and_changes_nothing(
    operator: Operator, session: AsyncSession, testbed: Testbed, field: str
) -> None:
    server = await operator.add(testbed.host(1))
    events_before = await _audit_events_in(session, operator)
    for value in _bad_values(field):
        response = await operator.request("PATCH", f"/servers/{server['id']}", json={field: value})
        _assert_field_error(response, field, value)
    assert await operator.get(server["id"]) == server
    assert await _audit_events_in(session, operator) == events_before


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("host", "Example.COM.", "example.com"),
        ("host", "bücher.example", "xn--bcher-kva.example"),
        ("host", "[2001:DB8::1]", "2001:db8::1"),
        ("host", "  10.217.0.2 ", "10.217.0.2"),
        ("username", "_svc-deploy1", "_svc-deploy1"),
        ("base_domain", "Apps.Example.Internal", "apps.example.internal"),
        ("advertise_addr", "10.0.0.1", "10.0.0.1"),
        # URL parsing drops the newline and encodes the space: a header can't be smuggled.
        (
            "acme_directory_url",
            "https://acme.example.com/$(id)\nX: y",
            "https://acme.example.com/$(id)X:%20y",
        ),
    ],
)
async def test_good_values_are_normalised(
    operator: Operator, field: str, value: str, stored: str
) -> None:
    body: dict[str, Any] = {"host": "10.217.0.2", field: value}
    response = await operator.create(**body)
    assert response.status_code == 201, response.text
    assert response.json()[field] == stored


async def test_hostile_argv_reaches_the_remote_command_literally(
    testbed: Testbed, tmp_path: Path
) -> None:
    """`SSHLink.run` quotes every argv element: shell syntax in one is just text."""
    host = testbed.host(1)
    marker = f"/tmp/pwned-{uuid.uuid4().hex[:8]}"  # noqa: S108 - inside the test host
    hostile = ["$(id)", f"; touch {marker}", "`id`", f"$(touch {marker})", "a\nb", "'\"", "*"]
    target = SSHTarget(
        host=host.ip,
        port=host.ssh_port,
        username=host.deploy_user,
        private_key=host.client_key.read_text(),
        host_key=host.host_public_key,
    )
    link = await SSHLink.open(target, tmp_path / "docker.sock")
    try:
        echoed = await link.run(["printf", "%s\\n", *hostile])
        assert echoed.stdout == "".join(f"{arg}\n" for arg in hostile)
        # A leading '-' is an argument to the program, not an option to the shell or ssh.
        listed = await link.run(["ls", "--", "-la; id"], check=False)
        assert listed.exit_status != 0
        assert "uid=" not in listed.stdout + listed.stderr
    finally:
        await link.close()
    assert host.run(["test", "-e", marker], check=False).returncode != 0
