"""Git sources through the API: hostile input refused, deploy keys write-only, CI overrides,
and cancelling a queued deployment (no server contact here)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Application, Deployment
from tests.factories.projects import create_environment, create_project
from tests.support.problems import assert_problem

REPO = "https://git.example.com/team/app.git"


def _git_app(setting: dict[str, Any], **source: Any) -> dict[str, Any]:
    return {
        "name": "gitapp",
        "server_id": str(setting["server"].id),
        "source": {"type": "git", "repository": REPO, **source},
        "build": {"dockerfile": "docker/Dockerfile", "context": ".", "args": {"MODE": "prod"}},
    }


async def _create(client: httpx.AsyncClient, setting: dict[str, Any], body: dict[str, Any]) -> Any:
    return await client.post(
        f"/api/v1/environments/{setting['environment'].id}/applications",
        json=body,
        headers=setting["member"],
    )


async def test_git_application_round_trips(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    response = await _create(client, setting, _git_app(setting, ref="release/1.x", path="svc"))
    assert response.status_code == 201, response.text
    app = response.json()
    assert app["source"] == {
        "type": "git",
        "repository": REPO,
        "ref": "release/1.x",
        "commit": None,
        "path": "svc",
    }
    assert app["build"]["dockerfile"] == "docker/Dockerfile"
    assert app["deploy_key"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("repository", "--upload-pack=touch /tmp/pwned"),
        ("repository", "-oProxyCommand=id"),
        ("repository", "ext::sh -c touch% /tmp/pwned"),
        ("repository", "https://git.example.com/a.git; id"),
        ("repository", "https://git.example.com/$(id).git"),
        ("repository", "https://git.example.com/`id`.git"),
        ("repository", "https://git.example.com/a.git\nid"),
        ("repository", "https://user:secret@git.example.com/a.git"),
        ("repository", "http://git.example.com/a.git"),
        ("repository", "ftp://git.example.com/a.git"),
        ("repository", "https://git.example.com/../../etc/passwd"),
        ("repository", "git@-oProxyCommand=id:a.git"),
        ("ref", "-main"),
        ("ref", "main;id"),
        ("ref", "$(id)"),
        ("ref", "`id`"),
        ("ref", "a..b"),
        ("ref", "feature/.hidden"),
        ("ref", "main.lock"),
        ("ref", "main\nid"),
        ("ref", "@{-1}"),
        ("ref", "a b"),
        ("commit", "abc123"),
        ("commit", "-" + "a" * 39),
        ("path", "../outside"),
        ("path", "~/.ssh"),
        ("path", "a\nb"),
        ("path", "a/../../b"),
        ("path", "-rf"),
        ("path", "a;b"),
    ],
)
async def test_hostile_git_source_is_refused(
    client: httpx.AsyncClient, setting: dict[str, Any], field: str, value: str
) -> None:
    response = await _create(client, setting, _git_app(setting, **{field: value}))
    body = assert_problem(response, 422, "validation-error")
    assert any(field in ".".join(map(str, e["loc"])) for e in body["errors"]), body


@pytest.mark.parametrize(
    ("build", "where"),
    [
        ({"dockerfile": "../Dockerfile"}, "dockerfile"),
        ({"context": "a/../.."}, "context"),
        ({"target": "-x"}, "target"),
        ({"target": "a b"}, "target"),
        ({"args": {"BAD-NAME": "x"}}, "args"),
        ({"args": {"$(id)": "x"}}, "args"),
    ],
)
async def test_hostile_build_settings_are_refused(
    client: httpx.AsyncClient, setting: dict[str, Any], build: dict[str, Any], where: str
) -> None:
    body = _git_app(setting)
    body["build"] = build
    problem = assert_problem(await _create(client, setting, body), 422, "validation-error")
    assert any(where in ".".join(map(str, e["loc"])) for e in problem["errors"]), problem


async def test_file_repositories_need_the_operator(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    response = await _create(client, setting, _git_app(setting, repository="file:///srv/app.git"))
    assert_problem(response, 422, "file-repositories-disabled")


async def test_deploy_key_is_write_only(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    app = (await _create(client, setting, _git_app(setting))).json()
    url = f"/api/v1/applications/{app['id']}/deploy-key"
    generated = await client.put(url, json={}, headers=setting["member"])
    assert generated.status_code == 200, generated.text
    key = generated.json()
    assert key["public_key"].startswith("ssh-ed25519 ")
    assert key["fingerprint"].startswith("SHA256:")
    read = (await client.get(f"/api/v1/applications/{app['id']}", headers=setting["member"])).json()
    assert read["deploy_key"] == key
    assert "PRIVATE" not in str(read)
    row = await session.get(Application, app["id"])
    assert row is not None
    assert "PRIVATE" not in (row.deploy_key_encrypted or "")

    bad = await client.put(url, json={"private_key": "not a key"}, headers=setting["member"])
    assert_problem(bad, 422, "invalid-deploy-key")
    viewer = await client.put(url, json={}, headers=setting["viewer"])
    assert viewer.status_code == 403
    removed = await client.delete(url, headers=setting["member"])
    assert removed.status_code == 204
    after = (
        await client.get(f"/api/v1/applications/{app['id']}", headers=setting["member"])
    ).json()
    assert after["deploy_key"] is None


async def test_ci_picks_a_commit_and_source_mismatches_are_422(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    app = (await _create(client, setting, _git_app(setting))).json()
    url = f"/api/v1/applications/{app['id']}/deployments"
    sha = "f" * 40
    queued = await client.post(url, json={"commit": sha}, headers=setting["member"])
    assert queued.status_code == 202, queued.text
    row = await session.get(Deployment, queued.json()["id"])
    assert row is not None
    assert row.source["commit"] == sha
    assert row.build["args"] == {"MODE": "prod"}  # the build settings are snapshotted too
    image = await client.post(url, json={"image": "r.example.com/a:1"}, headers=setting["member"])
    assert_problem(image, 422, "source-mismatch")


async def test_cancel_a_queued_deployment(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    app = (await _create(client, setting, _git_app(setting))).json()
    queued = (
        await client.post(
            f"/api/v1/applications/{app['id']}/deployments", json={}, headers=setting["member"]
        )
    ).json()
    viewer = await client.post(
        f"/api/v1/deployments/{queued['id']}/cancel", headers=setting["viewer"]
    )
    assert viewer.status_code == 403
    cancelled = await client.post(
        f"/api/v1/deployments/{queued['id']}/cancel", headers=setting["member"]
    )
    assert cancelled.status_code == 202, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["outcome"] == "cancelled"
    again = await client.post(
        f"/api/v1/deployments/{queued['id']}/cancel", headers=setting["member"]
    )
    assert_problem(again, 409, "deployment-finished")
    waited = await client.get(
        f"/api/v1/deployments/{queued['id']}?wait_seconds=5", headers=setting["member"]
    )
    assert waited.json()["status"] == "cancelled"


async def test_mounts_validated_and_bind_mounts_need_admin(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    def with_mounts(*mounts: dict[str, Any]) -> dict[str, Any]:
        body = _git_app(setting)
        body["runtime"] = {"volumes": list(mounts)}
        return body

    data = {"type": "volume", "source": "data", "target": "/var/lib/app"}
    ok = await _create(client, setting, with_mounts(data))
    assert ok.status_code == 201, ok.text
    assert ok.json()["runtime"]["restart_policy"]["condition"] == "any"
    bad = [
        {"type": "volume", "source": "../x", "target": "/data"},
        {"type": "volume", "source": "data", "target": "relative"},
        {"type": "volume", "source": "data", "target": "/a/../etc"},
        {"type": "bind", "source": "/var/run/docker.sock", "target": "/s"},
        {"type": "bind", "source": "/etc", "target": "/host-etc"},
        {"type": "bind", "source": "/srv/../etc", "target": "/x"},
    ]
    for mount in bad:
        response = await _create(client, setting, with_mounts(mount))
        assert_problem(response, 422, "validation-error")
    twice = await _create(client, setting, with_mounts(data, {**data, "source": "other"}))
    assert_problem(twice, 422, "validation-error")
    bind = {"type": "bind", "source": "/srv/uploads", "target": "/uploads"}
    body = with_mounts(bind)
    body["name"] = "binder"
    refused = await _create(client, setting, body)
    assert_problem(refused, 403, "permission-denied")


async def test_patch_replaces_documents_with_their_defaults(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    """A partial runtime in a PATCH is a whole runtime: its defaults are stored too."""
    app = (await _create(client, setting, _git_app(setting))).json()
    patched = await client.patch(
        f"/api/v1/applications/{app['id']}",
        json={"runtime": {"port": 8080, "health_check": {"type": "http", "retries": 5}}},
        headers=setting["member"],
    )
    assert patched.status_code == 200, patched.text
    row = await session.get(Application, app["id"])
    assert row is not None
    await session.refresh(row)
    check = row.runtime["health_check"]
    assert check["path"] == "/"
    assert check["retries"] == 5
    assert row.runtime["replicas"] == 1


async def test_two_applications_cannot_share_a_generated_host_name(
    client: httpx.AsyncClient, session: AsyncSession, setting: dict[str, Any]
) -> None:
    """Names are unique per environment, host names per server: `web` in staging and `web`
    in production on one server would both claim web.<base domain>."""
    first = await _create(client, setting, _git_app(setting))
    assert first.status_code == 201, first.text
    staging = await create_environment(session, await create_project(session, setting["org"]))
    clash = await client.post(
        f"/api/v1/environments/{staging.id}/applications",
        json=_git_app(setting),
        headers=setting["member"],
    )
    body = assert_problem(clash, 409, "hostname-taken")
    assert "gitapp.apps.example.com" in body["detail"]
    renamed = {**_git_app(setting), "name": "gitapp-staging"}
    ok = await client.post(
        f"/api/v1/environments/{staging.id}/applications", json=renamed, headers=setting["member"]
    )
    assert ok.status_code == 201, ok.text
    back = await client.patch(
        f"/api/v1/applications/{ok.json()['id']}",
        json={"name": "gitapp"},
        headers=setting["member"],
    )
    assert_problem(back, 409, "hostname-taken")
