"""Shared steps of the end-to-end deployment tests: API calls, waiting, probing the proxy."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx

from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Host, Testbed

BASE_DOMAIN = "apps.berth.test"

DOCKERFILE = """\
FROM scratch
COPY rootfs/ /
COPY www/ /www/
EXPOSE 8080
CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
"""
# A build that takes long enough to be cancelled in the middle (RUN in a FROM scratch
# image works: busybox is in the root file system).
SLOW_DOCKERFILE = DOCKERFILE.replace(
    "COPY www/ /www/\n", 'COPY www/ /www/\nRUN ["/bin/busybox", "sleep", "60"]\n'
)


def app_tree(testbed: Testbed, tmp_path: Path, page: str, dockerfile: str = DOCKERFILE) -> Path:
    """The test bed's busybox root file system + a page + a Dockerfile."""
    tree = tmp_path / "tree"
    if not tree.exists():
        shutil.copytree(testbed.root / "images" / "app" / "rootfs", tree / "rootfs", symlinks=True)
    (tree / "www").mkdir(exist_ok=True)
    (tree / "www" / "index.html").write_text(f"{page}\n")
    (tree / "Dockerfile").write_text(dockerfile)
    return tree


TERMINAL = ("succeeded", "failed", "cancelled")


async def api(client: httpx.AsyncClient, tenant: Tenant, method: str, path: str, **kw: Any) -> Any:
    response = await client.request(method, f"/api/v1{path}", headers=tenant.headers, **kw)
    assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
    return response.json() if response.content else None


async def settled(
    client: httpx.AsyncClient, tenant: Tenant, path: str, workers: WorkerProcesses, within: float
) -> dict[str, Any]:
    final: dict[str, Any] = {}

    async def done() -> bool:
        final.update(await api(client, tenant, "GET", path))
        return final["status"] in TERMINAL

    await wait_for(done, within=within, what=f"{path} to settle; logs:\n{workers.logs()[-8000:]}")
    return final


async def ready_server(
    client: httpx.AsyncClient,
    tenant: Tenant,
    host: Host,
    workers: WorkerProcesses,
    **server_fields: Any,
) -> str:
    """Register a test host (its key confirmed), run setup, return the server id."""
    server = await api(
        client,
        tenant,
        "POST",
        f"/organizations/{tenant.org.id}/servers",
        json={
            "name": f"deploy-{host.name}",
            "host": host.ip,
            "username": "root",
            "private_key": host.client_key.read_text(),
            "base_domain": BASE_DOMAIN,
            **server_fields,
        },
    )
    scanned = await api(client, tenant, "POST", f"/servers/{server['id']}/host-key/scan")
    await api(
        client,
        tenant,
        "POST",
        f"/servers/{server['id']}/host-key/confirm",
        json={"fingerprint": scanned["pending_host_key_fingerprint"]},
    )
    setup = await api(client, tenant, "POST", f"/servers/{server['id']}/setups")
    final = await settled(client, tenant, f"/server-setups/{setup['id']}", workers, 180)
    assert final["status"] == "succeeded", final["log"]
    return str(server["id"])


async def new_environment(client: httpx.AsyncClient, tenant: Tenant, project: str) -> str:
    created = await api(
        client, tenant, "POST", f"/organizations/{tenant.org.id}/projects", json={"name": project}
    )
    environments = await api(client, tenant, "GET", f"/projects/{created['id']}/environments")
    return str(environments["items"][0]["id"])


async def get(proxy: httpx.AsyncClient, hostname: str) -> httpx.Response:
    return await proxy.get("/", headers={"Host": hostname})


async def serves(proxy: httpx.AsyncClient, hostname: str, text: str) -> bool:
    try:
        response = await get(proxy, hostname)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.text.strip() == text


async def not_served(proxy: httpx.AsyncClient, hostname: str) -> bool:
    try:
        response = await get(proxy, hostname)
    except httpx.HTTPError:
        return True
    return response.status_code in (404, 502, 503)
