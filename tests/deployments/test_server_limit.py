"""The per-server deployment limit holds across worker processes: with a limit of 1 and two
workers, deployments of two applications on one server never overlap, and the waiting one
starts as soon as the first ends."""

from __future__ import annotations

import asyncio
from datetime import datetime

import httpx
import pytest

from tests.deployments.helpers import api, new_environment, ready_server, settled
from tests.support.workers import Tenant, WorkerProcesses
from tests.testbed import Testbed


async def test_one_deployment_at_a_time_per_server_across_workers(
    committed_client: httpx.AsyncClient, tenant: Tenant, workers: WorkerProcesses, testbed: Testbed
) -> None:
    host = testbed.host(2)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.env["BERTH_SERVERS__MAX_DEPLOYMENTS_PER_SERVER"] = "1"
    workers.start()
    workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "limits")
    apps = [
        await api(
            client,
            tenant,
            "POST",
            f"/environments/{environment_id}/applications",
            json={
                "name": name,
                "server_id": server_id,
                "source": {"type": "image", "image": testbed.app_images["v1"]},
                "runtime": {"port": 8080},
            },
        )
        for name in ("first", "second")
    ]
    requested = await asyncio.gather(
        *(
            api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})
            for app in apps
        )
    )
    done = [
        await settled(client, tenant, f"/deployments/{d['id']}", workers, 240) for d in requested
    ]
    assert all(d["outcome"] == "released" for d in done), done
    spans = sorted(
        (datetime.fromisoformat(d["started_at"]), datetime.fromisoformat(d["finished_at"]))
        for d in done
    )
    (_, first_end), (second_start, _) = spans
    assert second_start >= first_end, spans  # never both running on the server


pytestmark = pytest.mark.usefixtures("testbed")
