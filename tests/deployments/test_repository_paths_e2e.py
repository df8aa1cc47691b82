"""A repository cannot make a build read the server's files (issue #10, item 1).

Each case commits a hostile tree to the test bed's git daemon and deploys it on a real test
host whose SSH user is root. A canary file (0600, under /root, with a random marker) sits on
that host: before the fix the docker CLI followed the repository's symlinks to it, and its
content reached the deployment's error, its build log and events, and an image. Now the build
is refused before anything is sent to the daemon, and the marker appears nowhere: not in the
deployment read, its log, its event stream, nor the worker's own log.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.deployments.helpers import api, new_environment, ready_server, settled
from tests.support.workers import Tenant, WorkerProcesses
from tests.testbed import Host, Testbed
from tests.testbed.services import GitDaemon

# What the docker CLI printed when it parsed /etc/passwd as a Dockerfile (upper-cased).
PASSWD_FIRST_LINE = "root:x:0:0"
# Output of docker itself: none of it may appear when a build is refused up front.
DAEMON_OUTPUT = ("Sending build context", "load build definition", "Step 1/")
LEAKING_DOCKERFILE = """\
FROM scratch
COPY busybox /bin/busybox
COPY canary /c
RUN ["/bin/busybox", "cat", "/c"]
"""


@dataclass(frozen=True)
class Canary:
    directory: str  # /root/berth-canary-<hex>, 0700: the canary, a busybox and a Dockerfile
    marker: str

    @property
    def file(self) -> str:
        return f"{self.directory}/canary"


@pytest.fixture
def canary(testbed: Testbed) -> Iterator[Canary]:
    host = testbed.host(1)
    canary = Canary(f"/root/berth-canary-{secrets.token_hex(4)}", f"bcanary{secrets.token_hex(8)}")
    host.run(
        [
            "sh",
            "-c",
            'mkdir -m 700 "$1" && umask 077 && printf "%s\\n" "$2" > "$1/canary" '
            '&& cp /bin/busybox "$1/busybox" && printf "%s" "$3" > "$1/Dockerfile"',
            "plant",
            canary.directory,
            canary.marker,
            LEAKING_DOCKERFILE,
        ]
    )
    try:
        yield canary
    finally:
        host.run(["rm", "-rf", "--", canary.directory], check=False)


@dataclass(frozen=True)
class Case:
    name: str
    # Lays out the repository's tree (tree directory, canary) before it is committed.
    tree: Callable[[Path, Canary], None]
    refusal: str  # a part of the deployment's error
    source: dict[str, Any] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)


def _link(path: Path, target: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _busybox_app(tree: Path, _canary: Canary) -> None:
    shutil.copy2("/bin/busybox", tree / "busybox")
    (tree / "Dockerfile").write_text(
        "FROM scratch\nCOPY busybox /bin/busybox\nEXPOSE 8080\n"
        'CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/"]\n'
    )


def _big_context(tree: Path, canary: Canary) -> None:
    _busybox_app(tree, canary)
    (tree / "blob").write_bytes(os.urandom(3 * 1024 * 1024))


def _context_link(tree: Path, canary: Canary) -> None:
    (tree / "Dockerfile").write_text(LEAKING_DOCKERFILE)
    _link(tree / "ctx", canary.directory)


def _dockerignore_link(tree: Path, canary: Canary) -> None:
    _busybox_app(tree, canary)
    _link(tree / ".dockerignore", canary.file)


CASES = [
    Case(
        "dockerfile-to-etc-passwd",
        lambda tree, _c: _link(tree / "Dockerfile", "/etc/passwd"),
        "the Dockerfile 'Dockerfile' is a symbolic link",
    ),
    Case(
        "dockerfile-to-root-canary",
        lambda tree, c: _link(tree / "Dockerfile", c.file),
        "the Dockerfile 'Dockerfile' is a symbolic link",
    ),
    Case(
        "dockerfile-under-a-linked-directory",
        lambda tree, c: _link(tree / "docker", c.directory),
        "the Dockerfile 'docker/canary': 'docker' is a symbolic link",
        build={"dockerfile": "docker/canary"},
    ),
    Case(
        "context-to-root",
        _context_link,
        "the build context 'ctx' is a symbolic link",
        build={"context": "ctx", "dockerfile": "Dockerfile"},
    ),
    Case(
        "source-path-to-root",
        lambda tree, c: _link(tree / "app", c.directory),
        "the application path 'app' is a symbolic link",
        source={"path": "app"},
    ),
    Case(
        "dockerignore-to-root-canary",
        _dockerignore_link,
        "the build context's .dockerignore '.dockerignore' is a symbolic link",
    ),
    Case(
        "context-over-the-cap",
        _big_context,
        "over the limit of 1000000 bytes",
        env={"BERTH_BUILDS__MAX_CONTEXT_BYTES": "1000000"},
    ),
]


async def _event_stream(client: httpx.AsyncClient, tenant: Tenant, deployment_id: str) -> str:
    """The raw SSE stream of a finished deployment, to its end."""
    url = f"/api/v1/deployments/{deployment_id}/events"
    async with client.stream("GET", url, headers=tenant.headers, timeout=60) as response:
        assert response.status_code == 200
        return (await response.aread()).decode()


def _assert_no_canary(canary: Canary, where: str, text: str) -> None:
    lowered = text.lower()
    assert canary.marker not in lowered, f"the canary leaked into {where}"
    assert PASSWD_FIRST_LINE not in lowered, f"/etc/passwd leaked into {where}"


async def _deploy(
    client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
    *,
    tree: Callable[[Path, Canary], None],
    canary: Canary,
    source: dict[str, Any],
    build: dict[str, Any],
    env: dict[str, str],
) -> tuple[dict[str, Any], str, str]:
    """Commit the tree, deploy it on host 1; returns (deployment, log, events)."""
    host: Host = testbed.host(1)
    git = testbed.services["git"]
    assert isinstance(git, GitDaemon)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.env.update(env)
    workers.start()
    server_id = await ready_server(client, tenant, host, workers)
    environment_id = await new_environment(client, tenant, "paths")
    files = tmp_path / "tree"
    files.mkdir()
    tree(files, canary)
    repo = f"paths-{tenant.org.id.hex[:8]}"
    git.create_repo(repo, files)
    app = await api(
        client,
        tenant,
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "paths",
            "server_id": server_id,
            "source": {"type": "git", "repository": git.url(repo), "ref": "main", **source},
            "build": build,
            "runtime": {"port": 8080},
        },
    )
    started = await api(client, tenant, "POST", f"/applications/{app['id']}/deployments", json={})
    path = f"/deployments/{started['id']}"
    done = await settled(client, tenant, path, workers, 240)
    log = (await api(client, tenant, "GET", f"{path}/log"))["log"]
    events = await _event_stream(client, tenant, started["id"])
    return done, log, events


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_hostile_repository_paths_are_refused_before_the_build(
    case: Case,
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    canary: Canary,
    tmp_path: Path,
) -> None:
    done, log, events = await _deploy(
        committed_client,
        tenant,
        workers,
        testbed,
        tmp_path,
        tree=case.tree,
        canary=canary,
        source=case.source,
        build=case.build,
        env=case.env,
    )
    for where, text in (
        ("the deployment read", str(done)),
        ("the build log", log),
        ("the event stream", events),
        ("the worker's log", workers.logs()),
    ):
        _assert_no_canary(canary, where, text)
    assert done["status"] == "failed", done
    assert case.refusal in (done["error"] or ""), done["error"]
    assert [s["status"] for s in done["steps"][:2]] == ["done", "failed"], done["steps"]
    for output in DAEMON_OUTPUT:
        assert output not in log, log  # refused before docker build started


async def test_symlinks_inside_the_context_are_sent_as_links(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    canary: Canary,
    tmp_path: Path,
) -> None:
    """A link *inside* the context is not followed out of it: the CLI (legacy) or BuildKit's
    file sync sends it as a link, and COPY resolves a link source inside the context's root,
    where `/root/berth-canary-…/canary` does not exist: the COPY fails "not found", and the
    server file is never read. (This held before the fix too; it is the reason links inside
    the context need no refusal, unlike the paths Berth itself hands to docker.)"""

    def tree(files: Path, c: Canary) -> None:
        _busybox_app(files, c)
        _link(files / "leak", c.file)
        (files / "Dockerfile").write_text(
            "FROM scratch\nCOPY busybox /bin/busybox\nCOPY leak /c\n"
            'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox cat /c || echo no-canary-here"]\n'
            'CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/"]\n'
        )

    done, log, events = await _deploy(
        committed_client,
        tenant,
        workers,
        testbed,
        tmp_path,
        tree=tree,
        canary=canary,
        source={},
        build={},
        env={},
    )
    for where, text in (
        ("the deployment read", str(done)),
        ("the build log", log),
        ("the event stream", events),
        ("the worker's log", workers.logs()),
    ):
        _assert_no_canary(canary, where, text)
    assert done["status"] == "failed", done
    assert "not found" in log, log  # the COPY ran and found nothing at the link's target
    assert "no-canary-here" not in log, log


pytestmark = pytest.mark.usefixtures("testbed")
