"""The chart's workloads, run as containers of the root Dockerfile's image on a test host.

No kubelet can run here, so the test renders the chart and starts each workload with exactly
the rendered arguments, environment (secretKeyRefs resolved from the rendered Secret) and
security context (read-only root, non-root user, no capabilities, /tmp the only writable
path), against the session's PostgreSQL (a database of its own) and Redis. The order is a
rolling install's: an API replica that starts before the migration Job is not ready; after
the Job it is; two API replicas behind Debian's haproxy share sessions and CSRF tokens; two
workers and two schedulers run the periodic jobs under one leader; the leader SIGKILLed, the
standby leads; an API replica SIGKILLed, the session goes on on the other one; a worker
SIGKILLed mid-job (a server setup), the surviving worker runs the next attempt; then an app
on another test host outlives the whole control plane (tests/helm/outage.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncssh
import httpx
import pytest

# PyYAML comes with schemathesis (a dev dependency); its stubs are not installed.
import yaml  # type: ignore[import-untyped]
from redis.asyncio import Redis
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import generate_master_key
from tests.helm.outage import Replica, apps_outlive_the_control_plane
from tests.helm.test_chart import CHART, RELEASE, helm
from tests.support.relay import relay
from tests.testbed import Testbed
from tests.testbed.controlplane import build_control_plane_image
from tests.testbed.hosts import Host
from tests.testbed.packages import Requirement, ensure_packages
from tests.testbed.proc import SYSTEM_PATH, TestbedError

ADMIN_PASSWORD = "chart-admin-" + uuid.uuid4().hex[:12]
HOST_KEY = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()
REDIS_DB = 7


@pytest.fixture(scope="module")
def image(testbed: Testbed, tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_control_plane_image(
        testbed.hosts[0], tmp_path_factory.mktemp("image"), testbed.cache_dir
    )


def _docker_flags(ctx: dict[str, Any], pod_ctx: dict[str, Any]) -> list[str]:
    """The rendered security context as docker run flags (only the fields the chart sets)."""
    assert ctx["readOnlyRootFilesystem"] is True
    assert ctx["capabilities"] == {"drop": ["ALL"]}
    assert ctx["allowPrivilegeEscalation"] is False
    assert pod_ctx["runAsNonRoot"] is True
    return [
        "--read-only",
        "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges",
        "--user", f"{ctx['runAsUser']}:{ctx['runAsGroup']}",
        "--tmpfs", "/tmp:size=256m",  # noqa: S108 - the container's own /tmp
    ]  # fmt: skip


def _environment(container: dict[str, Any], secrets: dict[str, dict[str, str]]) -> list[str]:
    flags: list[str] = []
    for entry in container["env"]:
        if "value" in entry:
            value = entry["value"]
        else:
            ref = entry["valueFrom"]["secretKeyRef"]
            if ref["key"] not in secrets.get(ref["name"], {}):
                assert ref.get("optional"), f"{entry['name']}: {ref} is not in the rendered Secret"
                continue
            value = secrets[ref["name"]][ref["key"]]
        flags += ["-e", f"{entry['name']}={value}"]
    return flags


class Workloads:
    """`docker run` of the rendered workloads on one host; removes what it started."""

    def __init__(self, host: Host, image: str, docs: list[dict[str, Any]]) -> None:
        self.host, self.image = host, image
        self.secrets = {
            d["metadata"]["name"]: d["stringData"] for d in docs if d["kind"] == "Secret"
        }
        self.pods = {
            d["metadata"]["name"]: d["spec"]["template"]["spec"]
            for d in docs
            if d["kind"] in ("Deployment", "Job")
        }
        self.started: list[str] = []

    def start(self, workload: str, name: str, *, port: int | None = None) -> str:
        spec = self.pods[workload]
        (container,) = spec["containers"]
        argv = ["run", "-d", "--name", name]
        argv += _docker_flags(container["securityContext"], spec["securityContext"])
        argv += _environment(container, self.secrets)
        if port is not None:
            argv += ["-p", f"{port}:{container['ports'][0]['containerPort']}"]
        self.host.docker([*argv, self.image, *container["args"]])
        self.started.append(name)
        return name

    def wait_exit(self, name: str, timeout: float) -> int:
        result = self.host.docker(["wait", name], timeout=timeout)
        return int(result.stdout.strip())

    def logs(self, name: str) -> str:
        result = self.host.docker(["logs", name], check=False)
        return result.stdout + result.stderr

    def remove_all(self) -> None:
        if self.started:
            self.host.docker(["rm", "-f", *self.started], check=False)


@contextlib.contextmanager
def haproxy(backends: list[str], workdir: Path) -> Iterator[str]:
    """Debian's haproxy round-robin over the API replicas; says which one answered."""
    ensure_packages((Requirement("haproxy", _exists("/usr/sbin/haproxy"), "API balancer"),))
    port = free_port()
    servers = "\n".join(f"  server api{i} {b} check inter 1s" for i, b in enumerate(backends))
    config = workdir / "haproxy.cfg"
    config.write_text(
        "defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n"
        "  timeout server 30s\n"
        f"frontend web\n  bind 127.0.0.1:{port}\n  default_backend api\n"
        # redispatch: a request whose connection to a dead replica fails goes to another
        "backend api\n  balance roundrobin\n  option httpchk GET /readyz\n"
        "  option redispatch\n  retries 2\n"
        "  http-response set-header X-Served-By %s\n"
        f"{servers}\n"
    )
    proc = subprocess.Popen(
        ["/usr/sbin/haproxy", "-db", "-f", str(config)],
        env={"PATH": SYSTEM_PATH},
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "haproxy.log").open("wb"),
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class SilentSSH:
    """A TCP port that accepts connections and never says a word (a hung SSH server)."""

    def __init__(self, address: str) -> None:
        self.sock = socket.create_server((address, 0))
        self.port: int = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def __enter__(self) -> SilentSSH:
        return self

    def __exit__(self, *_: object) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


def _exists(path: str) -> Any:
    return lambda: Path(path).exists()


async def _wait_http(url: str, status: int, within: float) -> httpx.Response:
    deadline = time.monotonic() + within
    last: httpx.Response | Exception | None = None
    async with httpx.AsyncClient(timeout=3) as client:
        while time.monotonic() < deadline:
            try:
                last = await client.get(url)
                if last.status_code == status:
                    return last
            except httpx.HTTPError as exc:
                last = exc
            await asyncio.sleep(0.2)
    pytest.fail(f"{url} did not answer {status} within {within}s (last: {last!r})")


async def _wait_async(predicate: Any, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.2)
    pytest.fail(f"timed out after {within}s waiting for {what}")


async def test_rendered_workloads_run_as_a_release_would(
    testbed: Testbed,
    image: str,
    services: tuple[EmbeddedPostgres, EmbeddedRedis],
    engine: AsyncEngine,
    tmp_path: Path,
) -> None:
    pg, redis_server = services
    host = testbed.hosts[0]
    database = f"chart_{uuid.uuid4().hex[:8]}"
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{database}"'))
    own = create_async_engine(make_url(pg.url).set(database=database))
    redis = Redis.from_url(redis_server.url.rsplit("/", 1)[0] + f"/{REDIS_DB}")
    with (
        relay(testbed.gateway, ("127.0.0.1", pg.port)) as pg_port,
        relay(testbed.gateway, ("127.0.0.1", redis_server.port)) as redis_port,
    ):
        values = tmp_path / "values.yaml"
        values.write_text(
            yaml.safe_dump(
                {
                    "image": {
                        "repository": image.split(":", maxsplit=1)[0],
                        "tag": image.split(":")[1],
                    },
                    "secrets": {
                        "masterKey": generate_master_key(),
                        "sessionSecret": "s" * 40,
                        "adminPassword": ADMIN_PASSWORD,
                    },
                    "postgresql": {
                        "url": f"postgresql://{pg.user}:{pg.password}@{testbed.gateway}:{pg_port}/{database}"
                    },
                    "redis": {
                        "url": f"redis://:{redis_server.password}@{testbed.gateway}:{redis_port}/{REDIS_DB}"
                    },
                    # The chart's extraEnv: a killed worker's job is noticed in seconds.
                    "config": {
                        "extraEnv": [
                            {"name": "BERTH_JOBS__HEARTBEAT_INTERVAL_SECONDS", "value": "0.5"},
                            {"name": "BERTH_JOBS__HEARTBEAT_STALE_SECONDS", "value": "4"},
                            {"name": "BERTH_JOBS__REAPER_INTERVAL_SECONDS", "value": "1"},
                        ]
                    },
                }
            )
        )
        docs = [
            d
            for d in yaml.safe_load_all(helm("template", *RELEASE, CHART, "-f", values).stdout)
            if d
        ]
        workloads = Workloads(host, image, docs)
        ports = [free_port(), free_port()]
        try:
            # 1. A replica of the new version before its migrations: alive, not ready.
            workloads.start("berth-api", "chart-api-0", port=ports[0])
            base0 = f"http://{host.ip}:{ports[0]}"
            await _wait_http(f"{base0}/healthz", 200, within=30)
            early = await _wait_http(f"{base0}/readyz", 503, within=5)
            assert early.status_code == 503, early.text
            assert early.json()["checks"]["redis"] == "ok"

            # 2. The hook Job: migrations, then the first admin.
            workloads.start("berth-migrate-1", "chart-migrate")
            assert workloads.wait_exit("chart-migrate", timeout=180) == 0, workloads.logs(
                "chart-migrate"
            )
            await _wait_http(f"{base0}/readyz", 200, within=15)
            index = await _wait_http(f"{base0}/", 200, within=5)
            assert index.status_code == 200
            assert "<div id=" in index.text  # the built SPA, served by the API

            # 3. A second replica, both behind a real balancer.
            workloads.start("berth-api", "chart-api-1", port=ports[1])
            await _wait_http(f"http://{host.ip}:{ports[1]}/readyz", 200, within=30)
            with haproxy([f"{host.ip}:{p}" for p in ports], tmp_path) as lb:
                await _wait_http(f"{lb}/readyz", 200, within=15)
                async with httpx.AsyncClient(base_url=lb, timeout=10) as client:
                    login = await client.post(
                        "/api/v1/auth/login",
                        json={"email": "admin@berth.local", "password": ADMIN_PASSWORD},
                    )
                    assert login.status_code == 200, login.text
                    csrf = login.json()["csrf_token"]
                    # Production cookies are Secure (TLS ends at the ingress); over this
                    # plain-HTTP balancer the client sends them as a browser behind TLS would.
                    client.cookies.clear()
                    client.headers["Cookie"] = "; ".join(
                        f"{k}={v}" for k, v in login.cookies.items()
                    )
                    orgs = await client.get("/api/v1/organizations")
                    assert orgs.status_code == 200, (orgs.text, login.headers)
                    org = orgs.json()[0]["id"]
                    served_by: set[str] = set()
                    for i in range(6):  # round robin: each replica takes writes of the session
                        created = await client.post(
                            f"/api/v1/organizations/{org}/projects",
                            json={"name": f"p{i}"},
                            headers={"X-CSRF-Token": csrf},
                        )
                        assert created.status_code == 201, created.text
                        served_by.add(created.headers["x-served-by"])
                    assert served_by == {"api0", "api1"}
                    forged = await client.post(
                        f"/api/v1/organizations/{org}/projects",
                        json={"name": "forged"},
                        headers={"X-CSRF-Token": "wrong"},
                    )
                    assert forged.status_code == 403

            # 4. Two workers and two schedulers: one leader; the periodic jobs run.
            for i in range(2):
                workloads.start("berth-worker", f"chart-worker-{i}")
                workloads.start("berth-scheduler", f"chart-scheduler-{i}")

            async def reaped() -> bool:
                return bool(await redis.keys("arq:result:jobs.reap:*"))

            await _wait_async(reaped, within=60, what="the reaper to run on a worker")
            async with own.connect() as conn:
                holders = await conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                        " WHERE l.locktype = 'advisory' AND l.granted"
                        " AND a.application_name = 'berth-scheduler' AND a.datname = :db"
                    ),
                    {"db": database},
                )
            assert holders == 1
            leaders = [
                n for n in ("chart-scheduler-0", "chart-scheduler-1")
                if "became the scheduler leader" in workloads.logs(n)
            ]  # fmt: skip
            assert len(leaders) == 1, leaders
            for name in workloads.started:
                if name != "chart-migrate":
                    state = host.docker(["inspect", "-f", "{{.State.Running}}", name]).stdout
                    assert state.strip() == "true", (name, workloads.logs(name))

            # 5. The leader's pod dies (SIGKILL: no clean release): the standby leads.
            (leader,) = leaders
            standby = next(n for n in ("chart-scheduler-0", "chart-scheduler-1") if n != leader)
            host.docker(["kill", leader])
            killed_at = time.time()

            async def standby_leads() -> bool:
                return "became the scheduler leader" in workloads.logs(standby)

            await _wait_async(standby_leads, within=20, what="the standby to lead")

            async def reaped_after_kill() -> bool:
                keys = await redis.keys("arq:result:jobs.reap:*")
                return any(int(k.decode().rsplit(":", 1)[1]) / 1000 > killed_at for k in keys)

            await _wait_async(reaped_after_kill, within=30, what="a reap under the new leader")

            # 6. An API replica dies: the balancer's clients see clean errors at most, and
            # the same session goes on on the other replica.
            with haproxy([f"{host.ip}:{p}" for p in ports], tmp_path) as lb:
                await _wait_http(f"{lb}/readyz", 200, within=15)
                async with httpx.AsyncClient(base_url=lb, timeout=10) as client:
                    client.headers["Cookie"] = "; ".join(
                        f"{k}={v}" for k, v in login.cookies.items()
                    )
                    host.docker(["kill", "chart-api-0"])
                    statuses: list[int] = []
                    served_after: set[str] = set()
                    deadline = time.monotonic() + 15
                    while statuses[-5:] != [200] * 5 and time.monotonic() < deadline:
                        answer = await client.get(f"/api/v1/organizations/{org}/projects")
                        statuses.append(answer.status_code)
                        if answer.status_code == 200:
                            served_after.add(answer.headers["x-served-by"])
                    assert set(statuses) <= {200, 502, 503}, statuses
                    assert statuses[-5:] == [200] * 5, statuses  # the dead one is out
                    assert served_after == {"api1"}
                    created = await client.post(
                        f"/api/v1/organizations/{org}/projects",
                        json={"name": "after-kill"},
                        headers={"X-CSRF-Token": csrf},
                    )
                    assert created.status_code == 201, created.text

            # 7. A worker dies mid-job (a server setup hanging on a silent SSH peer): the
            # reaper re-queues the row and the surviving worker runs the next attempt.
            with SilentSSH(testbed.gateway) as silent:
                api1 = f"http://{host.ip}:{ports[1]}/api/v1"
                async with httpx.AsyncClient(base_url=api1, timeout=10) as client:
                    client.headers["Cookie"] = "; ".join(
                        f"{k}={v}" for k, v in login.cookies.items()
                    )
                    client.headers["X-CSRF-Token"] = csrf
                    server = await client.post(
                        f"/organizations/{org}/servers",
                        json={"name": "silent", "host": testbed.gateway, "port": silent.port},
                    )
                    assert server.status_code == 201, server.text
                    server_id = server.json()["id"]
                    async with own.begin() as conn:  # trusted as if scanned and confirmed
                        await conn.execute(
                            text(
                                "UPDATE servers SET host_key = :key, host_key_fingerprint = 'x',"
                                " host_key_status = 'trusted' WHERE id = :id"
                            ),
                            {"key": HOST_KEY, "id": server_id},
                        )
                    setup = await client.post(f"/servers/{server_id}/setups")
                    assert setup.status_code == 202, setup.text
                    setup_id = setup.json()["id"]

                    async def claimed(attempt: int) -> bool:
                        body = (await client.get(f"/server-setups/{setup_id}")).json()
                        return bool(len(body["attempts"]) >= attempt)

                    await _wait_async(lambda: claimed(1), within=20, what="attempt 1 running")
                    async with own.connect() as conn:
                        first = str(
                            await conn.scalar(
                                text("SELECT worker_id FROM server_setups WHERE id = :id"),
                                {"id": setup_id},
                            )
                        )
                    hostnames = {
                        n: host.docker(["inspect", "-f", "{{.Config.Hostname}}", n]).stdout.strip()
                        for n in ("chart-worker-0", "chart-worker-1")
                    }
                    victim = next(n for n, h in hostnames.items() if first.startswith(h + ":"))
                    survivor = next(n for n in hostnames if n != victim)
                    host.docker(["kill", victim])
                    await _wait_async(lambda: claimed(2), within=30, what="attempt 2 claimed")
                    async with own.connect() as conn:
                        second = str(
                            await conn.scalar(
                                text("SELECT worker_id FROM server_setups WHERE id = :id"),
                                {"id": setup_id},
                            )
                        )
                    assert second.startswith(hostnames[survivor] + ":"), (first, second)

            # 8. The killed replica and worker come back; an app on another test host is
            # deployed through one replica and followed on the other, then outlives every
            # control-plane container and resumes when they start again (tests/helm/outage.py).
            host.docker(["start", "chart-api-0", victim])

            async def both_ready() -> None:
                for port in ports:
                    await _wait_http(f"http://{host.ip}:{port}/readyz", 200, within=60)

            await both_ready()
            replicas = [Replica(f"http://{host.ip}:{p}", login.cookies, csrf) for p in ports]
            try:
                await apps_outlive_the_control_plane(
                    testbed=testbed,
                    target=testbed.host(2),
                    org=org,
                    accepting=replicas[0],
                    streaming=replicas[1],
                    control_plane=[n for n in workloads.started if n != "chart-migrate"],
                    docker=host.docker,
                    ready=both_ready,
                    workdir=tmp_path,
                )
            finally:
                for replica in replicas:
                    await replica.aclose()
        except (AssertionError, TestbedError):
            for name in workloads.started:
                print(f"--- {name}\n{workloads.logs(name)[-3000:]}")
            raise
        finally:
            workloads.remove_all()
            await redis.flushdb()
            await redis.aclose()
            await own.dispose()
            async with engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def test_image_has_no_build_toolchain(testbed: Testbed, image: str) -> None:
    """The final stage is the base plus the environment: no compiler, Node or uv."""
    found = testbed.hosts[0].docker(
        ["run", "--rm", "--read-only", image, "sh", "-c",
         "for t in gcc cc node npm uv pip; do command -v $t; done; id -u"],
    ).stdout.split()  # fmt: skip
    assert found == ["10001"]  # no tool found; the default user is the non-root one
