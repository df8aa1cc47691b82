"""The credential check against the test bed's real private registry (TLS + htpasswd)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from api.infra.registry import parse_challenge
from api.kit.settings import RegistrySettings, Settings
from tests.registries.conftest import RegistryAdmin
from tests.support.problems import assert_problem
from tests.support.testbed_session import unused_address
from tests.testbed import Testbed
from tests.testbed.services import PrivateRegistry


@pytest.fixture
def private_registry(testbed: Testbed) -> PrivateRegistry:
    service = testbed.services["registry-tls"]
    assert isinstance(service, PrivateRegistry)
    return service


@pytest.fixture
def trusts_test_ca(app: FastAPI, settings: Settings, private_registry: PrivateRegistry) -> None:
    """The operator configured the private CA, as BERTH_REGISTRIES__CA_FILE would."""
    registries = RegistrySettings(ca_file=private_registry.ca_file, check_timeout_seconds=5)
    app.state.settings = settings.model_copy(update={"registries": registries})


@pytest.mark.usefixtures("trusts_test_ca")
async def test_good_credentials_pass_with_basic_auth(
    admin: RegistryAdmin, private_registry: PrivateRegistry
) -> None:
    registry = await admin.add(
        address=private_registry.address,
        username=private_registry.username,
        password=private_registry.password,
    )
    response = await admin.request("POST", f"/registries/{registry['id']}/check")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["auth_scheme"] == "basic"
    assert body["registry_id"] == registry["id"]
    assert body["address"] == private_registry.address
    assert private_registry.password not in response.text


@pytest.mark.usefixtures("trusts_test_ca")
async def test_a_wrong_password_is_a_clear_problem(
    admin: RegistryAdmin, private_registry: PrivateRegistry
) -> None:
    registry = await admin.add(
        name="private",
        address=private_registry.address,
        username=private_registry.username,
        password="not-the-password",
    )
    response = await admin.request("POST", f"/registries/{registry['id']}/check")
    problem = assert_problem(response, 502, "registry-credentials-rejected")
    assert "'private'" in problem["detail"]
    assert "refused the credentials (401)" in problem["detail"]
    assert "not-the-password" not in response.text


@pytest.mark.usefixtures("trusts_test_ca")
async def test_an_unknown_user_is_rejected_too(
    admin: RegistryAdmin, private_registry: PrivateRegistry
) -> None:
    registry = await admin.add(
        address=private_registry.address, username="nobody", password=private_registry.password
    )
    response = await admin.request("POST", f"/registries/{registry['id']}/check")
    assert_problem(response, 502, "registry-credentials-rejected")


async def test_an_untrusted_certificate_says_how_to_trust_it(
    admin: RegistryAdmin, private_registry: PrivateRegistry
) -> None:
    registry = await admin.add(
        address=private_registry.address,
        username=private_registry.username,
        password=private_registry.password,
    )
    response = await admin.request("POST", f"/registries/{registry['id']}/check")
    problem = assert_problem(response, 503, "registry-unreachable")
    assert "not trusted" in problem["detail"]
    assert "BERTH_REGISTRIES__CA_FILE" in problem["detail"]


@pytest.mark.usefixtures("trusts_test_ca")
async def test_nothing_listening_is_unreachable(admin: RegistryAdmin, testbed: Testbed) -> None:
    registry = await admin.add(address=f"{unused_address(testbed)}:5443")
    response = await admin.request("POST", f"/registries/{registry['id']}/check")
    problem = assert_problem(response, 503, "registry-unreachable")
    assert unused_address(testbed) in problem["detail"]


@pytest.mark.usefixtures("trusts_test_ca")
async def test_a_plain_http_registry_is_never_sent_credentials(
    admin: RegistryAdmin, testbed: Testbed
) -> None:
    """The test bed's other registry speaks plain HTTP: the TLS handshake fails first."""
    registry = await admin.add(address=testbed.registry)
    response = await admin.request("POST", f"/registries/{registry['id']}/check")
    problem = assert_problem(response, 503, "registry-unreachable")
    assert "does not speak HTTPS" in problem["detail"]


def test_bearer_challenges_are_parsed_with_quoted_values() -> None:
    challenge = parse_challenge(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",'
        'scope="repository:acme/app:pull,push",error="invalid_token \\"x\\""'
    )
    assert challenge.scheme == "bearer"
    assert challenge.params == {
        "realm": "https://auth.example.com/token",
        "service": "registry.example.com",
        "scope": "repository:acme/app:pull,push",
        "error": 'invalid_token "x"',
    }
    assert parse_challenge('Basic realm="berth"').scheme == "basic"
    assert parse_challenge("").scheme == ""
