"""A PostgreSQL database on a real test host, end to end, through the API and a worker.

One scenario on purpose (each step needs the one before): create -> healthy, link an app
and deploy it -> the app connects with the injected DATABASE_URL and writes a row; an app
of another environment on the same server can't even reach the database; restart -> the
row is still there; reveal -> the URL works from a client; delete with the volume.
The image is the test bed's stand-in built from Debian's PostgreSQL, honouring the
official image's contract (tests/testbed/dbimages.py).
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
import redis
import redis.asyncio as aioredis

from tests.deployments.helpers import api, new_environment, ready_server, settled
from tests.support.workers import Tenant, WorkerProcesses
from tests.testbed import Host, Testbed

# The app is the PostgreSQL image itself (it has psql): it writes a row with the URL it
# was given, then its health check keeps proving the connection works.
APP_COMMAND = [
    "sh",
    "-c",
    'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qc '
    '"CREATE TABLE IF NOT EXISTS visits (n int); INSERT INTO visits VALUES (42)" '
    "&& echo linked-ok && exec sleep 100000",
]
LOCAL = "postgresql:///main?user=main"
REDIS_PORT = 16379
HEALTH = {
    "type": "command",
    "command": ["sh", "-c", 'psql "$DATABASE_URL" -tAc "SELECT 1"'],
    "interval_seconds": 1,
    "timeout_seconds": 5,
    "retries": 5,
    "start_period_seconds": 5,
}


class Phases:
    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = [("setup", time.monotonic())]

    def mark(self, name: str) -> None:
        self.marks.append((name, time.monotonic()))

    def __str__(self) -> str:
        pairs = zip(self.marks, self.marks[1:], strict=False)
        return "phases: " + ", ".join(f"{a[0]} {b[1] - a[1]:.1f}s" for a, b in pairs)


def _container(host: Host, label: str) -> str:
    found = host.docker(["ps", "-q", "--filter", f"label={label}"]).stdout.split()
    assert len(found) == 1, f"{label}: {found}"
    return found[0]


def _psql_in(host: Host, container: str, url: str, sql: str) -> str:
    result = host.docker(["exec", container, "psql", url, "-tAc", sql], check=False)
    return (result.stdout + result.stderr).strip()


async def _operation(
    client: httpx.AsyncClient, tenant: Tenant, workers: WorkerProcesses, database_id: str
) -> dict[str, Any]:
    operations = await api(client, tenant, "GET", f"/databases/{database_id}/operations")
    latest = operations["items"][0]
    return await settled(client, tenant, f"/database-operations/{latest['id']}", workers, 240)


async def test_postgres_linked_app_isolation_restart_reveal_delete(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    database_images: dict[str, str],
) -> None:
    client, host = committed_client, testbed.host(1)
    phases = Phases()
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "shop")

    phases.mark("create")
    # 1. Create: pinned by digest, data directory read from the image, healthy.
    database = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/databases",
        json={
            "name": "main",
            "engine": "postgresql",
            "server_id": server_id,
            "image": database_images["postgresql"],
            "args": ["-c", "shared_buffers=16MB"],
        },
    )
    # Redis beside it, published on the server (host mode): its operation runs in parallel.
    cache = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/databases",
        json={
            "name": "cache",
            "engine": "redis",
            "server_id": server_id,
            "image": database_images["redis"],
            "args": ["--maxmemory", "32mb"],
            "external_port": REDIS_PORT,
        },
    )
    created = await _operation(client, tenant, workers, database["id"])
    assert created["status"] == "succeeded", (created, workers.logs()[-4000:])
    assert [s["name"] for s in created["steps"]] == ["resolve", "network", "release", "converge"]
    database = await api(client, tenant, "GET", f"/databases/{database['id']}")
    assert database["status"] == "healthy"
    assert "@sha256:" in database["image_digest"]
    assert database["data_dir"] == "/var/lib/postgresql/data"
    service = json.loads(host.docker(["service", "inspect", database["service_name"]]).stdout)[0]
    spec = service["Spec"]
    mount = spec["TaskTemplate"]["ContainerSpec"]["Mounts"][0]
    assert (mount["Type"], mount["Source"], mount["Target"]) == (
        "volume",
        database["volume_name"],
        "/var/lib/postgresql/data",
    )
    assert spec["EndpointSpec"] == {"Mode": "dnsrr"}  # no published port
    assert spec["UpdateConfig"]["Order"] == "stop-first"
    assert spec["TaskTemplate"]["ContainerSpec"]["Args"] == [
        "postgres",
        "-c",
        "shared_buffers=16MB",
    ]
    db_label = f"berth.database={database['id']}"
    db_container = _container(host, db_label)
    # Inside the database's own container, over its Unix socket (trusted there).
    assert _psql_in(host, db_container, LOCAL, "SHOW shared_buffers") == "16MB"

    phases.mark("link")
    # 2. Link an app and deploy it: it writes a row through the injected URL.
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "worker",
            "server_id": server_id,
            "source": {"type": "image", "image": database_images["postgresql"]},
            "runtime": {"command": APP_COMMAND, "health_check": HEALTH},
        },
    )
    await api(
        client,
        tenant,
        "POST",
        f"/applications/{app['id']}/links",
        json={"database_id": database["id"]},
    )
    deployment = await api(
        client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
    )
    deployed = await settled(client, tenant, f"/deployments/{deployment['id']}", workers, 240)
    assert deployed["status"] == "succeeded", (deployed["log"], deployed["steps"])
    logs = await api(client, tenant, "GET", f"/applications/{app['id']}/logs?tail=50")
    assert "linked-ok" in [line["message"] for line in logs["lines"]]
    assert _psql_in(host, db_container, LOCAL, "SELECT n FROM visits") == "42"
    # The URL reached the service as a variable, never in a read of the application.
    assert "postgresql://" not in json.dumps(
        await api(client, tenant, "GET", f"/applications/{app['id']}")
    )

    phases.mark("another")
    # 3. Another environment's app on the same server can't even open a connection.
    other_env = await new_environment(client, tenant, "intruder")
    intruder = await api(
        client,
        tenant,
        "POST",
        f"/environments/{other_env}/applications",
        json={
            "name": "intruder",
            "server_id": server_id,
            "source": {"type": "image", "image": database_images["postgresql"]},
            "runtime": {"command": ["sleep", "100000"]},
        },
    )
    other = await api(
        client, tenant, "POST", f"/applications/{intruder['id']}/deployments", json={}
    )
    assert (await settled(client, tenant, f"/deployments/{other['id']}", workers, 240))[
        "status"
    ] == "succeeded"
    app_container = _container(host, f"berth.app={app['id']}")
    db_ip = host.docker(
        ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", db_container]
    ).stdout.split()[0]
    intruder_container = _container(host, f"berth.app={intruder['id']}")
    probe = ["pg_isready", "-t", "3", "-h"]
    assert (
        host.docker(
            ["exec", app_container, *probe, database["service_name"]], check=False
        ).returncode
        == 0
    )
    for target in (database["service_name"], db_ip):
        refused = host.docker(["exec", intruder_container, *probe, target], check=False)
        assert refused.returncode != 0, f"{target} reachable from another environment"

    phases.mark("restart")
    # 4. Restart: the engine stops cleanly, a new task starts on the same volume.
    await api(client, tenant, "POST", f"/databases/{database['id']}/restart")
    restarted = await _operation(client, tenant, workers, database["id"])
    assert restarted["status"] == "succeeded", restarted
    new_container = _container(host, db_label)
    assert new_container != db_container
    assert _psql_in(host, new_container, LOCAL, "SELECT n FROM visits") == "42"

    phases.mark("reveal")
    # 5. Reveal: the URL (with the password) works from a real client on the network.
    details = await api(client, tenant, "POST", f"/databases/{database['id']}/credentials/reveal")
    assert details["url"].startswith(f"postgresql://main:{details['password']}@")
    assert _psql_in(host, app_container, details["url"], "SELECT count(*) FROM visits") == "1"
    wrong = details["url"].replace(details["password"], "not-the-password")
    assert "password authentication failed" in _psql_in(host, app_container, wrong, "SELECT 1")

    # Redis: healthy, reachable from outside on its published port with the revealed
    # password only, its arguments applied.
    cache_op = await _operation(client, tenant, workers, cache["id"])
    assert cache_op["status"] == "succeeded", (cache_op["error"], cache_op["steps"])
    cache = await api(client, tenant, "GET", f"/databases/{cache['id']}")
    assert (cache["status"], cache["data_dir"]) == ("healthy", "/data")
    assert cache["external_address"] == f"{host.ip}:{REDIS_PORT}"
    secret = await api(client, tenant, "POST", f"/databases/{cache['id']}/credentials/reveal")
    assert (
        secret["external_url"] == f"redis://default:{secret['password']}@{host.ip}:{REDIS_PORT}/0"
    )
    # The revealed password against the published port (the URL's own parts, checked above).
    external = aioredis.Redis(
        host=host.ip, port=REDIS_PORT, password=secret["password"], socket_timeout=5
    )
    try:
        await external.set("greeting", "hello")
        assert await external.get("greeting") == b"hello"
        assert (await external.config_get("maxmemory"))["maxmemory"] == str(32 * 2**20)
    finally:
        await external.aclose()
    intruder_client = aioredis.Redis(
        host=host.ip, port=REDIS_PORT, password="wrong", socket_timeout=5
    )
    try:
        with pytest.raises(redis.exceptions.AuthenticationError):
            await intruder_client.ping()
    finally:
        await intruder_client.aclose()
    response = await client.delete(f"/api/v1/databases/{cache['id']}", headers=tenant.headers)
    assert response.status_code == 204, response.text
    # Without ?delete_volume=true the data stays on the server.
    assert host.docker(["volume", "inspect", cache["volume_name"]]).returncode == 0
    host.docker(["volume", "rm", cache["volume_name"]], check=False)  # this test's own

    phases.mark("delete")
    # 6. Delete with the volume: the service and the data are gone from the server.
    response = await client.delete(
        f"/api/v1/databases/{database['id']}?delete_volume=true", headers=tenant.headers
    )
    assert response.status_code == 204, response.text
    assert (
        host.docker(["service", "inspect", database["service_name"]], check=False).returncode != 0
    )
    assert host.docker(["volume", "inspect", database["volume_name"]], check=False).returncode != 0
    for application in (app, intruder):
        await api(client, tenant, "DELETE", f"/applications/{application['id']}")
    phases.mark("end")
    # Where the time goes (pytest -s shows it): for the report, never asserted.
    print(phases)
