from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.secrets import hash_secret
from api.models import ApiToken, AuditEvent, Role, TokenScope
from api.models.base import utcnow
from tests.factories.sessions import log_in
from tests.factories.users import add_member, bearer, create_org, create_token, create_user
from tests.support.problems import assert_problem


def tokens_url(org_id: object) -> str:
    return f"/api/v1/organizations/{org_id}/tokens"


def projects_url(org_id: object) -> str:
    return f"/api/v1/organizations/{org_id}/projects"


async def test_owner_admin_token_creates_token_and_secret_is_shown_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, admin_secret = await create_token(session, org, owner, [TokenScope.admin])

    created = await client.post(
        tokens_url(org.id),
        json={"name": "deploy-bot", "scopes": ["deploy", "read"]},
        headers=bearer(admin_secret),
    )
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["token"]
    assert secret.startswith("berth_")
    assert body["prefix"] == secret[:12]
    assert body["scopes"] == ["deploy", "read"]
    assert body["user_id"] == str(owner.id)
    assert body["organization_id"] == str(org.id)
    assert "token_hash" not in body

    row = await session.get(ApiToken, uuid.UUID(body["id"]))
    assert row is not None
    assert row.token_hash == hash_secret(secret)  # stored hashed, never in clear

    one = await client.get(f"/api/v1/tokens/{body['id']}", headers=bearer(admin_secret))
    listed = await client.get(tokens_url(org.id), headers=bearer(admin_secret))
    for response in (one, listed):
        assert response.status_code == 200, response.text
        assert secret not in response.text
        assert "token_hash" not in response.text
        assert row.token_hash.hex() not in response.text
    assert "token" not in one.json()
    assert all("token" not in item for item in listed.json()["items"])
    assert body["id"] in {item["id"] for item in listed.json()["items"]}


async def test_browser_session_creates_token_with_csrf_header(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    csrf = await log_in(client, session, owner)

    refused = await client.post(tokens_url(org.id), json={"name": "ci", "scopes": ["read"]})
    assert_problem(refused, 403, "csrf-failed")

    created = await client.post(
        tokens_url(org.id), json={"name": "ci", "scopes": ["read"]}, headers=csrf
    )
    assert created.status_code == 201, created.text
    assert created.json()["token"].startswith("berth_")


async def test_created_secret_authenticates_as_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, admin_secret = await create_token(session, org, owner, [TokenScope.admin])
    created = await client.post(
        tokens_url(org.id), json={"name": "ci", "scopes": ["read"]}, headers=bearer(admin_secret)
    )
    secret = created.json()["token"]

    me = await client.get("/api/v1/auth/me", headers=bearer(secret))
    assert me.status_code == 200, me.text
    assert me.json()["auth_method"] == "token"
    assert me.json()["user"]["id"] == str(owner.id)
    assert [m["organization_id"] for m in me.json()["memberships"]] == [str(org.id)]


async def test_read_scoped_token_of_owner_cannot_write(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, secret = await create_token(session, org, owner, [TokenScope.read])

    assert (await client.get(projects_url(org.id), headers=bearer(secret))).status_code == 200
    refused = await client.post(projects_url(org.id), json={"name": "web"}, headers=bearer(secret))
    body = assert_problem(refused, 403, "permission-denied")
    assert body["required_permission"] == "write"
    assert body["detail"] == (
        "this action needs the 'write' permission, which your token's scopes do not grant"
    )


async def test_write_token_can_create_project_but_not_list_audit_events(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, secret = await create_token(session, org, owner, [TokenScope.write])

    created = await client.post(projects_url(org.id), json={"name": "web"}, headers=bearer(secret))
    assert created.status_code == 201, created.text
    audit = await client.get(f"/api/v1/organizations/{org.id}/audit-events", headers=bearer(secret))
    body = assert_problem(audit, 403, "permission-denied")
    assert body["required_permission"] == "admin"


async def test_member_cannot_create_admin_scoped_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    member = await create_user(session)
    await add_member(session, org, member, Role.member)
    csrf = await log_in(client, session, member)

    refused = await client.post(
        tokens_url(org.id), json={"name": "ci", "scopes": ["write", "admin"]}, headers=csrf
    )
    body = assert_problem(refused, 422, "invalid-token-request")
    assert "admin" in body["detail"]
    assert "member" in body["detail"]
    count = select(func.count()).select_from(ApiToken).where(ApiToken.user_id == member.id)
    assert await session.scalar(count) == 0

    allowed = await client.post(
        tokens_url(org.id), json={"name": "ci", "scopes": ["write", "deploy"]}, headers=csrf
    )
    assert allowed.status_code == 201, allowed.text


async def test_non_admin_token_cannot_mint_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, secret = await create_token(
        session, org, owner, [TokenScope.read, TokenScope.write, TokenScope.deploy]
    )

    refused = await client.post(
        tokens_url(org.id), json={"name": "sibling", "scopes": ["read"]}, headers=bearer(secret)
    )
    body = assert_problem(refused, 403, "permission-denied")
    assert body["required_permission"] == "admin"
    count = select(func.count()).select_from(ApiToken).where(ApiToken.organization_id == org.id)
    assert await session.scalar(count) == 1


async def test_expiry_in_the_past_is_refused_at_creation(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, secret = await create_token(session, org, owner, [TokenScope.admin])
    past = (utcnow() - timedelta(minutes=1)).isoformat()

    refused = await client.post(
        tokens_url(org.id),
        json={"name": "ci", "scopes": ["read"], "expires_at": past},
        headers=bearer(secret),
    )
    body = assert_problem(refused, 422, "invalid-token-request")
    assert "future" in body["detail"]

    naive = await client.post(
        tokens_url(org.id),
        json={"name": "ci", "scopes": ["read"], "expires_at": "2999-01-01T00:00:00"},
        headers=bearer(secret),
    )
    assert_problem(naive, 422, "validation-error")

    future = (utcnow() + timedelta(days=1)).isoformat()
    ok = await client.post(
        tokens_url(org.id),
        json={"name": "ci", "scopes": ["read"], "expires_at": future},
        headers=bearer(secret),
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["expires_at"] is not None


async def test_expired_token_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    token, secret = await create_token(session, org, owner)
    assert (await client.get("/api/v1/auth/me", headers=bearer(secret))).status_code == 200

    token.expires_at = utcnow() - timedelta(seconds=1)
    await session.flush()

    refused = await client.get("/api/v1/auth/me", headers=bearer(secret))
    body = assert_problem(refused, 401, "not-authenticated")
    assert "expired" in body["detail"]


async def test_revoked_token_is_refused_and_revoking_twice_is_harmless(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, admin_secret = await create_token(session, org, owner, [TokenScope.admin])
    victim, victim_secret = await create_token(session, org, owner, name="leaked")
    assert (await client.get("/api/v1/auth/me", headers=bearer(victim_secret))).status_code == 200

    first = await client.delete(f"/api/v1/tokens/{victim.id}", headers=bearer(admin_secret))
    assert first.status_code == 200, first.text
    revoked_at = first.json()["revoked_at"]
    assert revoked_at is not None

    refused = await client.get("/api/v1/auth/me", headers=bearer(victim_secret))
    assert_problem(refused, 401, "not-authenticated")

    second = await client.delete(f"/api/v1/tokens/{victim.id}", headers=bearer(admin_secret))
    assert second.status_code == 200, second.text
    assert second.json()["revoked_at"] == revoked_at
    events = select(func.count()).where(
        AuditEvent.action == "token.revoke", AuditEvent.target_id == victim.id
    )
    assert await session.scalar(events) == 1


async def test_last_used_at_is_recorded(client: httpx.AsyncClient, session: AsyncSession) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    token, secret = await create_token(session, org, owner)
    assert token.last_used_at is None
    before = utcnow()

    assert (await client.get("/api/v1/auth/me", headers=bearer(secret))).status_code == 200

    await session.refresh(token)
    assert token.last_used_at is not None
    assert token.last_used_at >= before
    shown = await client.get(f"/api/v1/tokens/{token.id}", headers=bearer(secret))
    assert shown.json()["last_used_at"] is not None


async def test_token_of_one_org_cannot_reach_another_org_of_its_user(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    org_a = await create_org(session, owner=user)
    org_b = await create_org(session, owner=user)
    _, secret_a = await create_token(session, org_a, user)
    _, secret_b = await create_token(session, org_b, user)
    project_b = await client.post(
        projects_url(org_b.id), json={"name": "web"}, headers=bearer(secret_b)
    )
    assert project_b.status_code == 201

    listing = await client.get(projects_url(org_b.id), headers=bearer(secret_a))
    assert_problem(listing, 404, "organization-not-found")
    creating = await client.post(
        projects_url(org_b.id), json={"name": "api"}, headers=bearer(secret_a)
    )
    assert_problem(creating, 404, "organization-not-found")
    one = await client.get(f"/api/v1/projects/{project_b.json()['id']}", headers=bearer(secret_a))
    assert_problem(one, 404, "project-not-found")
    orgs = await client.get("/api/v1/organizations", headers=bearer(secret_a))
    assert [o["id"] for o in orgs.json()] == [str(org_a.id)]


async def test_demoting_the_user_demotes_their_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    member = await create_user(session)
    membership = await add_member(session, org, member, Role.member)
    _, secret = await create_token(session, org, member, [TokenScope.write])
    first = await client.post(projects_url(org.id), json={"name": "one"}, headers=bearer(secret))
    assert first.status_code == 201

    membership.role = Role.viewer
    await session.flush()

    refused = await client.post(projects_url(org.id), json={"name": "two"}, headers=bearer(secret))
    assert_problem(refused, 403, "permission-denied")
    assert (await client.get(projects_url(org.id), headers=bearer(secret))).status_code == 200


async def test_members_see_only_their_own_tokens_and_admins_see_all(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    admin = await create_user(session)
    await add_member(session, org, admin, Role.admin)
    member = await create_user(session)
    await add_member(session, org, member, Role.member)
    owner_token, _ = await create_token(session, org, owner, name="owner-ci")
    admin_token, admin_secret = await create_token(session, org, admin, name="admin-ci")
    member_token, member_secret = await create_token(session, org, member, name="member-ci")
    other_org = await create_org(session, owner=admin)
    await create_token(session, other_org, admin, name="elsewhere")

    mine = await client.get(tokens_url(org.id), headers=bearer(member_secret))
    assert mine.status_code == 200, mine.text
    assert [t["id"] for t in mine.json()["items"]] == [str(member_token.id)]
    assert mine.json()["pagination"]["total_count"] == 1
    # Another user's token is hidden from non-admins: 404, not 403.
    others = await client.get(f"/api/v1/tokens/{owner_token.id}", headers=bearer(member_secret))
    assert_problem(others, 404, "token-not-found")

    everyone = await client.get(
        tokens_url(org.id), params={"sorting": "name"}, headers=bearer(admin_secret)
    )
    assert everyone.status_code == 200, everyone.text
    assert [t["id"] for t in everyone.json()["items"]] == [
        str(admin_token.id),
        str(member_token.id),
        str(owner_token.id),
    ]


async def test_member_cannot_revoke_another_users_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    member = await create_user(session)
    await add_member(session, org, member, Role.member)
    owner_token, owner_secret = await create_token(session, org, owner)
    _, member_secret = await create_token(session, org, member)

    refused = await client.delete(f"/api/v1/tokens/{owner_token.id}", headers=bearer(member_secret))
    assert_problem(refused, 404, "token-not-found")
    assert (await client.get("/api/v1/auth/me", headers=bearer(owner_secret))).status_code == 200


async def test_removed_member_token_loses_access(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    member = await create_user(session)
    membership = await add_member(session, org, member, Role.member)
    _, secret = await create_token(session, org, member)

    await session.delete(membership)
    await session.flush()

    refused = await client.get(projects_url(org.id), headers=bearer(secret))
    assert_problem(refused, 404, "organization-not-found")


async def test_a_token_cannot_mint_a_token_that_outlives_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    parent, secret = await create_token(session, org, owner, [TokenScope.admin])
    parent.expires_at = datetime.now(UTC) + timedelta(days=1)
    await session.flush()
    forever = await client.post(
        tokens_url(org.id), json={"name": "child", "scopes": ["read"]}, headers=bearer(secret)
    )
    assert_problem(forever, 422, "invalid-token-request")
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    too_long = await client.post(
        tokens_url(org.id),
        json={"name": "child", "scopes": ["read"], "expires_at": later},
        headers=bearer(secret),
    )
    assert_problem(too_long, 422, "invalid-token-request")
    sooner = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    ok = await client.post(
        tokens_url(org.id),
        json={"name": "child", "scopes": ["read"], "expires_at": sooner},
        headers=bearer(secret),
    )
    assert ok.status_code == 201, ok.text
