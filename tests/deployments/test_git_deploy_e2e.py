"""Deploy from git on a real host: checkout and `docker build` on the server, live logs over
SSE, a pinned commit, the warm build cache, rollback without a rebuild, and cancel."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.deployments.helpers import (
    SLOW_DOCKERFILE,
    api,
    app_tree,
    new_environment,
    ready_server,
    serves,
    settled,
)
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed
from tests.testbed.services import GitDaemon


async def _events(client: httpx.AsyncClient, tenant: Tenant, deployment_id: str) -> list[Any]:
    """Read the SSE stream of a deployment to its end: [(event, data), ...]."""
    events: list[tuple[str, Any]] = []
    url = f"/api/v1/deployments/{deployment_id}/events"
    async with client.stream("GET", url, headers=tenant.headers, timeout=300) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((event, json.loads(line.removeprefix("data: "))))
    return events


async def test_git_deploy_build_cache_rollback_and_cancel(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    host = testbed.host(1)
    git = testbed.services["git"]
    assert isinstance(git, GitDaemon)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "gitshop")
    repo = f"shop-{tenant.org.id.hex[:8]}"
    first_commit = git.create_repo(repo, app_tree(testbed, tmp_path, "hello git1"))

    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "gitweb",
            "server_id": server_id,
            "source": {"type": "git", "repository": git.url(repo), "ref": "main"},
            "build": {"dockerfile": "Dockerfile", "args": {"UNUSED": "x"}},
            "runtime": {
                "port": 8080,
                "health_check": {
                    "type": "http",
                    "interval_seconds": 1,
                    "timeout_seconds": 1,
                    "retries": 2,
                    "start_period_seconds": 1,
                },
            },
        },
    )
    hostname = app["hostname"]

    # 1. Checkout + build on the server, followed live over SSE.
    first = await api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})
    events = await _events(client, tenant, first["id"])
    names = [name for name, _ in events]
    assert names[0] == "snapshot", names
    assert names[-1] == "status", names
    assert {"log", "step"} <= set(names), names
    streamed = "\n".join(data["line"] for name, data in events if name == "log")
    assert "COPY www/" in streamed, streamed
    assert events[-1][1]["status"] == "succeeded", events[-1]
    done = await api(client, tenant, "GET", f"/deployments/{first['id']}")
    assert done["outcome"] == "released", done
    assert [s["name"] for s in done["steps"]] == ["source", "build", "release", "converge"]
    assert done["commit_sha"] == first_commit
    # Read from the checkout on the server (the test bed's git daemon commits as "testbed").
    assert done["commit_subject"] == "initial"
    assert done["commit_author_name"] == "testbed"
    assert done["commit_author_email"] == "testbed@example.test"
    assert done["image"].startswith("sha256:")
    log = (await api(client, tenant, "GET", f"/deployments/{first['id']}/log"))["log"]
    assert "COPY www/" in log  # the build output is persisted with the deployment
    async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
        await wait_for(lambda: serves(proxy, hostname, "hello git1"), within=30, what="git1")

        # 2. A new commit, deployed by its exact id (as CI would), reuses the build cache.
        second_commit = git.commit(repo, app_tree(testbed, tmp_path, "hello git2"))
        second = await api(
            client,
            tenant,
            "POST",
            f"/applications/{app['id']}/deployments",
            json={"commit": second_commit},
        )
        done2 = await settled(client, tenant, f"/deployments/{second['id']}", workers, 240)
        assert done2["outcome"] == "released", done2
        assert done2["commit_sha"] == second_commit
        log2 = (await api(client, tenant, "GET", f"/deployments/{second['id']}/log"))["log"]
        assert "Using cache" in log2 or "CACHED" in log2, log2
        await wait_for(lambda: serves(proxy, hostname, "hello git2"), within=30, what="git2")

        # 3. A signed GitHub push webhook deploys the pushed commit.
        third_commit = git.commit(repo, app_tree(testbed, tmp_path, "hello git3"))
        hook = await api(client, tenant, "POST", f"/applications/{app['id']}/webhook")
        payload = json.dumps({"ref": "refs/heads/main", "after": third_commit}).encode()
        signature = hmac.new(hook["secret"].encode(), payload, hashlib.sha256).hexdigest()
        delivered = await client.post(
            hook["urls"]["github"].removeprefix("http://berth.test"),
            content=payload,
            headers={
                "X-GitHub-Event": "push",
                "X-GitHub-Delivery": f"e2e-{third_commit[:8]}",
                "X-Hub-Signature-256": f"sha256={signature}",
            },
        )
        assert delivered.json()["status"] == "queued", delivered.text
        hooked = delivered.json()["deployment_id"]
        done_hook = await settled(client, tenant, f"/deployments/{hooked}", workers, 240)
        assert done_hook["outcome"] == "released", done_hook
        assert done_hook["trigger"] == "webhook"
        assert done_hook["commit_sha"] == third_commit
        await wait_for(lambda: serves(proxy, hostname, "hello git3"), within=30, what="git3")

        # 4. Rollback releases the retained image: no checkout, no build.
        rollback = await api(
            client,
            tenant,
            "POST",
            f"/applications/{app['id']}/deployments/{first['id']}/rollback",
        )
        done3 = await settled(client, tenant, f"/deployments/{rollback['id']}", workers, 240)
        assert done3["outcome"] == "released", done3
        assert [s["name"] for s in done3["steps"]] == ["resolve", "release", "converge"]
        assert done3["image"] == done["image"]
        await wait_for(lambda: serves(proxy, hostname, "hello git1"), within=30, what="git1 again")

        # 5. Restart: fresh tasks of the same image, behind the health check.
        restart = await api(client, tenant, "POST", f"/applications/{app['id']}/restart")
        done4 = await settled(client, tenant, f"/deployments/{restart['id']}", workers, 240)
        assert done4["outcome"] == "released", done4
        assert done4["image"] == done["image"]
        assert await serves(proxy, hostname, "hello git1")

        # 6. Cancel a build in the middle: that build stops, the running version keeps serving.
        git.commit(repo, app_tree(testbed, tmp_path, "hello slow", SLOW_DOCKERFILE))
        slow = await api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})

        async def sleeping() -> bool:
            row = await api(client, tenant, "GET", f"/deployments/{slow['id']}/log")
            return "sleep" in row["log"]

        await wait_for(sleeping, within=120, what="the slow build to reach its RUN step")
        await api(client, tenant, "POST", f"/deployments/{slow['id']}/cancel")
        cancelled = await api(client, tenant, "GET", f"/deployments/{slow['id']}?wait_seconds=30")
        assert cancelled["status"] == "cancelled", cancelled
        assert cancelled["outcome"] == "cancelled"
        assert "stopped the build" in (cancelled["error"] or ""), cancelled
        # Host processes share our PID namespace: look for this deployment's build only.
        builds = host.run(["pgrep", "-f", slow["id"].replace("-", "")[:12]], check=False)
        assert builds.returncode != 0, builds.stdout  # no build left running on the server
        assert await serves(proxy, hostname, "hello git1")
        again = await client.post(
            f"/api/v1/deployments/{slow['id']}/cancel", headers=tenant.headers
        )
        assert again.status_code == 409


pytestmark = pytest.mark.usefixtures("testbed")
