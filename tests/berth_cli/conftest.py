"""The `berth` CLI runs as a subprocess (the installed console script) against a live API:
uvicorn on loopback over the session's PostgreSQL and Redis, with committed data in a
tenant of its own, exactly as a CI job would reach a control plane."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import HostKeyStatus, Server
from tests.factories.applications import create_application
from tests.factories.projects import create_environment, create_project
from tests.support.live_api import live_api as running_api
from tests.support.workers import Tenant

BERTH = Path(sys.executable).with_name("berth")
CLI_TIMEOUT = 60  # no CLI call in these tests should take more than a few seconds


@pytest.fixture
def live_api(worker_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """The API on loopback: the CLI needs a real HTTP server, not the in-process transport."""
    with running_api(worker_env, tmp_path / "api.log") as base:
        yield base


@dataclass
class Seeded:
    """A tenant with one image application at `<project>/production/web`."""

    tenant: Tenant
    token: str
    app_id: str
    path: str


@pytest.fixture
async def seeded(
    tenant: Tenant, committed_sessionmaker: async_sessionmaker[AsyncSession]
) -> Seeded:
    async with committed_sessionmaker() as session, session.begin():
        project = await create_project(session, tenant.org)
        environment = await create_environment(session, project)
        application = await create_application(session, environment)
        server = await session.get(Server, application.server_id)
        assert server is not None
        # Queueing refuses untrusted servers (nothing here contacts the host).
        server.host_key_status = HostKeyStatus.trusted
        server.host_key = (
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFactoryFactoryFactoryFactoryFactoryFa"
        )
        path = f"{project.name}/{environment.name}/{application.name}"
    token = tenant.headers["Authorization"].removeprefix("Bearer ")
    return Seeded(tenant=tenant, token=token, app_id=str(application.id), path=path)


@dataclass
class Berth:
    """Runs the console script with a config folder of its own and no BERTH_* inherited."""

    home: Path
    env: dict[str, str]

    def run(
        self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = CLI_TIMEOUT
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BERTH), *args],
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(BERTH), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    @property
    def config(self) -> Path:
        return self.home / ".config" / "berth" / "config.toml"


@pytest.fixture
def berth(tmp_path: Path) -> Berth:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BERTH_", "XDG_CONFIG"))}
    return Berth(home=home, env={**env, "HOME": str(home)})
