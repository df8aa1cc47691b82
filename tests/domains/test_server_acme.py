"""A server's ACME directory and the CA bundle the proxy trusts for it (no server contact)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra import traefik
from api.models import Role
from tests.domains.certs import issue
from tests.factories.users import create_org, user_with_role
from tests.support.problems import assert_problem


def _body(**over: Any) -> dict[str, Any]:
    return {
        "name": "acme",
        "host": "192.0.2.30",
        "acme_directory_url": "https://ca.internal:14000/dir",
        **over,
    }


async def test_a_private_acme_directory_with_its_ca_bundle(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    url = f"/api/v1/organizations/{org.id}/servers"

    bad = await client.post(url, json=_body(acme_ca_bundle="not a certificate"), headers=admin)
    assert "PEM" in assert_problem(bad, 422, "validation-error")["detail"] + bad.text
    plain = await client.post(
        url, json=_body(acme_directory_url="http://ca.internal/dir"), headers=admin
    )
    assert_problem(plain, 422, "validation-error")

    ca = issue("ca.internal").ca
    created = await client.post(
        url, json=_body(acme_ca_bundle=f"junk before\n{ca}\njunk after"), headers=admin
    )
    assert created.status_code == 201, created.text
    server = created.json()
    assert server["acme_directory_url"] == "https://ca.internal:14000/dir"
    assert server["acme_ca_bundle"] == ca  # only certificates survive, re-encoded

    other = issue("ca2.internal").ca
    patched = await client.patch(
        f"/api/v1/servers/{server['id']}", json={"acme_ca_bundle": other}, headers=admin
    )
    assert patched.json()["acme_ca_bundle"] == other


def test_the_bundle_reaches_the_proxy_as_lego_trust() -> None:
    ca = issue("ca.internal").ca
    settings = traefik.ProxySettings(
        acme_email="ops@example.com",
        acme_directory="https://ca.internal:14000/dir",
        acme_ca_bundle=ca,
    )
    spec = traefik.proxy_service_spec(
        settings,
        static_config_id="a" * 25,
        static_config_name="berth-proxy-static-x",
        ca_config=("b" * 25, traefik.config_name(ca, kind="acme-ca")),
    )
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert f"LEGO_CA_CERTIFICATES={traefik.CA_BUNDLE_PATH}" in container["Env"]
    assert [c["File"]["Name"] for c in container["Configs"]] == [
        traefik.STATIC_CONFIG_PATH,
        traefik.CA_BUNDLE_PATH,
    ]
