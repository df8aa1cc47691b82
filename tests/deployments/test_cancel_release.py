"""Cancelling a deployment while Swarm rolls it out: the update is rolled back and the
previous version keeps serving."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.deployments.helpers import api, new_environment, ready_server, serves, settled
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed

CHECK: dict[str, Any] = {
    "type": "http",
    "interval_seconds": 1,
    "timeout_seconds": 1,
    "retries": 2,
    "start_period_seconds": 1,
}


async def test_cancel_while_converging_rolls_the_update_back(
    committed_client: httpx.AsyncClient, tenant: Tenant, workers: WorkerProcesses, testbed: Testbed
) -> None:
    host = testbed.host(2)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "cancelling")
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "steady",
            "server_id": server_id,
            "source": {"type": "image", "image": testbed.app_images["v1"]},
            "runtime": {"port": 8080, "health_check": CHECK},
        },
    )
    first = await api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})
    assert (await settled(client, tenant, f"/deployments/{first['id']}", workers, 180))[
        "outcome"
    ] == "released"

    # v2 with a long start period: its task stays "starting" long enough to cancel.
    await api(
        client,
        tenant,
        "PATCH",
        f"/applications/{app['id']}",
        json={"runtime": {"port": 8080, "health_check": {**CHECK, "start_period_seconds": 30}}},
    )
    second = await api(
        client,
        tenant,
        "POST",
        f"/applications/{app['id']}/deployments",
        json={"image": testbed.app_images["v2"]},
    )

    async def converging() -> bool:
        row = await api(client, tenant, "GET", f"/deployments/{second['id']}")
        return any(s["name"] == "converge" and s["status"] == "running" for s in row["steps"])

    await wait_for(converging, within=120, what="the converge step")
    await api(client, tenant, "POST", f"/deployments/{second['id']}/cancel")
    done = await settled(client, tenant, f"/deployments/{second['id']}", workers, 120)
    assert done["status"] == "cancelled", done
    assert done["outcome"] == "cancelled"
    assert "rolling the service back" in (done["error"] or ""), done
    async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
        await wait_for(
            lambda: serves(proxy, app["hostname"], "hello v1"), within=60, what="v1 after cancel"
        )
    service = host.docker(
        [
            "service",
            "inspect",
            "--format",
            "{{.Spec.TaskTemplate.ContainerSpec.Image}}",
            app["service_name"],
        ]
    ).stdout
    assert "tbapp:v1" in service, service  # Swarm went back to the previous spec


pytestmark = pytest.mark.usefixtures("testbed")
