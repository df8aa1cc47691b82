"""The README's walk-through, run as written: its shell blocks in bash with the real curl
against a live API (uvicorn), a real worker and a real test host.

Only the README's example values are replaced (URL, password, server address, image), and
each of them must still be in the README: a walk-through that drifts from what this test
runs fails here, as does any call that answers an error (curl --fail-with-body).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.users import PASSWORD
from tests.support.live_api import live_api
from tests.support.workers import ROOT, Tenant, WorkerProcesses
from tests.testbed import Host, Testbed

pytestmark = pytest.mark.usefixtures("testbed")

README = ROOT / "README.md"
# Apart from the other suites' base domains on the same test host (one host name, one app).
BASE_DOMAIN = "readme.berth.test"
BLOCK_TIMEOUT = 420  # setup and deployment are awaited inside the blocks themselves


def walkthrough_blocks(text: str) -> list[str]:
    """Top-level ```sh blocks from "First steps with curl" up to the servers' notes."""
    start = text.index("## First steps with curl")
    end = text.index("- **Host keys are pinned.**", start)
    return re.findall(r"^```sh\n(.*?)^```$", text[start:end], flags=re.M | re.S)


def test_walkthrough_has_the_blocks_this_test_expects() -> None:
    blocks = walkthrough_blocks(README.read_text())
    assert len(blocks) == 4, blocks
    assert "/auth/login" in blocks[0]
    assert "/servers" in blocks[1]
    assert "/setups" in blocks[2]
    assert "/deployments" in blocks[3]


@pytest.fixture
def api_server(worker_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """The API on loopback, as `make run` starts it: curl needs a real HTTP server."""
    with live_api(worker_env, tmp_path / "api.log") as base:
        yield base


# Every call fails the block on an HTTP error (the README's curl -s alone would not), and no
# call waits forever.
PRELUDE = """set -euo pipefail
curl() { command curl --fail-with-body --max-time 120 "$@"; }
"""


def run_block(block: str, workdir: Path, names: list[str]) -> str:
    state = workdir / "state.sh"
    script = (
        PRELUDE
        + (f"source {state}\n" if state.exists() else "")
        + block
        # Carry the walk-through's variables and functions over to the next block, as one
        # shell would.
        + f"\n{{ declare -p {' '.join(names)} 2>/dev/null || true; declare -f; }} > {state}\n"
    )
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=BLOCK_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, (
        f"README block failed ({result.returncode}):\n{block}\n"
        f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    )
    return result.stdout


async def test_readme_walkthrough_from_login_to_a_serving_app(
    api_server: str,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    host = testbed.host(1)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    replacements = {
        "http://localhost:8000": api_server,
        "admin@berth.local": tenant.user.email,
        "<printed by make run>": PASSWORD,
        "203.0.113.10": host.ip,
        "apps.example.com": BASE_DOMAIN,
        "ghcr.io/acme/web:1.0": testbed.app_images["v1"],
        '"username":"deploy"': f'"username":"{host.deploy_user}"',
    }
    blocks = walkthrough_blocks(README.read_text())
    joined = "\n".join(blocks)
    for example in replacements:
        assert example in joined, f"the README's walk-through no longer uses {example!r}"
    names = sorted(set(re.findall(r"^\s*([A-Z][A-Z0-9_]*)=", joined, flags=re.M)))
    assert {"CSRF", "ORG", "TOKEN", "SERVER", "SETUP", "ENV", "APP"} <= set(names)
    for example, value in replacements.items():
        blocks = [b.replace(example, value) for b in blocks]

    login, add_server, setup, deploy = blocks
    run_block(login, tmp_path, names)
    printed = run_block(add_server, tmp_path, names).strip().splitlines()
    public_key = printed[-1]
    assert public_key.startswith("ssh-ed25519 "), printed
    # The README's manual step: the operator puts the public key on the server.
    host.run(
        ["tee", "-a", f"/home/{host.deploy_user}/.ssh/authorized_keys"], input=public_key + "\n"
    )
    out = run_block(setup, tmp_path, names)
    assert host.fingerprint in out, out
    assert "proxy-ready: done" in out, out
    try:
        out = run_block(deploy, tmp_path, names)
    except AssertionError as exc:
        seen = f"{proxy_diagnostics(host)}\n{workers.logs()[-4000:]}"
        raise AssertionError(f"{exc}\n{seen}") from None
    assert out.strip().splitlines()[-1] == "hello v1", f"{out}\n{workers.logs()[-4000:]}"


def proxy_diagnostics(host: Host) -> str:
    """What the server's proxy saw, for a walk-through that ended at a proxy's 404: the
    services with their Traefik labels, the proxy's own log, its file provider's routes."""
    commands = [
        ["docker", "service", "ls"],
        ["sh", "-c", "docker service inspect -f '{{json .Spec.Labels}}' $(docker service ls -q)"],
        ["docker", "service", "logs", "--tail", "40", "--no-trunc", "berth-proxy"],
        ["sh", "-c", "cat \"$(docker volume inspect -f '{{.Mountpoint}}' berth-proxy-dynamic)\"/*"],
    ]
    parts = []
    for argv in commands:
        result = host.run(argv, check=False, timeout=20)
        parts.append(f"$ {' '.join(argv)}\n{result.stdout[-3000:]}{result.stderr[-1000:]}")
    return "\n".join(parts)
