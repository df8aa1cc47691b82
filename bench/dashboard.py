"""Dashboard benchmark: the web UI's home page with 200 applications, in headless Chromium.

Starts its own embedded PostgreSQL and Redis and the API as `make run` does (`python -m
api.cli serve`, which serves the built SPA), seeds one organisation with 20 projects of 10
applications each on 4 servers, every application with a few finished deployments (commit
subject, author, sha) written straight to the database, then drives Chromium
(bench/dashboard.mjs) through cold loads of the dashboard. No worker runs: the rows are
finished and nothing polls the made-up servers.

Printed, per load (median and max of BENCH_ROUNDS): navigation → the first application row
drawn, → all 200 rows with their status, → every row's last deployment filled in; and the
raw operation in the same run: the same API requests the dashboard makes, issued by
`fetch()` from the same page with nothing rendered.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from api.cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from api.kit.crypto import generate_master_key
from api.models import Application, Deployment
from api.models.deployment import DeploymentOutcome, DeploymentTrigger
from api.models.durable import JobStatus
from bench.foundation import ADMIN_PASSWORD, wait_ready

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = int(os.environ.get("BENCH_PROJECTS", "20"))
APPS_PER_PROJECT = int(os.environ.get("BENCH_APPS_PER_PROJECT", "10"))
SERVERS = 4
DEPLOYMENTS_PER_APP = 3
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CHROMIUM = os.environ.get("BERTH_CHROMIUM", "/usr/bin/chromium")
EMAIL = "admin@bench.test"


async def seed(base: str, database_url: str) -> str:
    """The organisation's projects, servers and applications through the API (as a user
    would make them); their deployments straight into the database, finished, because
    running 600 real ones is the deploy benchmark's business, not this one's."""
    async with httpx.AsyncClient(base_url=f"{base}/api/v1", timeout=30) as client:
        login = await client.post("/auth/login", json={"email": EMAIL, "password": ADMIN_PASSWORD})
        login.raise_for_status()
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        org_id = str((await client.get("/organizations")).json()[0]["id"])

        async def post(path: str, body: dict[str, object]) -> dict[str, object]:
            response = await client.post(path, json=body)
            if not response.is_success:
                raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:500]}")
            result: dict[str, object] = response.json()
            return result

        servers = [
            await post(
                f"/organizations/{org_id}/servers",
                # TEST-NET addresses: nothing is ever contacted (no worker runs).
                {
                    "name": f"node-{i}",
                    "host": f"192.0.2.{10 + i}",
                    "base_domain": f"n{i}.bench.test",
                },
            )
            for i in range(SERVERS)
        ]
        apps: list[tuple[str, str]] = []
        for p in range(PROJECTS):
            project = await post(f"/organizations/{org_id}/projects", {"name": f"project-{p:02d}"})
            envs = (await client.get(f"/projects/{project['id']}/environments")).json()["items"]
            env_id = envs[0]["id"]
            for a in range(APPS_PER_PROJECT):
                server = servers[(p * APPS_PER_PROJECT + a) % SERVERS]
                app = await post(
                    f"/environments/{env_id}/applications",
                    {
                        "name": f"app-{p:02d}-{a:02d}",  # a host name per server is unique
                        "server_id": server["id"],
                        "source": {"type": "image", "image": f"registry.bench.test/app-{a}:1"},
                    },
                )
                apps.append((str(app["id"]), str(server["id"])))

    engine = create_async_engine(database_url)
    try:
        async with async_sessionmaker(engine)() as session:
            rng = random.Random(15)
            now = datetime.now(UTC)
            org = uuid.UUID(org_id)
            for app_id, server_id in apps:
                newest: uuid.UUID | None = None
                for n in range(DEPLOYMENTS_PER_APP):
                    started = now - timedelta(
                        hours=DEPLOYMENTS_PER_APP - n, minutes=rng.randint(0, 50)
                    )
                    sha = "".join(rng.choice("0123456789abcdef") for _ in range(40))
                    # One app in twenty had its newest deployment fail: "Needs attention" has rows.
                    failed = n == DEPLOYMENTS_PER_APP - 1 and rng.random() < 0.05
                    deployment = Deployment(
                        id=uuid.uuid4(),
                        organization_id=org,
                        application_id=uuid.UUID(app_id),
                        server_id=uuid.UUID(server_id),
                        trigger=DeploymentTrigger.webhook,
                        requested_by="webhook:github",
                        source={"type": "image", "image": "registry.bench.test/app:1"},
                        runtime={"replicas": 1},
                        image=f"registry.bench.test/app@sha256:{sha}{sha[:24]}",
                        commit_sha=sha,
                        commit_subject=f"Change number {n} of this app: tidy the checkout flow",
                        commit_author_name="Ada Lovelace",
                        status=JobStatus.failed if failed else JobStatus.succeeded,
                        outcome=DeploymentOutcome.rolled_back
                        if failed
                        else DeploymentOutcome.released,
                        error="health check failed 3 times" if failed else None,
                        queued_at=started,
                        started_at=started,
                        finished_at=started + timedelta(seconds=rng.randint(20, 90)),
                        created_at=started,
                    )
                    session.add(deployment)
                    if not failed:
                        newest = deployment.id
                await session.flush()
                await session.execute(
                    update(Application)
                    .where(Application.id == uuid.UUID(app_id))
                    .values(current_deployment_id=newest)
                )
            await session.commit()
    finally:
        await engine.dispose()
    return org_id


def main() -> int:
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        print("the web UI is not built: run `make frontend`", file=sys.stderr)
        return 1
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} is missing: make deps-system installs it", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="berth-bench-dash-"))
    workdir.chmod(0o711)
    pg = EmbeddedPostgres(workdir / "pg", free_port())
    redis = EmbeddedRedis(workdir / "redis", free_port())
    api: subprocess.Popen[bytes] | None = None
    try:
        pg.start()
        redis.start()
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BERTH_")},
            "BERTH_DATABASE__URL": pg.url,
            "BERTH_REDIS__URL": redis.url,
            "BERTH_SECURITY__MASTER_KEY": generate_master_key(),
            "BERTH_BOOTSTRAP__ADMIN_EMAIL": EMAIL,
            "BERTH_BOOTSTRAP__ADMIN_PASSWORD": ADMIN_PASSWORD,
            "BERTH_SERVERS__REGISTER_LOCAL_DOCKER": "false",
            "BERTH_LOG_LEVEL": "WARNING",
        }
        py = sys.executable
        for command in ("migrate", "bootstrap"):
            subprocess.run(
                [py, "-m", "api.cli", command],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=120,
            )
        log = (workdir / "api.log").open("wb")
        api = subprocess.Popen(
            [py, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        asyncio.run(wait_ready(base))
        org_id = asyncio.run(seed(base, pg.url))
        apps = PROJECTS * APPS_PER_PROJECT
        print(
            f"== dashboard: {apps} applications in {PROJECTS} projects on {SERVERS} servers, "
            f"{DEPLOYMENTS_PER_APP} deployments each; {ROUNDS} cold loads in headless Chromium"
        )
        browser = subprocess.run(
            ["node", str(ROOT / "bench" / "dashboard.mjs")],
            check=False,  # its output is shown on failure
            cwd=ROOT / "frontend",
            env={
                **os.environ,
                "BERTH_CHROMIUM": CHROMIUM,
                "BENCH_BASE_URL": base,
                "BENCH_ORG_ID": org_id,
                "BENCH_EMAIL": EMAIL,
                "BENCH_PASSWORD": ADMIN_PASSWORD,
                "BENCH_APPS": str(apps),
                "BENCH_ROUNDS": str(ROUNDS),
            },
            stdout=subprocess.PIPE,  # the figures; progress goes to stderr as it happens
            text=True,
            timeout=600,
        )
        if browser.returncode != 0:
            api_log = (workdir / "api.log").read_text(errors="replace")[-3000:]
            print(browser.stdout, api_log, sep="\n", file=sys.stderr)
            return 1
        result = json.loads(browser.stdout.strip().splitlines()[-1])
        print_result(result, apps)
        return 0
    finally:
        if api is not None and api.poll() is None:
            api.terminate()
            try:
                api.wait(timeout=15)
            except subprocess.TimeoutExpired:
                api.kill()
                api.wait(timeout=5)
        redis.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def print_result(result: dict[str, list[float] | float], apps: int) -> None:
    def row(name: str, key: str) -> None:
        samples = result[key]
        assert isinstance(samples, list)
        ordered = sorted(samples)
        median = ordered[len(ordered) // 2]
        print(f"{name:52} {median:8.0f} {max(ordered):8.0f}")

    print(f"{'navigation start →':52} {'median':>8} {'max':>8}  (ms)")
    row("first application row drawn (first meaningful paint)", "first_row")
    row(f"all {apps} rows drawn with status", "all_rows")
    row("every row's last deployment filled in", "complete")
    row("raw: the same API requests by fetch(), no rendering", "raw_fetch")
    print(f"API requests per dashboard load: {result['requests']:.0f}")
    print(f"raw requests retried after a dropped connection: {result['raw_retries']:.0f}")
    print(f"DOM nodes once complete: {result['dom_nodes']:.0f}")


if __name__ == "__main__":
    sys.exit(main())
