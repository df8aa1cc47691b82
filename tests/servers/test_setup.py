"""'Validate and set up' run by a real worker on a real test host: swarm, network, proxy."""

from __future__ import annotations

import base64
import json
import urllib.request
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.infra import traefik
from api.models import Server
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Host, Testbed

pytestmark = pytest.mark.usefixtures("testbed")


async def _request(
    client: httpx.AsyncClient, tenant: Tenant, method: str, path: str, **kw: Any
) -> Any:
    response = await client.request(method, f"/api/v1{path}", headers=tenant.headers, **kw)
    assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
    return response.json()


async def _add_trusted(client: httpx.AsyncClient, tenant: Tenant, host: Host, user: str) -> str:
    server = await _request(
        client,
        tenant,
        "POST",
        f"/organizations/{tenant.org.id}/servers",
        json={
            "name": f"setup-{host.name}",
            "host": host.ip,
            "port": host.ssh_port,
            "username": user,
            "private_key": host.client_key.read_text(),
        },
    )
    scanned = await _request(client, tenant, "POST", f"/servers/{server['id']}/host-key/scan")
    await _request(
        client,
        tenant,
        "POST",
        f"/servers/{server['id']}/host-key/confirm",
        json={"fingerprint": scanned["pending_host_key_fingerprint"]},
    )
    return str(server["id"])


async def _run_setup(
    client: httpx.AsyncClient, tenant: Tenant, server_id: str, workers: WorkerProcesses
) -> dict[str, Any]:
    setup = await _request(client, tenant, "POST", f"/servers/{server_id}/setups")
    assert setup["status"] == "queued"
    final: dict[str, Any] = {}

    async def settled() -> bool:
        final.update(await _request(client, tenant, "GET", f"/server-setups/{setup['id']}"))
        return final["status"] in ("succeeded", "failed")

    await wait_for(settled, within=180, what=f"setup to finish; logs:\n{workers.logs()}")
    return final


def _proxy_answers(host: Host) -> int:
    """Status of a request for an unknown host name: Traefik answers 404 itself."""
    request = urllib.request.Request(f"http://{host.ip}/", headers={"Host": "nobody.invalid"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - test host
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


async def test_setup_initialises_swarm_network_and_proxy_and_is_idempotent(
    committed_client: httpx.AsyncClient,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
) -> None:
    host = testbed.host(2)
    # Start from a node outside any swarm, as a fresh server is; as the non-root user.
    host.docker(["swarm", "leave", "--force"])
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    server_id = await _add_trusted(committed_client, tenant, host, host.deploy_user)

    first = await _run_setup(committed_client, tenant, server_id, workers)
    assert first["status"] == "succeeded", json.dumps(first, indent=1)
    steps = {s["name"]: s for s in first["steps"]}
    assert [s["name"] for s in first["steps"]] == [
        "connect",
        "docker",
        "swarm",
        "network",
        "proxy",
        "proxy-ready",
    ]
    assert steps["swarm"]["status"] == "done"
    assert host.ip in steps["swarm"]["detail"]
    assert steps["network"]["status"] == "done"
    assert steps["proxy"]["status"] == "done"
    assert all(s["finished_at"] for s in first["steps"])
    assert "proxy-ready: done" in first["log"]

    info = json.loads(host.docker(["info", "--format", "{{json .Swarm}}"]).stdout)
    assert info["LocalNodeState"] == "active"
    service = json.loads(host.docker(["service", "inspect", traefik.SERVICE_NAME]).stdout)[0]
    ports = service["Spec"]["EndpointSpec"]["Ports"]
    assert {p["PublishedPort"] for p in ports} == {80, 443}
    assert {p["PublishMode"] for p in ports} == {"host"}
    assert service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"].startswith(
        testbed.traefik_image
    )
    await wait_for(lambda: _proxy_answers(host) == 404, within=30, what="Traefik on port 80")

    second = await _run_setup(committed_client, tenant, server_id, workers)
    assert second["status"] == "succeeded", json.dumps(second, indent=1)
    statuses = {s["name"]: s["status"] for s in second["steps"]}
    assert statuses == {
        "connect": "done",
        "docker": "done",
        "swarm": "skipped",
        "network": "skipped",
        "proxy": "skipped",
        "proxy-ready": "done",
    }
    again = json.loads(host.docker(["service", "inspect", traefik.SERVICE_NAME]).stdout)[0]
    assert again["Version"]["Index"] == service["Version"]["Index"]  # nothing was updated

    async with committed_sessionmaker() as session:
        row = await session.get(Server, server_id)
        assert row is not None
        assert row.is_set_up
        assert row.facts["swarm_state"] == "active"


async def test_setup_refuses_an_untrusted_server(
    committed_client: httpx.AsyncClient, tenant: Tenant, testbed: Testbed
) -> None:
    host = testbed.host(1)
    server = await _request(
        committed_client,
        tenant,
        "POST",
        f"/organizations/{tenant.org.id}/servers",
        json={
            "name": "untrusted",
            "host": host.ip,
            "username": "root",
            "private_key": host.client_key.read_text(),
        },
    )
    response = await committed_client.post(
        f"/api/v1/servers/{server['id']}/setups", headers=tenant.headers
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/host-key-not-trusted")


async def test_setup_runs_the_servers_own_proxy_image_and_applies_a_changed_setting(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
) -> None:
    host = testbed.host(2)
    assert testbed.traefik_image is not None
    # The control plane's default is Docker Hub's image, which the test hosts can't pull:
    # only the server's own setting makes this setup succeed.
    workers.env.pop("BERTH_SERVERS__PROXY_IMAGE", None)
    workers.start()
    server_id = await _add_trusted(committed_client, tenant, host, host.deploy_user)
    await _request(
        committed_client,
        tenant,
        "PATCH",
        f"/servers/{server_id}",
        json={"proxy_image": testbed.traefik_image},
    )
    first = await _run_setup(committed_client, tenant, server_id, workers)
    assert first["status"] == "succeeded", json.dumps(first, indent=1)
    service = json.loads(host.docker(["service", "inspect", traefik.SERVICE_NAME]).stdout)[0]
    spec = service["Spec"]["TaskTemplate"]["ContainerSpec"]
    assert spec["Image"].startswith(testbed.traefik_image)

    # A new ACME directory reaches the proxy at the next setup run (ACME is configured only
    # for an organization with an ACME e-mail).
    await _request(
        committed_client,
        tenant,
        "PATCH",
        f"/organizations/{tenant.org.id}",
        json={"acme_email": "ops@berth.test"},
    )
    directory = "https://acme.berth.test/directory"
    await _request(
        committed_client,
        tenant,
        "PATCH",
        f"/servers/{server_id}",
        json={"acme_directory_url": directory},
    )
    second = await _run_setup(committed_client, tenant, server_id, workers)
    assert second["status"] == "succeeded", json.dumps(second, indent=1)
    proxy_step = next(s for s in second["steps"] if s["name"] == "proxy")
    assert (proxy_step["status"], proxy_step["detail"]) == (
        "done",
        f"proxy service updated ({testbed.traefik_image})",
    )
    updated = json.loads(host.docker(["service", "inspect", traefik.SERVICE_NAME]).stdout)[0]
    assert updated["Version"]["Index"] > service["Version"]["Index"]
    # The directory lives in the static configuration, a Swarm config named by content.
    configs = updated["Spec"]["TaskTemplate"]["ContainerSpec"]["Configs"]
    contents = [
        base64.b64decode(
            json.loads(host.docker(["config", "inspect", c["ConfigName"]]).stdout)[0]["Spec"][
                "Data"
            ]
        ).decode()
        for c in configs
    ]
    assert any(directory in content for content in contents), contents
