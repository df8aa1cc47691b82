"""A private image, end to end on a real host with a real worker: refused without
credentials (and with wrong ones) for a reason the user can act on, served with them.

Host 2 never built the image, so Swarm must really pull it from the TLS + htpasswd
registry with the credentials Berth forwards.
"""

from __future__ import annotations

from typing import Any

import httpx

from api.registries.secrets import encode_registry_auth
from tests.deployments.helpers import BASE_DOMAIN, api, ready_server, serves, settled
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed
from tests.testbed.services import PrivateRegistry


async def _deploy(
    client: httpx.AsyncClient, tenant: Tenant, app_id: str, workers: WorkerProcesses
) -> dict[str, Any]:
    started = await api(client, tenant, "POST", f"/applications/{app_id}/deployments", json={})
    return await settled(client, tenant, f"/deployments/{started['id']}", workers, 180)


async def test_a_private_image_deploys_only_with_the_registrys_credentials(
    committed_client: httpx.AsyncClient, tenant: Tenant, workers: WorkerProcesses, testbed: Testbed
) -> None:
    client = committed_client
    host = testbed.host(2)
    registry = testbed.services["registry-tls"]
    assert isinstance(registry, PrivateRegistry)
    image = testbed.private_images["v1"]
    # A copy left by an earlier run would spare the node its pull: drop it.
    host.docker(["image", "rm", "--force", image], check=False)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    server_id = await ready_server(client, tenant, host, workers)
    project = await api(
        client, tenant, "POST", f"/organizations/{tenant.org.id}/projects", json={"name": "priv"}
    )
    environments = await api(client, tenant, "GET", f"/projects/{project['id']}/environments")
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environments['items'][0]['id']}/applications",
        json={
            "name": "private-web",
            "server_id": server_id,
            "source": {"type": "image", "image": image},
            "runtime": {
                "port": 8080,
                "health_check": {
                    "type": "http",
                    "path": "/",
                    "interval_seconds": 1,
                    "timeout_seconds": 1,
                    "retries": 2,
                    "start_period_seconds": 1,
                },
            },
        },
    )
    try:
        # 1. No credentials: refused by the registry, and the error says what is missing.
        anonymous = await _deploy(client, tenant, app["id"], workers)
        assert anonymous["status"] == "failed", anonymous
        assert "no registry credentials of this organization" in anonymous["error"], anonymous
        assert image in anonymous["error"]

        # 2. Wrong credentials: refused too, and now it is not about missing credentials.
        created = await api(
            client,
            tenant,
            "POST",
            f"/organizations/{tenant.org.id}/registries",
            json={
                "name": "private",
                "address": registry.address,
                "username": registry.username,
                "password": "wrong-password",
            },
        )
        wrong = await _deploy(client, tenant, app["id"], workers)
        assert wrong["status"] == "failed", wrong
        assert "unauthorized" in wrong["error"], wrong
        assert "with the credentials of registry 'private'" in wrong["error"], wrong
        assert "wrong-password" not in str(wrong)

        # 3. The right password: resolved, pulled by the node, released and served.
        await api(
            client,
            tenant,
            "PATCH",
            f"/registries/{created['id']}",
            json={"password": registry.password},
        )
        done = await _deploy(client, tenant, app["id"], workers)
        assert done["status"] == "succeeded", done
        assert done["image"].startswith(f"{image}@sha256:"), done
        assert registry.password not in str(done)
        hostname = f"private-web.{BASE_DOMAIN}"
        async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
            await wait_for(
                lambda: serves(proxy, hostname, "hello v1"), within=30, what="the private app"
            )
        pulled = host.docker(["image", "ls", "--digests", "--format", "{{.Repository}}"])
        assert f"{registry.address}/tbapp" in pulled.stdout.split()
        # Swarm keeps the credentials for its nodes, but never shows them in the spec.
        spec = host.docker(["service", "inspect", app["service_name"]]).stdout
        header = encode_registry_auth(registry.username, registry.password, registry.address)
        assert registry.password not in spec
        assert header not in spec
    finally:
        host.docker(["service", "rm", app["service_name"]], check=False)
