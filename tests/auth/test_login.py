from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.dependencies import CSRF_HEADER, SESSION_COOKIE
from tests.factories.users import PASSWORD, create_org, create_user


async def test_login_sets_httponly_session_cookie_and_returns_csrf(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    await create_org(session, owner=user)
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert response.json()["csrf_token"]

    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json()["user"]["email"] == user.email
    assert me.json()["auth_method"] == "session"
    assert len(me.json()["memberships"]) == 1


async def test_login_email_is_case_insensitive(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session, email="mixed@example.test")
    response = await client.post(
        "/api/v1/auth/login", json={"email": "MiXeD@Example.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(user.id)


async def test_wrong_password_is_401_problem(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "nope"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/invalid-credentials")
    assert body["status"] == 401


async def test_unknown_account_fails_like_a_wrong_password(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.test", "password": "x"}
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "e-mail or password is incorrect"


async def test_cookie_write_without_csrf_header_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    org = await create_org(session, owner=user)
    login = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    csrf = login.json()["csrf_token"]
    url = f"/api/v1/organizations/{org.id}/projects"

    refused = await client.post(url, json={"name": "web"})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/csrf-failed")

    wrong = await client.post(url, json={"name": "web"}, headers={CSRF_HEADER: "forged"})
    assert wrong.status_code == 403

    accepted = await client.post(url, json={"name": "web"}, headers={CSRF_HEADER: csrf})
    assert accepted.status_code == 201, accepted.text


async def test_logout_ends_the_session(client: httpx.AsyncClient, session: AsyncSession) -> None:
    user = await create_user(session)
    login = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    csrf = login.json()["csrf_token"]
    stolen_cookie = client.cookies.get(SESSION_COOKIE)
    out = await client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})
    assert out.status_code == 204
    # Replaying the old cookie must not work: the session row is gone.
    client.cookies.set(SESSION_COOKIE, stolen_cookie or "")
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_login_is_throttled_per_account_and_address(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    for _ in range(5):  # the test settings allow 5 failures per account and address
        bad = await client.post("/api/v1/auth/login", json={"email": user.email, "password": "bad"})
        assert bad.status_code == 401
    blocked = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.json()["type"].endswith("/too-many-requests")


async def test_login_is_throttled_per_address_and_ignores_forwarded_for(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # 20 failures from one address across many accounts, each with a fresh spoofed header.
    for i in range(20):
        bad = await client.post(
            "/api/v1/auth/login",
            json={"email": f"probe{i}@example.test", "password": "bad"},
            headers={"X-Forwarded-For": f"198.51.100.{i}"},
        )
        assert bad.status_code == 401
    user = await create_user(session)
    blocked = await client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.250"},
    )
    assert blocked.status_code == 429


async def test_change_password_ends_other_sessions(
    client: httpx.AsyncClient, app: object, session: AsyncSession
) -> None:
    user = await create_user(session)
    other = httpx.AsyncClient(transport=client._transport, base_url="http://berth.test")
    async with other:
        await other.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
        login = await client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
        )
        changed = await client.post(
            "/api/v1/auth/password",
            json={"current_password": PASSWORD, "new_password": "a much better passphrase"},
            headers={CSRF_HEADER: login.json()["csrf_token"]},
        )
        assert changed.status_code == 204, changed.text
        assert (await client.get("/api/v1/auth/me")).status_code == 200
        assert (await other.get("/api/v1/auth/me")).status_code == 401
