"""The credential check through the Bearer token flow, against a real registry in
token-auth mode (see token_registry.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from api.kit.settings import RegistrySettings, Settings
from tests.registries import token_registry as tr
from tests.registries.conftest import RegistryAdmin
from tests.support.problems import assert_problem
from tests.testbed import Testbed

# The test bed installs docker-registry; its fixture makes sure the package is there.
pytestmark = pytest.mark.usefixtures("testbed")


@pytest.fixture
async def registry(
    tmp_path: Path, app: FastAPI, settings: Settings, testbed: Testbed
) -> AsyncIterator[tr.TokenRegistry]:
    async with tr.token_registry(tmp_path) as running:
        registries = RegistrySettings(ca_file=running.ca_file, check_timeout_seconds=5)
        app.state.settings = settings.model_copy(update={"registries": registries})
        yield running


async def test_good_credentials_get_a_token_and_pass(
    admin: RegistryAdmin, registry: tr.TokenRegistry
) -> None:
    created = await admin.add(address=registry.address, username=tr.USERNAME, password=tr.PASSWORD)
    response = await admin.request("POST", f"/registries/{created['id']}/check")
    assert response.status_code == 200, response.text
    assert response.json()["auth_scheme"] == "bearer"
    assert "token service at 127.0.0.1 accepted" in response.json()["detail"]
    # The realm got the registry's service name and the account, as `docker login` sends.
    assert registry.token_requests[-1]["service"] == tr.SERVICE
    assert registry.token_requests[-1]["account"] == tr.USERNAME


async def test_wrong_credentials_are_refused_by_the_token_service(
    admin: RegistryAdmin, registry: tr.TokenRegistry
) -> None:
    created = await admin.add(address=registry.address, username=tr.USERNAME, password="nope")
    response = await admin.request("POST", f"/registries/{created['id']}/check")
    problem = assert_problem(response, 502, "registry-credentials-rejected")
    assert "token service at 127.0.0.1 refused the credentials (401)" in problem["detail"]


async def test_a_realm_over_plain_http_never_gets_the_password(
    admin: RegistryAdmin, tmp_path: Path, app: FastAPI, settings: Settings
) -> None:
    async with tr.token_registry(tmp_path, realm_scheme="http") as running:
        registries = RegistrySettings(ca_file=running.ca_file, check_timeout_seconds=5)
        app.state.settings = settings.model_copy(update={"registries": registries})
        created = await admin.add(
            address=running.address, username=tr.USERNAME, password=tr.PASSWORD
        )
        response = await admin.request("POST", f"/registries/{created['id']}/check")
        problem = assert_problem(response, 502, "registry-protocol-error")
        assert "not an https:// URL" in problem["detail"]
        assert running.token_requests == []
