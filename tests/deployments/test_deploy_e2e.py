"""From an API call to a new version serving through the server's Traefik, on a real host.

A real worker sets the server up, then releases the test registry's busybox app: first
deploy, a zero-downtime update under a client loop, and a release whose health check
fails (rolled back, the previous version still answers).
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from tests.deployments.helpers import (
    BASE_DOMAIN,
    api,
    get,
    not_served,
    ready_server,
    serves,
    settled,
)
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed


async def _follow_until(
    client: httpx.AsyncClient,
    tenant: Tenant,
    app_id: str,
    proxy: httpx.AsyncClient,
    hostname: str,
) -> list[str]:
    """Follow the runtime logs (SSE) for a few seconds while a request is made: its
    access line (httpd -v) must arrive through the stream."""

    async def request_soon() -> None:
        await asyncio.sleep(2)
        await get(proxy, hostname)

    url = f"/api/v1/applications/{app_id}/logs/stream?tail=0&max_seconds=6"
    requester = asyncio.create_task(request_soon())
    response = await client.get(url, headers=tenant.headers, timeout=30)
    await requester
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return [
        json.loads(line.removeprefix("data: "))["message"]
        for line in response.text.splitlines()
        if line.startswith("data: ")
    ]


async def test_deploy_update_without_failed_requests_and_roll_back(
    committed_client: httpx.AsyncClient, tenant: Tenant, workers: WorkerProcesses, testbed: Testbed
) -> None:
    host = testbed.host(1)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, workers)
    project = await api(
        client, tenant, "POST", f"/organizations/{tenant.org.id}/projects", json={"name": "shop"}
    )
    environments = await api(client, tenant, "GET", f"/projects/{project['id']}/environments")
    environment_id = environments["items"][0]["id"]
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "web",
            "server_id": server_id,
            "source": {"type": "image", "image": testbed.app_images["v1"]},
            "runtime": {
                "port": 8080,
                "replicas": 1,
                # Say something on start and log requests (-v), so runtime logs have content.
                "command": [
                    "/bin/busybox",
                    "sh",
                    "-c",
                    "echo berth-log-marker; exec /bin/busybox httpd -f -v -p 8080 -h /www",
                ],
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
    hostname = app["hostname"]
    assert hostname == f"web.{BASE_DOMAIN}"

    # 1. First deployment: pinned by digest, routed by the server's Traefik.
    first = await api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})
    done = await settled(client, tenant, f"/deployments/{first['id']}", workers, 180)
    assert done["status"] == "succeeded", done
    assert done["outcome"] == "released"
    assert "@sha256:" in done["image"]
    assert done["image_digest"].startswith("sha256:")
    assert [s["name"] for s in done["steps"]] == ["resolve", "release", "converge"]
    assert all(s["duration_ms"] is not None for s in done["steps"])
    async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:
        await wait_for(
            lambda: serves(proxy, hostname, "hello v1"), within=30, what="v1 through Traefik"
        )

        logs = await api(client, tenant, "GET", f"/applications/{app['id']}/logs?tail=50")
        messages = [line["message"] for line in logs["lines"]]
        assert "berth-log-marker" in messages, messages
        assert all(line["timestamp"] for line in logs["lines"])
        followed = await _follow_until(client, tenant, app["id"], proxy, hostname)
        # tail=0: only lines written while following; the proxy's request (not the local
        # health checks) shows up as httpd's access line.
        assert any("response:200" in ln and "127.0.0.1" not in ln for ln in followed), followed

        # 2. Update to v2 while a client keeps calling: no request may fail.
        results: list[int | str] = []
        stop = asyncio.Event()

        async def load() -> None:
            deadline = time.monotonic() + 120  # bounded whatever happens
            while not stop.is_set() and time.monotonic() < deadline:
                try:
                    response = await get(proxy, hostname)
                    results.append(
                        response.status_code
                        if response.status_code != 200
                        else response.text.strip()
                    )
                except httpx.HTTPError as exc:
                    results.append(f"error: {type(exc).__name__}")
                await asyncio.sleep(0.05)

        loader = asyncio.create_task(load())
        second = await api(
            client,
            tenant,
            "POST",
            f"/applications/{app['id']}/deployments",
            json={"image": testbed.app_images["v2"]},
        )
        done = await settled(client, tenant, f"/deployments/{second['id']}", workers, 180)
        await wait_for(lambda: serves(proxy, hostname, "hello v2"), within=30, what="v2")
        await asyncio.sleep(1)
        stop.set()
        await loader
        assert done["outcome"] == "released", done
        failures = [r for r in results if r not in ("hello v1", "hello v2")]
        assert len(results) > 50
        assert failures == [], f"{len(failures)} failed of {len(results)}: {failures[:10]}"
        assert results[-1] == "hello v2"

        # 3. A release whose health check never passes is rolled back; v2 keeps serving.
        await api(
            client,
            tenant,
            "PATCH",
            f"/applications/{app['id']}",
            json={
                "runtime": {
                    "port": 8080,
                    "health_check": {
                        "type": "http",
                        "path": "/missing",
                        "interval_seconds": 1,
                        "timeout_seconds": 1,
                        "retries": 2,
                        "start_period_seconds": 1,
                    },
                }
            },
        )
        third = await api(
            client,
            tenant,
            "POST",
            f"/applications/{app['id']}/deployments",
            json={"image": testbed.app_images["v1"]},
        )
        done = await settled(client, tenant, f"/deployments/{third['id']}", workers, 240)
        assert done["status"] == "failed", done
        assert done["outcome"] == "rolled_back", done
        assert "health check" in (done["error"] or "")
        assert (await get(proxy, hostname)).text.strip() == "hello v2"

        current = await api(client, tenant, "GET", f"/applications/{app['id']}")
        assert current["current_deployment_id"] == second["id"]

        # 4. Roll back by hand to the first release: its exact digest and runtime.
        back = await api(
            client,
            tenant,
            "POST",
            f"/applications/{app['id']}/deployments/{first['id']}/rollback",
        )
        assert back["trigger"] == "rollback"
        assert back["rollback_of_id"] == first["id"]
        done = await settled(client, tenant, f"/deployments/{back['id']}", workers, 180)
        assert done["outcome"] == "released", done
        assert (
            done["image"]
            == (await api(client, tenant, "GET", f"/deployments/{first['id']}"))["image"]
        )
        await wait_for(lambda: serves(proxy, hostname, "hello v1"), within=30, what="v1 again")
        refused = await client.post(
            f"/api/v1/applications/{app['id']}/deployments/{third['id']}/rollback",
            headers=tenant.headers,
        )
        assert refused.status_code == 409  # a rolled-back release is nothing to return to

        # 5. Stop (scale to 0) and start again, keeping the version that runs.
        stopped = await api(
            client, tenant, "POST", f"/applications/{app['id']}/scale", json={"replicas": 0}
        )
        done = await settled(client, tenant, f"/deployments/{stopped['id']}", workers, 120)
        assert done["outcome"] == "released", done
        assert "@sha256:" in done["image"]  # the running version, not a re-resolved tag
        await wait_for(
            lambda: not_served(proxy, hostname), within=30, what="the stopped app to go away"
        )
        assert (await api(client, tenant, "GET", f"/applications/{app['id']}"))[
            "desired_state"
        ] == "stopped"
        started = await api(
            client, tenant, "POST", f"/applications/{app['id']}/scale", json={"replicas": 1}
        )
        done = await settled(client, tenant, f"/deployments/{started['id']}", workers, 120)
        assert done["outcome"] == "released", done
        await wait_for(lambda: serves(proxy, hostname, "hello v1"), within=30, what="restarted")


pytestmark = pytest.mark.usefixtures("testbed")
