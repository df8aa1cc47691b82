"""Domains through the API on a server that is not set up: stored, validated, nothing sent.

(The server behind these tests has a documentation address, 192.0.2.20: any attempt to
write to it would fail the request, so a 201 here also proves nothing was sent.)
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.domains import service as domain_service_module
from api.models import Application, Domain, Organization, Role, Server, ServerKind
from tests.domains.certs import issue
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


async def _server(session: AsyncSession, org: Organization) -> Server:
    server = Server(
        organization_id=org.id,
        name=f"s-{uuid.uuid4().hex[:6]}",
        kind=ServerKind.ssh,
        host="192.0.2.20",
        username="root",
        public_key="ssh-ed25519 AAAA x",
        private_key_encrypted="v1.x.y.z",
        base_domain="apps.example.com",
    )
    session.add(server)
    await session.flush()
    return server


async def _app(session: AsyncSession, org: Organization, server: Server, name: str) -> Application:
    environment = await create_environment(session, await create_project(session, org))
    app = Application(
        organization_id=org.id,
        environment_id=environment.id,
        server_id=server.id,
        name=name,
        source={"type": "image", "image": "registry.example.com/web:1"},
        runtime={"port": 8080, "replicas": 1},
        service_name=f"berth-{name}-{uuid.uuid4().hex[:8]}",
    )
    session.add(app)
    await session.flush()
    return app


@pytest.fixture
async def setting(session: AsyncSession) -> dict[str, Any]:
    org = await create_org(session)
    _, member = await user_with_role(session, org, Role.member)
    _, viewer = await user_with_role(session, org, Role.viewer)
    server = await _server(session, org)
    return {
        "member": member,
        "viewer": viewer,
        "server": server,
        "app": await _app(session, org, server, "web"),
        "other_app": await _app(session, org, server, "api"),
    }


def _url(app: Application) -> str:
    return f"/api/v1/applications/{app.id}/domains"


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Domain)) or 0)


async def test_create_list_read_and_delete(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    body = {
        "host": "Bücher.Example.",
        "path_prefix": "/shop",
        "strip_prefix": True,
        "basic_auth": [{"username": "alice", "password": "correct horse"}],
        "headers": {"X-Frame-Options": "DENY"},
    }
    created = await client.post(_url(setting["app"]), json=body, headers=setting["member"])
    assert created.status_code == 201, created.text
    domain = created.json()
    assert domain["host"] == "xn--bcher-kva.example"
    assert domain["host_unicode"] == "bücher.example"
    assert domain["certificate"] == "letsencrypt-http"
    assert domain["redirect_https"] is True
    assert domain["basic_auth_users"] == ["alice"]
    assert "correct horse" not in created.text
    assert "$2b$" not in created.text
    listed = await client.get(_url(setting["app"]), headers=setting["viewer"])
    assert [d["id"] for d in listed.json()["items"]] == [domain["id"]]
    assert listed.json()["pagination"]["total_count"] == 1
    status = await client.get(
        f"/api/v1/domains/{domain['id']}/certificate", headers=setting["viewer"]
    )
    assert status.json()["status"] == "pending"
    assert "not set up" in status.json()["reason"]
    assert (
        await client.delete(f"/api/v1/domains/{domain['id']}", headers=setting["viewer"])
    ).status_code == 403
    deleted = await client.delete(f"/api/v1/domains/{domain['id']}", headers=setting["member"])
    assert deleted.status_code == 204
    gone = await client.get(f"/api/v1/domains/{domain['id']}", headers=setting["member"])
    assert_problem(gone, 404, "domain-not-found")


async def test_same_host_and_path_on_one_server_is_409(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    first = await client.post(
        _url(setting["app"]), json={"host": "shop.example.com"}, headers=setting["member"]
    )
    assert first.status_code == 201
    again = await client.post(
        _url(setting["other_app"]), json={"host": "SHOP.example.com"}, headers=setting["member"]
    )
    body = assert_problem(again, 409, "domain-taken")
    assert "shop.example.com" in body["detail"]
    other_path = await client.post(
        _url(setting["other_app"]),
        json={"host": "shop.example.com", "path_prefix": "/api"},
        headers=setting["member"],
    )
    assert other_path.status_code == 201
    assert await _count(session) == 2


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"host": "a.example.com`) || Host(`evil.example"}, "host"),
        ({"host": "*.example.com"}, "wildcard"),
        ({"host": "a.example.com\r\nX-Injected: 1"}, "host"),
        ({"host": 'a"b.example.com'}, "host"),
        ({"host": "10.0.0.1"}, "IP address"),
        ({"host": "localhost"}, "fully qualified"),
        ({"host": "ok.example.com", "path_prefix": "/../admin"}, "path prefix"),
        ({"host": "ok.example.com", "path_prefix": "/a`)||Host(`x"}, "path prefix"),
        ({"host": "ok.example.com", "path_prefix": "/%2e%2e/"}, "path prefix"),
        ({"host": "ok.example.com", "headers": {"X-A": "v\r\nSet-Cookie: s=1"}}, "header"),
        ({"host": "ok.example.com", "headers": {"Bad Name": "v"}}, "header"),
        ({"host": "ok.example.com", "certificate": "none", "redirect_https": True}, "redirect"),
        ({"host": "ok.example.com", "certificate": "uploaded"}, "uploaded_certificate"),
        ({"host": "ok.example.com", "strip_prefix": True}, "strip_prefix"),
        (
            {"host": "ok.example.com", "basic_auth": [{"username": "a:b", "password": "12345678"}]},
            "username",
        ),
        ({"host": "ok.example.com", "port": 70000}, "port"),
        (
            {"host": "ok.example.com", "basic_auth": [{"username": "a", "password": "é" * 40}]},
            "72 bytes",
        ),
        ({"host": "ok.example.com", "unknown": 1}, "unknown"),
    ],
)
async def test_bad_input_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    setting: dict[str, Any],
    body: dict[str, Any],
    fragment: str,
) -> None:
    response = await client.post(_url(setting["app"]), json=body, headers=setting["member"])
    problem = assert_problem(response, 422, "validation-error")
    assert fragment.lower() in response.text.lower(), problem
    assert await _count(session) == 0


async def test_an_uploaded_certificate_is_checked_against_its_key_and_host(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    pair, other = issue("secure.example.com"), issue("secure.example.com")

    def body(cert: str, key: str, host: str = "secure.example.com") -> dict[str, Any]:
        return {
            "host": host,
            "certificate": "uploaded",
            "uploaded_certificate": {"certificate": cert, "private_key": key},
        }

    mismatch = await client.post(
        _url(setting["app"]), json=body(pair.certificate, other.key), headers=setting["member"]
    )
    assert_problem(mismatch, 422, "validation-error")
    assert "does not belong" in mismatch.text
    wrong_host = await client.post(
        _url(setting["app"]),
        json=body(pair.certificate, pair.key, "else.example.com"),
        headers=setting["member"],
    )
    assert "not for 'else.example.com'" in wrong_host.text
    expired = issue("secure.example.com", expired=True)
    old = await client.post(
        _url(setting["app"]), json=body(expired.certificate, expired.key), headers=setting["member"]
    )
    assert "expired" in old.text
    garbage = await client.post(
        _url(setting["app"]), json=body("not a pem", pair.key), headers=setting["member"]
    )
    assert "PEM" in garbage.text
    assert await _count(session) == 0

    ok = await client.post(
        _url(setting["app"]), json=body(pair.certificate, pair.key), headers=setting["member"]
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["certificate_not_after"] is not None
    assert "PRIVATE KEY" not in ok.text
    stored = await session.get(Domain, uuid.UUID(ok.json()["id"]))
    assert stored is not None
    assert stored.private_key_encrypted is not None
    assert "PRIVATE KEY" not in stored.private_key_encrypted  # encrypted at rest
    status = await client.get(
        f"/api/v1/domains/{ok.json()['id']}/certificate", headers=setting["viewer"]
    )
    assert status.json()["status"] == "uploaded"
    assert status.json()["not_after"] == ok.json()["certificate_not_after"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            {"host": "shop.example.com", "www_redirect": "www-to-apex"},
            {"host": "www.shop.example.com"},
        ),
        (
            {"host": "www.shop.example.com"},
            {"host": "shop.example.com", "www_redirect": "www-to-apex"},
        ),
        (
            {"host": "www.shop.example.com", "www_redirect": "apex-to-www"},
            {"host": "shop.example.com"},
        ),
    ],
)
async def test_a_www_alias_cannot_shadow_another_domain(
    client: httpx.AsyncClient,
    session: AsyncSession,
    setting: dict[str, Any],
    first: dict[str, Any],
    second: dict[str, Any],
) -> None:
    ok = await client.post(_url(setting["app"]), json=first, headers=setting["member"])
    assert ok.status_code == 201, ok.text
    clash = await client.post(_url(setting["other_app"]), json=second, headers=setting["member"])
    assert "www redirect" in assert_problem(clash, 409, "domain-taken")["detail"]
    assert await _count(session) == 1


async def test_another_apps_generated_host_name_is_taken(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    clash = await client.post(
        _url(setting["app"]), json={"host": "api.apps.example.com"}, headers=setting["member"]
    )
    assert "generated host name of application 'api'" in clash.text
    assert_problem(clash, 409, "domain-taken")
    own = await client.post(
        _url(setting["app"]), json={"host": "web.apps.example.com"}, headers=setting["member"]
    )
    assert own.status_code == 201


async def test_update_changes_settings_and_keeps_secrets_unless_replaced(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    pair = issue("edit.example.com")
    created = await client.post(
        _url(setting["app"]),
        json={
            "host": "edit.example.com",
            "certificate": "uploaded",
            "uploaded_certificate": {"certificate": pair.certificate, "private_key": pair.key},
            "basic_auth": [{"username": "alice", "password": "correct horse"}],
        },
        headers=setting["member"],
    )
    domain_id = created.json()["id"]
    url = f"/api/v1/domains/{domain_id}"
    stored = await session.get(Domain, uuid.UUID(domain_id))
    assert stored is not None
    hashes, key = list(stored.basic_auth), stored.private_key_encrypted

    changed = await client.patch(
        url, json={"headers": {"X-Robots-Tag": "noindex"}, "port": 9000}, headers=setting["member"]
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["headers"] == {"X-Robots-Tag": "noindex"}
    assert changed.json()["port"] == 9000
    await session.refresh(stored)
    assert stored.basic_auth == hashes
    assert stored.private_key_encrypted == key

    to_acme = await client.patch(
        url, json={"certificate": "letsencrypt-tls-alpn"}, headers=setting["member"]
    )
    assert to_acme.json()["certificate"] == "letsencrypt-tls-alpn"
    assert to_acme.json()["certificate_not_after"] is None
    await session.refresh(stored)
    assert stored.private_key_encrypted is None  # no key kept for a certificate not in use

    plain = await client.patch(url, json={"certificate": "none"}, headers=setting["member"])
    assert plain.json()["redirect_https"] is False

    # Null leaves a field as it is (it once wrote NULL into a NOT NULL column: a 500).
    nulls = await client.patch(
        url, json={"strip_prefix": None, "headers": None}, headers=setting["member"]
    )
    assert nulls.status_code == 200, nulls.text
    assert nulls.json()["headers"] == {"X-Robots-Tag": "noindex"}
    assert nulls.json()["strip_prefix"] == plain.json()["strip_prefix"]


@pytest.mark.parametrize(
    ("change", "slug", "fragment"),
    [
        ({"certificate": "uploaded"}, "invalid-domain-change", "uploaded_certificate"),
        ({"strip_prefix": True}, "invalid-domain-change", "strip_prefix"),
        ({"certificate": "none", "redirect_https": True}, "invalid-domain-change", "redirect"),
        ({"www_redirect": "apex-to-www"}, "invalid-domain-change", "www"),
        ({"headers": {"X-A": "a\r\nb"}}, "validation-error", "header"),
        ({"host": "other.example.com"}, "validation-error", "host"),
    ],
)
async def test_bad_updates_change_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    setting: dict[str, Any],
    change: dict[str, Any],
    slug: str,
    fragment: str,
) -> None:
    created = await client.post(
        _url(setting["app"]), json={"host": "keep.example.com"}, headers=setting["member"]
    )
    url = f"/api/v1/domains/{created.json()['id']}"
    response = await client.patch(url, json=change, headers=setting["member"])
    assert fragment in assert_problem(response, 422, slug)["detail"] + response.text
    after = await client.get(url, headers=setting["member"])
    assert after.json() == created.json()


async def test_an_update_cannot_make_a_www_alias_shadow_another_domain(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    await client.post(
        _url(setting["other_app"]),
        json={"host": "www.alias.example.com"},
        headers=setting["member"],
    )
    created = await client.post(
        _url(setting["app"]), json={"host": "alias.example.com"}, headers=setting["member"]
    )
    response = await client.patch(
        f"/api/v1/domains/{created.json()['id']}",
        json={"www_redirect": "www-to-apex"},
        headers=setting["member"],
    )
    assert_problem(response, 409, "domain-taken")


async def test_an_application_has_a_bounded_number_of_domains(
    client: httpx.AsyncClient, setting: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(domain_service_module, "MAX_DOMAINS_PER_APPLICATION", 2)
    for name in ("one", "two"):
        ok = await client.post(
            _url(setting["app"]), json={"host": f"{name}.example.com"}, headers=setting["member"]
        )
        assert ok.status_code == 201
    third = await client.post(
        _url(setting["app"]), json={"host": "three.example.com"}, headers=setting["member"]
    )
    assert "2 domains" in assert_problem(third, 409, "too-many-domains")["detail"]


async def test_an_application_without_a_port_needs_one_on_the_domain(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    app: Application = setting["app"]
    app.runtime = {"replicas": 1}
    await session.flush()
    refused = await client.post(
        _url(app), json={"host": "noport.example.com"}, headers=setting["member"]
    )
    assert "no port" in assert_problem(refused, 422, "domain-not-routable")["detail"]
    assert await _count(session) == 0
    ok = await client.post(
        _url(app), json={"host": "noport.example.com", "port": 3000}, headers=setting["member"]
    )
    assert ok.status_code == 201, ok.text


async def test_certificate_statuses_of_an_application_in_one_call(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    pair = issue("up.example.com")
    bodies: list[dict[str, Any]] = [
        {"host": "acme.example.com"},
        {"host": "plain.example.com", "certificate": "none"},
        {
            "host": "up.example.com",
            "certificate": "uploaded",
            "uploaded_certificate": {"certificate": pair.certificate, "private_key": pair.key},
        },
    ]
    for body in bodies:
        created = await client.post(_url(setting["app"]), json=body, headers=setting["member"])
        assert created.status_code == 201, created.text
    response = await client.get(f"{_url(setting['app'])}/certificates", headers=setting["viewer"])
    assert response.status_code == 200, response.text
    statuses = {s["host"]: s for s in response.json()}
    assert statuses["acme.example.com"]["status"] == "pending"
    assert "not set up" in statuses["acme.example.com"]["reason"]
    assert statuses["plain.example.com"]["status"] == "none"
    assert statuses["up.example.com"]["status"] == "uploaded"
    assert statuses["up.example.com"]["not_after"] is not None
