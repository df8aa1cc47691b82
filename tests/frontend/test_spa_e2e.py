"""The web UI end to end in headless Chromium: a real API (serving the built SPA), a real
worker, a real test host. The browser script (frontend/e2e/deploy-flow.mjs) drives the
screens; this test starts everything it talks to and hands it the test bed's facts.

Screenshots land in test-output/frontend/ (gitignored), kept after a failure.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.kit.spa import DIST
from tests.factories.users import PASSWORD
from tests.support.live_api import live_api
from tests.support.workers import ROOT, Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed

FRONTEND = ROOT / "frontend"
OUTPUT = ROOT / "test-output" / "frontend"
CHROMIUM = Path(os.environ.get("BERTH_CHROMIUM", "/usr/bin/chromium"))
# Apart from the deployment tests' apps.berth.test: their app "web" may still run on the same
# test host, and two services claiming one host name would split its traffic.
BASE_DOMAIN = "ui.berth.test"


def _fingerprint(public_key: str) -> str:
    """OpenSSH's SHA256 fingerprint of "ssh-ed25519 AAAA…", what `ssh-keygen -lf` prints."""
    blob = base64.b64decode(public_key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


@pytest.fixture
def api_server(worker_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """The API on loopback, as `make run` starts it: the browser needs a real HTTP server."""
    if not (DIST / "index.html").is_file():
        pytest.fail("the web UI is not built: run `make frontend` (make test does)")
    with live_api(worker_env, tmp_path / "api.log") as base:
        yield base


async def test_log_in_add_a_server_deploy_watch_and_roll_back_in_a_browser(
    api_server: str, tenant: Tenant, workers: WorkerProcesses, testbed: Testbed
) -> None:
    assert os.access(CHROMIUM, os.X_OK), "chromium is missing: make deps-system installs it"
    host = testbed.host(1)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    shutil.rmtree(OUTPUT, ignore_errors=True)
    env = {
        **os.environ,
        "BERTH_CHROMIUM": str(CHROMIUM),
        "E2E_BASE_URL": api_server,
        "E2E_OUTPUT_DIR": str(OUTPUT),
        "E2E_EMAIL": tenant.user.email,
        "E2E_PASSWORD": PASSWORD,
        "E2E_HOST_IP": host.ip,
        "E2E_HOST_FINGERPRINT": _fingerprint(host.host_public_key),
        "E2E_PRIVATE_KEY": host.client_key.read_text(),
        "E2E_BASE_DOMAIN": BASE_DOMAIN,
        "E2E_IMAGE_V1": testbed.app_images["v1"],
        "E2E_IMAGE_V2": testbed.app_images["v2"],
    }
    browser = await asyncio.create_subprocess_exec(
        "node",
        "e2e/deploy-flow.mjs",
        cwd=FRONTEND,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(browser.communicate(), timeout=900)
    except TimeoutError:
        browser.kill()
        output, _ = await browser.communicate()
    text = output.decode(errors="replace")
    print(text)
    assert browser.returncode == 0, (
        f"browser flow failed (screenshots in {OUTPUT}):\n{text}\n"
        f"worker logs:\n{workers.logs()[-6000:]}"
    )
    # The browser saw it; check the server too, without the browser's help.
    async with httpx.AsyncClient(base_url=f"http://{host.ip}", timeout=5) as proxy:

        async def serves_v1() -> bool:
            response = await proxy.get("/", headers={"Host": f"web.{BASE_DOMAIN}"})
            return response.text.strip() == "hello v1"

        await wait_for(serves_v1, within=30, what="v1 after the rollback")
    shots = sorted(p.name for p in OUTPUT.glob("*.png"))
    assert "13-history-after-rollback.png" in shots, shots


pytestmark = pytest.mark.usefixtures("testbed")
