"""A real server with apps behind its Traefik, driven through the API (e2e test and bench)."""

from __future__ import annotations

import json
import ssl
import urllib.request
from pathlib import Path
from typing import Any

import httpx

from tests.deployments.helpers import api, settled
from tests.deployments.helpers import ready_server as deployment_ready_server
from tests.support.workers import Tenant, WorkerProcesses
from tests.testbed import Host, Testbed

HEALTH = {
    "type": "http",
    "path": "/",
    "interval_seconds": 1,
    "timeout_seconds": 1,
    "retries": 2,
    "start_period_seconds": 1,
}


def pebble_env(testbed: Testbed) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in testbed.env_file.read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value.strip("'\"")
    return env


async def ready_server(
    client: httpx.AsyncClient,
    tenant: Tenant,
    host: Host,
    testbed: Testbed,
    workers: WorkerProcesses,
) -> str:
    """Register the host with the test bed's pebble as its ACME directory, then set it up."""
    env = pebble_env(testbed)
    await api(
        client,
        tenant,
        "PATCH",
        f"/organizations/{tenant.org.id}",
        json={"acme_email": "ops@berth.test"},
    )
    ca_bundle = Path(env["TB_ACME_TLS_CA"]).read_text()  # noqa: ASYNC240 - a few bytes, once
    return await deployment_ready_server(
        client,
        tenant,
        host,
        workers,
        acme_directory_url=env["TB_ACME_DIRECTORY"],
        acme_ca_bundle=ca_bundle,
    )


async def deployed_app(
    client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    server_id: str,
    name: str,
    image: str,
) -> dict[str, Any]:
    project = await api(
        client, tenant, "POST", f"/organizations/{tenant.org.id}/projects", json={"name": name}
    )
    environments = await api(client, tenant, "GET", f"/projects/{project['id']}/environments")
    app: dict[str, Any] = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environments['items'][0]['id']}/applications",
        json={
            "name": name,
            "server_id": server_id,
            "source": {"type": "image", "image": image},
            "runtime": {"port": 8080, "replicas": 1, "health_check": HEALTH},
        },
    )
    deployment = await api(
        client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
    )
    done = await settled(client, tenant, f"/deployments/{deployment['id']}", workers, 180)
    assert done["status"] == "succeeded", done
    return app


def add_dns(testbed: Testbed, name: str, address: str) -> None:
    """An A record in the mock DNS pebble validates with (management API, plain HTTP)."""
    env = pebble_env(testbed)
    body = json.dumps({"host": f"{name}.", "addresses": [address]}).encode()
    url = f"{env['TB_DNS_MGMT']}/add-a"
    assert url.startswith("http://")
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - checked
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=5) as response:
        assert response.status == 200


def pebble_roots(testbed: Testbed) -> str:
    """The CA pebble issues from (new at every pebble start)."""
    env = pebble_env(testbed)
    context = ssl.create_default_context(cafile=env["TB_ACME_TLS_CA"])
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
    )
    with opener.open(f"{env['TB_ACME_MGMT']}/roots/0", timeout=5) as response:
        return str(response.read().decode())


async def fetch(
    address: str,
    host: str,
    path: str = "/",
    *,
    https: bool = True,
    cafile: str | None = None,
    auth: tuple[str, str] | None = None,
) -> httpx.Response:
    """A request to `address` for `host` (SNI and Host), trusting only `cafile`."""
    verify: ssl.SSLContext | bool = False
    if https:
        verify = ssl.create_default_context(cafile=cafile)
    scheme = "https" if https else "http"
    async with httpx.AsyncClient(verify=verify, timeout=5, trust_env=False) as client:
        return await client.get(
            f"{scheme}://{address}{path}",
            headers={"Host": host},
            auth=auth,
            extensions={"sni_hostname": host} if https else {},
        )
