"""Push webhooks: signatures, branch filter, idempotent redelivery (no server contact)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Application, Deployment, DeploymentTrigger
from tests.support.problems import assert_problem

SHA = "a" * 40
OTHER_SHA = "b" * 40


@pytest.fixture
async def hook(client: httpx.AsyncClient, setting: dict[str, Any]) -> dict[str, Any]:
    created = await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json={
            "name": "hooked",
            "server_id": str(setting["server"].id),
            "source": {"type": "git", "repository": "https://git.example.com/t/app.git"},
        },
        headers=setting["member"],
    )
    assert created.status_code == 201, created.text
    app_id = created.json()["id"]
    rotated = await client.post(f"/api/v1/applications/{app_id}/webhook", headers=setting["member"])
    assert rotated.status_code == 200, rotated.text
    return {"app_id": app_id, **rotated.json()}


def _sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _push(ref: str = "refs/heads/main", after: str = SHA) -> bytes:
    return json.dumps({"ref": ref, "after": after, "sender": {"login": "octo"}}).encode()


async def _github(
    client: httpx.AsyncClient,
    hook: dict[str, Any],
    body: bytes,
    *,
    signature: str | None = None,
    delivery: str = "d-1",
    event: str = "push",
) -> httpx.Response:
    return await client.post(
        f"/api/v1/webhooks/{hook['app_id']}/github",
        content=body,
        headers={
            "Content-Type": "application/json",
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery,
            "X-Hub-Signature-256": signature or _sign(hook["secret"], body),
        },
    )


async def _deployments(session: AsyncSession, app_id: str) -> list[Deployment]:
    rows = await session.scalars(select(Deployment).where(Deployment.application_id == app_id))
    return list(rows.all())


async def test_secret_is_shown_once_with_the_payload_urls(
    client: httpx.AsyncClient, session: AsyncSession, hook: dict[str, Any]
) -> None:
    assert len(hook["secret"]) >= 40
    assert set(hook["urls"]) == {"github", "gitlab", "gitea", "generic"}
    assert hook["urls"]["github"].endswith(f"/api/v1/webhooks/{hook['app_id']}/github")
    app = await session.get(Application, hook["app_id"])
    assert app is not None
    assert hook["secret"] not in (app.webhook_secret_encrypted or "")


async def test_github_push_queues_the_pushed_commit_once(
    client: httpx.AsyncClient, session: AsyncSession, hook: dict[str, Any]
) -> None:
    first = await _github(client, hook, _push())
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "queued"
    (deployment,) = await _deployments(session, hook["app_id"])
    assert deployment.trigger is DeploymentTrigger.webhook
    assert deployment.source["commit"] == SHA
    assert deployment.commit_sha == SHA
    assert deployment.requested_by == "github webhook (octo)"

    again = await _github(client, hook, _push())  # GitHub redelivers with the same id
    assert again.json() == {
        "status": "duplicate",
        "detail": "already delivered",
        "deployment_id": str(deployment.id),
    }
    assert len(await _deployments(session, hook["app_id"])) == 1


@pytest.mark.parametrize(
    "signature",
    ["", "sha256=" + "0" * 64, "sha256=nothex", _sign("wrong-secret", _push())],
)
async def test_bad_signature_is_401_and_queues_nothing(
    client: httpx.AsyncClient, session: AsyncSession, hook: dict[str, Any], signature: str
) -> None:
    response = await client.post(
        f"/api/v1/webhooks/{hook['app_id']}/github",
        content=_push(),
        headers={"X-GitHub-Event": "push", "X-Hub-Signature-256": signature},
    )
    assert_problem(response, 401, "bad-webhook-signature")
    assert await _deployments(session, hook["app_id"]) == []


async def test_other_branches_tags_pings_and_deletions_are_ignored(
    client: httpx.AsyncClient, session: AsyncSession, hook: dict[str, Any]
) -> None:
    cases = [
        (_push("refs/heads/feature"), "push", "push to refs/heads/feature"),
        (_push(after="0" * 40), "push", "was deleted"),
        (b'{"zen": "hi"}', "ping", "not a push event"),
    ]
    for n, (body, event, why) in enumerate(cases):
        response = await _github(client, hook, body, event=event, delivery=f"i-{n}")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ignored"
        assert why in response.json()["detail"]
    assert await _deployments(session, hook["app_id"]) == []


async def test_gitlab_gitea_and_generic_providers(
    client: httpx.AsyncClient, session: AsyncSession, hook: dict[str, Any]
) -> None:
    base = f"/api/v1/webhooks/{hook['app_id']}"
    secret = hook["secret"]
    gitlab = await client.post(
        f"{base}/gitlab",
        content=_push(),
        headers={"X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": secret},
    )
    assert gitlab.json()["status"] == "queued", gitlab.text
    bad_gitlab = await client.post(
        f"{base}/gitlab",
        content=_push(),
        headers={"X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": secret + "x"},
    )
    assert_problem(bad_gitlab, 401, "bad-webhook-signature")
    gitea_body = _push(after=OTHER_SHA)
    gitea = await client.post(
        f"{base}/gitea",
        content=gitea_body,
        headers={
            "X-Gitea-Event": "push",
            "X-Gitea-Delivery": "g-1",
            "X-Gitea-Signature": _sign(secret, gitea_body).removeprefix("sha256="),
        },
    )
    assert gitea.json()["status"] == "queued", gitea.text
    generic_body = json.dumps({"ref": "main", "commit": "c" * 40}).encode()
    generic = await client.post(
        f"{base}/generic",
        content=generic_body,
        headers={"X-Berth-Signature": _sign(secret, generic_body)},
    )
    assert generic.json()["status"] == "queued", generic.text
    commits = {d.commit_sha for d in await _deployments(session, hook["app_id"])}
    assert commits == {SHA, OTHER_SHA, "c" * 40}


async def test_unknown_app_or_unconfigured_hook_is_404(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    body = _push()
    for app_id in ("00000000-0000-0000-0000-000000000000",):
        response = await client.post(
            f"/api/v1/webhooks/{app_id}/github",
            content=body,
            headers={"X-GitHub-Event": "push", "X-Hub-Signature-256": _sign("x", body)},
        )
        assert_problem(response, 404, "webhook-not-found")
    unknown_provider = await client.post(
        "/api/v1/webhooks/00000000-0000-0000-0000-000000000000/bitbucket", content=body
    )
    assert unknown_provider.status_code == 422
    count = await session.scalar(select(func.count()).select_from(Deployment))
    assert count == 0


async def test_rotating_invalidates_the_old_secret(
    client: httpx.AsyncClient, setting: dict[str, Any], hook: dict[str, Any]
) -> None:
    rotated = await client.post(
        f"/api/v1/applications/{hook['app_id']}/webhook", headers=setting["member"]
    )
    assert rotated.json()["secret"] != hook["secret"]
    stale = await _github(client, hook, _push())
    assert_problem(stale, 401, "bad-webhook-signature")
