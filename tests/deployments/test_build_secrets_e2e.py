"""Build secrets for real (issue #10, item 3): BuildKit found on the server and recorded as a
fact; a secret reaches `RUN --mount=type=secret` and nothing else (not the image's history or
layers, not a log); and a server whose docker cannot run BuildKit refuses secrets up front.

The test hosts carry the docker 28 CLI first on PATH, without buildx (where `--secret` is an
unknown flag), and Debian's 20.10 CLI in /usr/bin, which has BuildKit built in.
"""

from __future__ import annotations

import hashlib
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.deployments.helpers import api, app_tree, new_environment, ready_server, settled
from tests.support.workers import Tenant, WorkerProcesses
from tests.testbed import Host, Testbed
from tests.testbed.services import GitDaemon

# The build proves it could read the secret by printing its digest and length, never itself.
SECRET_DOCKERFILE = """\
FROM scratch
COPY rootfs/ /
COPY www/ /www/
RUN --mount=type=secret,id=API_TOKEN ["/bin/busybox", "sh", "-c", \
"/bin/busybox sha256sum /run/secrets/API_TOKEN && /bin/busybox test ! -e /api_token"]
EXPOSE 8080
CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
"""


@contextmanager
def without_buildkit(host: Host) -> Iterator[None]:
    """Make `host` a server whose docker cannot run BuildKit: /usr/bin/docker (20.10, BuildKit
    built in) becomes the docker 28 CLI without buildx, inside the host's mount namespace."""
    host.run(["mount", "--bind", "/usr/local/bin/docker", "/usr/bin/docker"])
    try:
        yield
    finally:
        host.run(["umount", "/usr/bin/docker"], check=False)


async def _git_app(
    client: httpx.AsyncClient,
    tenant: Tenant,
    testbed: Testbed,
    tmp_path: Path,
    server_id: str,
    name: str,
) -> dict[str, object]:
    git = testbed.services["git"]
    assert isinstance(git, GitDaemon)
    repo = f"{name}-{tenant.org.id.hex[:8]}"
    git.create_repo(repo, app_tree(testbed, tmp_path, f"hello {name}", SECRET_DOCKERFILE))
    environment_id = await new_environment(client, tenant, name)
    app: dict[str, object] = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": name,
            "server_id": server_id,
            "source": {"type": "git", "repository": git.url(repo), "ref": "main"},
            "runtime": {"port": 8080},
        },
    )
    return app


def _image_bytes(host: Host, image: str) -> bytes:
    """`docker save` of the image: every layer and the config, as the daemon stores them."""
    env = {"PATH": "/usr/bin:/bin", "DOCKER_HOST": host.docker_host}
    done = subprocess.run(
        ["docker", "save", image], env=env, capture_output=True, timeout=120, check=True
    )
    return done.stdout


async def test_a_build_secret_reaches_the_run_mount_and_nothing_else(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    client, host = committed_client, testbed.host(1)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    server_id = await ready_server(client, tenant, host, workers)
    facts = (await api(client, tenant, "GET", f"/servers/{server_id}"))["facts"]
    assert facts["buildkit"] is True, facts
    assert facts["build_mode"] == "integrated", facts
    assert facts["build_cli"] == "/usr/bin/docker", facts

    app = await _git_app(client, tenant, testbed, tmp_path, server_id, "secretive")
    secret = f"s3cret-{secrets.token_hex(12)}"
    await api(
        client,
        tenant,
        "PATCH",
        f"/applications/{app['id']}/build-secrets",
        json={"variables": {"API_TOKEN": secret}},
    )
    started = await api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})
    path = f"/deployments/{started['id']}"
    done = await settled(client, tenant, path, workers, 240)
    log = (await api(client, tenant, "GET", f"{path}/log"))["log"]
    assert done["outcome"] == "released", (done, log)
    # The RUN step read the secret (its digest is printed) ...
    assert hashlib.sha256(secret.encode()).hexdigest() in log, log
    assert "--mount=type=secret" in log, log  # ... through BuildKit, not the legacy builder
    # ... and it is nowhere else: not in a read, a log, the image's history or its layers.
    async with client.stream(
        "GET", f"/api/v1{path}/events", headers=tenant.headers, timeout=60
    ) as response:
        events = (await response.aread()).decode()
    history = host.docker(["history", "--no-trunc", str(done["image"])]).stdout
    for where, text in (
        ("the deployment read", str(done)),
        ("the build log", log),
        ("the event stream", events),
        ("the worker's log", workers.logs()),
        ("the image history", history),
    ):
        assert secret not in text, f"the secret leaked into {where}"
    assert secret.encode() not in _image_bytes(host, str(done["image"]))
    secrets_read = await api(client, tenant, "GET", f"/applications/{app['id']}/build-secrets")
    assert [s["key"] for s in secrets_read] == ["API_TOKEN"]
    assert secret not in str(secrets_read)


async def test_a_server_without_buildkit_refuses_build_secrets_up_front(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    client, host = committed_client, testbed.host(2)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    server_id = await ready_server(client, tenant, host, workers)
    app = await _git_app(client, tenant, testbed, tmp_path, server_id, "nobuildkit")
    secrets_path = f"/applications/{app['id']}/build-secrets"
    await api(client, tenant, "PATCH", secrets_path, json={"variables": {"API_TOKEN": "t0ken"}})
    with without_buildkit(host):
        # 1. Facts recorded while BuildKit was there: the build itself finds out, before the
        #    secret is written to the server, and says what to do (not "unknown flag").
        started = await api(
            client, tenant, "POST", f"/applications/{app['id']}/deployments", json={}
        )
        done = await settled(client, tenant, f"/deployments/{started['id']}", workers, 240)
        assert done["status"] == "failed", done
        assert "neither the buildx plugin nor BuildKit built in" in done["error"], done
        assert "install Docker's buildx plugin" in done["error"], done
        assert "unknown flag" not in done["error"], done

        # 2. A status check records the fact; saving a secret and deploying are refused (409).
        checked = await api(client, tenant, "POST", f"/servers/{server_id}/check")
        assert checked["facts"]["buildkit"] is False, checked["facts"]
        assert checked["facts"]["build_mode"] == "legacy", checked["facts"]
        refused = await client.post(
            f"/api/v1/applications/{app['id']}/deployments", headers=tenant.headers, json={}
        )
        assert refused.status_code == 409, refused.text
        problem = refused.json()
        assert problem["type"].endswith("/buildkit-unavailable"), problem
        assert "buildx" in problem["detail"], problem
        assert "application 'nobuildkit' has build secrets" in problem["detail"], problem
        saved = await client.patch(
            f"/api/v1{secrets_path}",
            headers=tenant.headers,
            json={"variables": {"OTHER": "x"}},
        )
        assert saved.status_code == 409, saved.text
        assert saved.json()["detail"].startswith("saving build secrets: "), saved.text

        # 3. The way out stays open: deleting the secrets is allowed.
        left = await api(
            client, tenant, "PATCH", secrets_path, json={"variables": {"API_TOKEN": None}}
        )
        assert left == []


pytestmark = pytest.mark.usefixtures("testbed")
