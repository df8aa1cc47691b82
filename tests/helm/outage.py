"""The chart test's last act: an app on a real server outlives the whole control plane.

The rendered workloads are up (API replicas, workers, schedulers as containers on one test
host). Another test host becomes a Berth server with Traefik and pebble as its ACME CA; an app
is deployed there with an HTTPS domain. The deployment is accepted by one API replica while its
events stream from the other (Redis pub/sub, not a replica's memory). Then every control-plane
container stops: the app keeps answering over HTTPS, since its routes, certificates and ACME
state live on its server. Started again, the control plane carries on where it stopped: the
next deployment goes through and the app serves the new version.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.domains.stack import HEALTH, add_dns, fetch, pebble_env, pebble_roots
from tests.support.workers import wait_for
from tests.testbed import Host, Testbed

ZONE = "berth-chart.test"
TERMINAL = ("succeeded", "failed", "cancelled")


class Replica:
    """A signed-in session talking to one API replica directly (no balancer in between)."""

    def __init__(self, base: str, cookies: Mapping[str, str], csrf: str) -> None:
        self.client = httpx.AsyncClient(
            base_url=f"{base}/api/v1",
            timeout=15,
            headers={
                # Production cookies are Secure; over plain HTTP they are sent by hand.
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "X-CSRF-Token": csrf,
            },
        )

    async def call(self, method: str, path: str, **kw: Any) -> Any:
        response = await self.client.request(method, path, **kw)
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    async def settled(self, path: str, within: float) -> dict[str, Any]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            body: dict[str, Any] = await self.call("GET", path)
            if body["status"] in TERMINAL:
                return body
            await asyncio.sleep(0.5)
        pytest.fail(f"{path} did not settle within {within}s")

    async def events(self, path: str, within: float) -> list[tuple[str, Any]]:
        """An SSE stream read to its final `status` event: [(event, data), …]."""
        seen: list[tuple[str, Any]] = []
        async with asyncio.timeout(within), self.client.stream("GET", path) as response:
            assert response.status_code == 200, await response.aread()
            event = ""
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:") and event:
                    seen.append((event, json.loads(line.removeprefix("data:"))))
                    if event == "status" and seen[-1][1].get("status") in TERMINAL:
                        return seen
        pytest.fail(f"{path} ended without a final status: {seen[-3:]}")

    async def aclose(self) -> None:
        await self.client.aclose()


async def apps_outlive_the_control_plane(
    *,
    testbed: Testbed,
    target: Host,
    org: str,
    accepting: Replica,
    streaming: Replica,
    control_plane: list[str],
    docker: Any,
    ready: Any,
    workdir: Path,
) -> None:
    """`docker(argv)` runs on the host of the containers named in `control_plane`; `ready()`
    waits until both replicas answer /readyz again."""
    env = pebble_env(testbed)
    assert testbed.traefik_image is not None
    await accepting.call("PATCH", f"/organizations/{org}", json={"acme_email": "ops@berth.test"})
    server = await accepting.call(
        "POST",
        f"/organizations/{org}/servers",
        json={
            "name": "outage",
            "host": target.ip,
            "username": "root",
            "private_key": target.client_key.read_text(),
            "base_domain": "apps.berth-chart.test",
            "proxy_image": testbed.traefik_image,
            "acme_directory_url": env["TB_ACME_DIRECTORY"],
            "acme_ca_bundle": Path(env["TB_ACME_TLS_CA"]).read_text(),  # noqa: ASYNC240
        },
    )
    scanned = await accepting.call("POST", f"/servers/{server['id']}/host-key/scan")
    await accepting.call(
        "POST",
        f"/servers/{server['id']}/host-key/confirm",
        json={"fingerprint": scanned["pending_host_key_fingerprint"]},
    )
    setup = await accepting.call("POST", f"/servers/{server['id']}/setups")
    done = await streaming.settled(f"/server-setups/{setup['id']}", within=240)
    assert done["status"] == "succeeded", done["log"]

    project = await accepting.call("POST", f"/organizations/{org}/projects", json={"name": "out"})
    environments = await accepting.call("GET", f"/projects/{project['id']}/environments")
    app = await accepting.call(
        "POST",
        f"/environments/{environments['items'][0]['id']}/applications",
        json={
            "name": "outlives",  # unique on the shared test host: its generated host name too
            "server_id": server["id"],
            "source": {"type": "image", "image": testbed.app_images["v1"]},
            "runtime": {"port": 8080, "replicas": 1, "health_check": HEALTH},
        },
    )
    hostname = f"outlives.{ZONE}"
    add_dns(testbed, hostname, target.ip)
    await accepting.call("POST", f"/applications/{app['id']}/domains", json={"host": hostname})
    try:
        # Accepted by one replica, followed live on the other.
        deployment = await accepting.call("POST", f"/applications/{app['id']}/deployments", json={})
        seen = await streaming.events(f"/deployments/{deployment['id']}/events", within=240)
        kinds = [kind for kind, _ in seen]
        assert kinds[0] == "snapshot", kinds
        assert {"step", "log"} & set(kinds[1:-1]), kinds  # live events, not only the snapshot
        assert seen[-1][1]["status"] == "succeeded", seen[-5:]

        roots = workdir / "pebble-roots.pem"
        roots.write_text(pebble_roots(testbed))

        async def answers(text: str) -> bool:
            try:
                response = await fetch(target.ip, hostname, cafile=str(roots))
            except httpx.HTTPError:
                return False
            return response.status_code == 200 and response.text.strip() == text

        await wait_for(lambda: answers("hello v1"), within=90, what="HTTPS with pebble's cert")

        # Every control-plane container stops; the app keeps serving over HTTPS.
        docker(["stop", "-t", "10", *control_plane])
        probes: list[bool] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probes.append(await answers("hello v1"))
            await asyncio.sleep(0.2)
        assert len(probes) > 10, probes
        assert all(probes), f"{probes.count(False)}/{len(probes)} probes failed"

        # Back again: it resumes, and the next deployment reaches the server.
        docker(["start", *control_plane])
        await ready()
        second = await accepting.call(
            "POST",
            f"/applications/{app['id']}/deployments",
            json={"image": testbed.app_images["v2"]},
        )
        final = await streaming.settled(f"/deployments/{second['id']}", within=240)
        assert final["status"] == "succeeded", final
        await wait_for(lambda: answers("hello v2"), within=30, what="v2 over HTTPS")
    finally:
        # The test host outlives this test's database: leave no route behind on it.
        with contextlib.suppress(httpx.HTTPError):  # best effort: the replica may be down
            await accepting.client.delete(f"/applications/{app['id']}", params={"force": "true"})
