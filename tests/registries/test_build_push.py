"""A git application with a push registry: built on the server, pushed to the private
registry with the organization's credentials, and released from there by digest (what a
multi-node swarm needs: every node can pull it)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.deployments.helpers import (
    api,
    app_tree,
    new_environment,
    ready_server,
    serves,
    settled,
)
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed
from tests.testbed.services import GitDaemon, PrivateRegistry


async def test_built_image_is_pushed_and_released_by_digest(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    client = committed_client
    host = testbed.host(1)
    registry = testbed.services["registry-tls"]
    git = testbed.services["git"]
    assert isinstance(registry, PrivateRegistry)
    assert isinstance(git, GitDaemon)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "pushing")
    tree = app_tree(testbed, tmp_path, "hello pushed")
    repo = f"pushed-{tenant.org.id.hex[:8]}"
    git.create_repo(repo, tree)
    created = await api(
        client,
        tenant,
        "POST",
        f"/organizations/{tenant.org.id}/registries",
        json={
            "name": "private",
            "address": registry.address,
            "username": registry.username,
            "password": registry.password,
        },
    )
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "pushed",
            "server_id": server_id,
            "source": {"type": "git", "repository": git.url(repo)},
            "build": {"push_registry_id": created["id"]},
            "runtime": {"port": 8080},
        },
    )
    try:
        started = await api(
            client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
        )
        done = await settled(client, tenant, f"/deployments/{started['id']}", workers, 240)
        assert done["outcome"] == "released", done
        prefix = f"{registry.address}/{app['service_name']}:"
        assert done["image"].startswith(prefix), done
        assert "@sha256:" in done["image"]
        repository = app["service_name"]
        tag = done["image"].removeprefix(prefix).split("@")[0]
        assert registry.has_manifest(repository, tag), (repository, tag)
        async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
            await wait_for(
                lambda: serves(proxy, app["hostname"], "hello pushed"), within=30, what="pushed"
            )
        spec = host.docker(["service", "inspect", app["service_name"]]).stdout
        assert registry.password not in spec
    finally:
        host.docker(["service", "rm", app["service_name"]], check=False)


pytestmark = pytest.mark.usefixtures("testbed")
