"""A worker killed in the middle of a deployment leaves no deployment stuck `running`."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import Deployment, JobStatus
from tests.deployments.helpers import (
    DOCKERFILE,
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


async def test_worker_killed_while_converging_is_retried_to_success(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
) -> None:
    host = testbed.host(2)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    first_worker = workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, workers)
    project = await api(
        client, tenant, "POST", f"/organizations/{tenant.org.id}/projects", json={"name": "crash"}
    )
    environment = await api(client, tenant, "GET", f"/projects/{project['id']}/environments")
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment['items'][0]['id']}/applications",
        json={
            "name": "slow",
            "server_id": server_id,
            "source": {"type": "image", "image": testbed.app_images["v1"]},
            # A long start period keeps the deployment converging long enough to kill it.
            "runtime": {
                "port": 8080,
                "health_check": {
                    "type": "http",
                    "path": "/",
                    "interval_seconds": 1,
                    "timeout_seconds": 1,
                    "retries": 2,
                    "start_period_seconds": 8,
                },
            },
        },
    )
    deployment = await api(
        client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
    )

    async def converging() -> bool:
        async with committed_sessionmaker() as session:
            row = await session.get(Deployment, uuid.UUID(deployment["id"]))
            assert row is not None
            return any(s["name"] == "converge" and s["status"] == "running" for s in row.steps)

    await wait_for(
        converging, within=120, what=f"the converge step; logs:\n{workers.logs()[-4000:]}"
    )
    workers.kill(first_worker)
    workers.start()

    done = await settled(client, tenant, f"/deployments/{deployment['id']}", workers, 180)
    assert done["status"] == "succeeded", (done["error"], done["steps"], done["attempts"])
    # Both attempts on record; the final outcome (success) has no error.
    assert [a["outcome"] for a in done["attempts"]] == ["lost", "succeeded"]
    assert "lost its worker" in done["attempts"][0]["reason"]
    assert done["error"] is None
    assert done["started_at"] == done["attempts"][0]["started_at"]
    async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
        await wait_for(lambda: serves(proxy, app["hostname"], "hello v1"), within=30, what="v1")
    async with committed_sessionmaker() as session:
        row = await session.get(Deployment, uuid.UUID(deployment["id"]))
        assert row is not None
        assert row.status is JobStatus.succeeded


async def test_worker_killed_while_building_is_retried_to_success(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    """The build dies with the worker's SSH connection; attempt 2 checks out and builds
    again (from the warm cache) and releases."""
    host = testbed.host(2)
    git = testbed.services["git"]
    assert isinstance(git, GitDaemon)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    first_worker = workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "crashbuild")
    repo = f"crash-{tenant.org.id.hex[:8]}"
    slow = DOCKERFILE.replace(
        "COPY www/ /www/\n", 'COPY www/ /www/\nRUN ["/bin/busybox", "sleep", "8"]\n'
    )
    git.create_repo(repo, app_tree(testbed, tmp_path, "hello rebuilt", slow))
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "rebuilt",
            "server_id": server_id,
            "source": {"type": "git", "repository": git.url(repo)},
            "runtime": {"port": 8080},
        },
    )
    deployment = await api(
        client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
    )

    async def building() -> bool:
        row = await api(client, tenant, "GET", f"/deployments/{deployment['id']}/log")
        return "sleep" in row["log"]

    await wait_for(building, within=120, what=f"the build; logs:\n{workers.logs()[-4000:]}")
    workers.kill(first_worker)
    workers.start()

    done = await settled(client, tenant, f"/deployments/{deployment['id']}", workers, 240)
    assert done["status"] == "succeeded", (done["error"], done["steps"], done["attempts"])
    assert [a["number"] for a in done["attempts"]] == [1, 2]
    assert [s["name"] for s in done["steps"]] == ["source", "build", "release", "converge"]
    async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
        await wait_for(
            lambda: serves(proxy, app["hostname"], "hello rebuilt"), within=30, what="rebuilt"
        )
