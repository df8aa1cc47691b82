from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.passwords import verify_password
from api.models import Membership, Organization, Role, User
from tests.factories.sessions import log_in
from tests.factories.users import add_member, create_org, create_user, user_with_role
from tests.support.problems import assert_problem


def members_url(org: Organization) -> str:
    return f"/api/v1/organizations/{org.id}/members"


def member_url(org: Organization, user: User) -> str:
    return f"{members_url(org)}/{user.id}"


async def owner_session(
    client: httpx.AsyncClient, session: AsyncSession, org: Organization
) -> tuple[User, dict[str, str]]:
    """An owner logged in through a browser session: tokens never carry the owner permission."""
    user = await create_user(session)
    await add_member(session, org, user, Role.owner)
    return user, await log_in(client, session, user)


async def role_of(session: AsyncSession, org: Organization, user: User) -> Role | None:
    role: Role | None = await session.scalar(
        select(Membership.role).where(
            Membership.organization_id == org.id, Membership.user_id == user.id
        )
    )
    return role


async def test_admin_adds_existing_user(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    user = await create_user(session, email="existing@example.test")

    added = await client.post(
        members_url(org), json={"email": "Existing@Example.test", "role": "member"}, headers=admin
    )
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["user"] == {"id": str(user.id), "email": user.email, "full_name": "Test User"}
    assert body["role"] == "member"
    assert await role_of(session, org, user) is Role.member


async def test_adding_unknown_user_requires_initial_password(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)

    refused = await client.post(
        members_url(org), json={"email": "new@example.test", "role": "member"}, headers=admin
    )
    body = assert_problem(refused, 422, "initial-password-required")
    assert "new@example.test" in body["detail"]
    users = select(func.count()).select_from(User).where(User.email == "new@example.test")
    assert await session.scalar(users) == 0


async def test_adding_unknown_user_with_initial_password_creates_the_account(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)

    added = await client.post(
        members_url(org),
        json={
            "email": "New.Person@Example.test",
            "role": "viewer",
            "initial_password": "a long initial passphrase",
            "full_name": "New Person",
        },
        headers=admin,
    )
    assert added.status_code == 201, added.text
    assert added.json()["user"]["email"] == "new.person@example.test"
    assert added.json()["user"]["full_name"] == "New Person"
    user = await session.scalar(select(User).where(User.email == "new.person@example.test"))
    assert user is not None
    assert verify_password(user.password_hash, "a long initial passphrase")
    assert await role_of(session, org, user) is Role.viewer


async def test_short_initial_password_is_422(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)

    refused = await client.post(
        members_url(org),
        json={"email": "new@example.test", "role": "member", "initial_password": "short"},
        headers=admin,
    )
    assert_problem(refused, 422, "validation-error")


async def test_adding_an_existing_member_is_409(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    user = await create_user(session)
    await add_member(session, org, user, Role.viewer)

    refused = await client.post(
        members_url(org), json={"email": user.email, "role": "member"}, headers=admin
    )
    body = assert_problem(refused, 409, "already-member")
    assert user.email in body["detail"]
    assert await role_of(session, org, user) is Role.viewer


async def test_member_cannot_add_members(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, member = await user_with_role(session, org, Role.member)
    user = await create_user(session)

    refused = await client.post(
        members_url(org), json={"email": user.email, "role": "viewer"}, headers=member
    )
    assert_problem(refused, 403, "permission-denied")


async def test_only_owners_grant_owner(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    _, owner = await owner_session(client, session, org)
    newcomer = await create_user(session)
    colleague = await create_user(session)
    await add_member(session, org, colleague, Role.member)

    by_admin = await client.post(
        members_url(org), json={"email": newcomer.email, "role": "owner"}, headers=admin
    )
    assert_problem(by_admin, 403, "permission-denied")
    promote = await client.patch(member_url(org, colleague), json={"role": "owner"}, headers=admin)
    assert_problem(promote, 403, "permission-denied")
    assert await role_of(session, org, newcomer) is None
    assert await role_of(session, org, colleague) is Role.member

    by_owner = await client.post(
        members_url(org), json={"email": newcomer.email, "role": "owner"}, headers=owner
    )
    assert by_owner.status_code == 201, by_owner.text
    promoted = await client.patch(member_url(org, colleague), json={"role": "owner"}, headers=owner)
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["role"] == "owner"


async def test_admin_changes_a_members_role(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    user = await create_user(session)
    await add_member(session, org, user, Role.viewer)

    changed = await client.patch(member_url(org, user), json={"role": "admin"}, headers=admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "admin"
    assert changed.json()["user"]["id"] == str(user.id)
    assert await role_of(session, org, user) is Role.admin


async def test_admin_cannot_demote_an_owner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    owner, _ = await user_with_role(session, org, Role.owner)
    await user_with_role(session, org, Role.owner)

    refused = await client.patch(member_url(org, owner), json={"role": "member"}, headers=admin)
    assert_problem(refused, 403, "permission-denied")
    assert await role_of(session, org, owner) is Role.owner


async def test_last_owner_cannot_be_demoted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    owner, auth = await owner_session(client, session, org)

    refused = await client.patch(member_url(org, owner), json={"role": "admin"}, headers=auth)
    body = assert_problem(refused, 409, "last-owner")
    assert "last owner" in body["detail"]
    assert await role_of(session, org, owner) is Role.owner


async def test_last_owner_cannot_be_removed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    owner, auth = await owner_session(client, session, org)

    refused = await client.delete(member_url(org, owner), headers=auth)
    assert_problem(refused, 409, "last-owner")
    assert await role_of(session, org, owner) is Role.owner


async def test_owner_can_step_down_when_another_owner_remains(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    other = await create_user(session)
    await add_member(session, org, other, Role.owner)
    owner, auth = await owner_session(client, session, org)

    stepped = await client.patch(member_url(org, owner), json={"role": "admin"}, headers=auth)
    assert stepped.status_code == 200, stepped.text
    assert await role_of(session, org, owner) is Role.admin
    # Now `other` is the last owner and cannot step down in turn.
    other_auth = await log_in(client, session, other)
    refused = await client.patch(member_url(org, other), json={"role": "admin"}, headers=other_auth)
    assert_problem(refused, 409, "last-owner")


async def test_owner_removes_another_owner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await owner_session(client, session, org)
    other, _ = await user_with_role(session, org, Role.owner)

    removed = await client.delete(member_url(org, other), headers=auth)
    assert removed.status_code == 204, removed.text
    assert await role_of(session, org, other) is None


async def test_admin_cannot_remove_an_owner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    owner, _ = await user_with_role(session, org, Role.owner)
    await user_with_role(session, org, Role.owner)

    refused = await client.delete(member_url(org, owner), headers=admin)
    assert_problem(refused, 403, "permission-denied")
    assert await role_of(session, org, owner) is Role.owner


async def test_owner_token_cannot_act_as_owner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # Token scopes stop at admin: a leaked CI token can never hand out ownership.
    org = await create_org(session)
    _, token_auth = await user_with_role(session, org, Role.owner)
    other, _ = await user_with_role(session, org, Role.owner)
    user = await create_user(session)

    granted = await client.post(
        members_url(org), json={"email": user.email, "role": "owner"}, headers=token_auth
    )
    body = assert_problem(granted, 403, "permission-denied")
    assert body["required_permission"] == "owner"
    removed = await client.delete(member_url(org, other), headers=token_auth)
    assert_problem(removed, 403, "permission-denied")
    assert await role_of(session, org, other) is Role.owner


async def test_admin_removes_a_member_and_their_access_ends(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    user, user_auth = await user_with_role(session, org, Role.member)

    removed = await client.delete(member_url(org, user), headers=admin)
    assert removed.status_code == 204, removed.text
    assert await role_of(session, org, user) is None
    gone = await client.get(f"/api/v1/organizations/{org.id}/projects", headers=user_auth)
    assert_problem(gone, 404, "organization-not-found")


async def test_unknown_member_is_404(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    outsider, _ = await user_with_role(session, await create_org(session), Role.owner)

    assert_problem(
        await client.patch(member_url(org, outsider), json={"role": "member"}, headers=admin),
        404,
        "member-not-found",
    )
    assert_problem(
        await client.delete(member_url(org, outsider), headers=admin), 404, "member-not-found"
    )


async def test_members_list_is_paginated(client: httpx.AsyncClient, session: AsyncSession) -> None:
    org = await create_org(session)
    viewer, auth = await user_with_role(session, org, Role.viewer)
    others = [await create_user(session) for _ in range(4)]
    for user in others:
        await add_member(session, org, user, Role.member)
    await user_with_role(session, await create_org(session), Role.owner)

    first = await client.get(members_url(org), params={"limit": 2}, headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["pagination"] == {"total_count": 5, "max_page": 3, "page": 1, "limit": 2}
    seen = [m["user"]["id"] for m in first.json()["items"]]
    for page in (2, 3):
        r = await client.get(members_url(org), params={"limit": 2, "page": page}, headers=auth)
        assert r.status_code == 200, r.text
        seen += [m["user"]["id"] for m in r.json()["items"]]
    # Default order: by membership creation.
    assert seen == [str(u.id) for u in (viewer, *others)]

    by_role = await client.get(members_url(org), params={"sorting": "-role"}, headers=auth)
    assert [m["role"] for m in by_role.json()["items"]] == ["viewer"] + ["member"] * 4
    refused = await client.get(members_url(org), params={"sorting": "email"}, headers=auth)
    assert_problem(refused, 422, "invalid-sorting")


async def test_members_of_another_org_are_not_listed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.owner)
    other = await create_org(session)

    refused = await client.get(members_url(other), headers=auth)
    assert_problem(refused, 404, "organization-not-found")
