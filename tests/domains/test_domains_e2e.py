"""Custom domains on a real server: Traefik gets certificates from a real ACME server
(pebble, validating over the test bed's network) and routes by host and path.

One scenario, because setting up the proxy and two apps is the expensive part: the test
follows a user adding domains one after another and checks each from the outside.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import bcrypt
import httpx
import pytest
from jsonschema import Draft7Validator

from tests.deployments.helpers import api, settled
from tests.domains.certs import issue
from tests.domains.stack import add_dns, deployed_app, fetch, pebble_roots, ready_server
from tests.support.problems import assert_problem
from tests.support.workers import Tenant, WorkerProcesses, wait_for
from tests.testbed import Testbed

ZONE = "berth-e2e.test"
SCHEMA = Path(__file__).parents[1] / "schemas" / "traefik-v3-file-provider.json"


async def _answers(address: str, host: str, text: str, **kw: Any) -> bool:
    try:
        response = await fetch(address, host, **kw)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.text.strip() == text


async def test_domains_get_certificates_and_route_by_host_and_path(
    committed_client: httpx.AsyncClient,
    tenant: Tenant,
    workers: WorkerProcesses,
    testbed: Testbed,
    tmp_path: Path,
) -> None:
    host, elsewhere = testbed.host(2), testbed.host(1)
    assert testbed.traefik_image is not None
    workers.env["BERTH_SERVERS__PROXY_IMAGE"] = testbed.traefik_image
    workers.start()
    client = committed_client
    server_id = await ready_server(client, tenant, host, testbed, workers)
    web = await deployed_app(client, tenant, workers, server_id, "web", testbed.app_images["v1"])
    shop = await deployed_app(client, tenant, workers, server_id, "shop", testbed.app_images["v2"])
    for name in ("www", "api", "secure", "private", "broken"):
        add_dns(testbed, f"{name}.{ZONE}", host.ip)
    # Pebble will look for this one's challenge on a host whose proxy never asked for it.
    add_dns(testbed, f"unreachable.{ZONE}", elsewhere.ip)
    proxy_before = _proxy_container(host)
    roots = tmp_path / "pebble-roots.pem"
    roots.write_text(pebble_roots(testbed))

    async def add(app: dict[str, Any], **body: Any) -> dict[str, Any]:
        result: dict[str, Any] = await api(
            client, tenant, "POST", f"/applications/{app['id']}/domains", json=body
        )
        return result

    # 1. Let's Encrypt (HTTP-01): an HTTPS request trusting pebble's root reaches the app.
    www = await add(web, host=f"www.{ZONE}", headers={"X-Berth-Test": "yes"})
    await wait_for(
        lambda: _answers(host.ip, f"www.{ZONE}", "hello v1", cafile=str(roots)),
        within=60,
        what="www over HTTPS with a pebble certificate",
    )
    secure_response = await fetch(host.ip, f"www.{ZONE}", cafile=str(roots))
    assert secure_response.headers["x-berth-test"] == "yes"
    status = await api(client, tenant, "GET", f"/domains/{www['id']}/certificate")
    assert status["status"] == "issued", status
    assert status["not_after"] is not None
    assert "Pebble" in (status["issuer"] or "")

    # 2. HTTP redirects to HTTPS, keeping the path.
    plain = await fetch(host.ip, f"www.{ZONE}", "/x?y=1", https=False)
    assert plain.status_code in (301, 308), plain.text
    assert plain.headers["location"] == f"https://www.{ZONE}/x?y=1"

    # 3. Two applications on one server: by host (TLS-ALPN-01) and by path on the same host.
    await add(shop, host=f"api.{ZONE}", certificate="letsencrypt-tls-alpn")
    await add(shop, host=f"www.{ZONE}", path_prefix="/shop", strip_prefix=True)
    await wait_for(
        lambda: _answers(host.ip, f"api.{ZONE}", "hello v2", cafile=str(roots)),
        within=60,
        what="api over HTTPS (TLS-ALPN-01)",
    )
    assert await _answers(host.ip, f"www.{ZONE}", "hello v2", path="/shop/", cafile=str(roots))
    assert await _answers(host.ip, f"www.{ZONE}", "hello v2", path="/shop", cafile=str(roots))
    assert await _answers(host.ip, f"www.{ZONE}", "hello v1", cafile=str(roots))

    # From here on, a client keeps calling api.<zone>: adding and removing other domains must
    # never interrupt it (no proxy restart, no task restart).
    probes: list[str] = []
    stop = asyncio.Event()

    async def keep_calling() -> None:
        deadline = time.monotonic() + 300  # bounded whatever happens
        while not stop.is_set() and time.monotonic() < deadline:
            ok = await _answers(host.ip, f"api.{ZONE}", "hello v2", cafile=str(roots))
            probes.append("ok" if ok else "failed")
            await asyncio.sleep(0.05)

    caller = asyncio.create_task(keep_calling())

    # 4. An uploaded certificate is the one served for its domain.
    pair = issue(f"secure.{ZONE}")
    (tmp_path / "own-ca.pem").write_text(pair.ca)
    uploaded = await add(
        web,
        host=f"secure.{ZONE}",
        certificate="uploaded",
        uploaded_certificate={"certificate": pair.certificate, "private_key": pair.key},
    )
    await wait_for(
        lambda: _answers(
            host.ip, f"secure.{ZONE}", "hello v1", cafile=str(tmp_path / "own-ca.pem")
        ),
        within=30,
        what="the uploaded certificate to be served",
    )
    assert uploaded["certificate_not_after"] is not None

    # 5. Basic auth challenges, then admits.
    await add(
        web,
        host=f"private.{ZONE}",
        certificate="none",
        basic_auth=[{"username": "alice", "password": "correct horse"}],
    )
    await wait_for(
        lambda: _status(host.ip, f"private.{ZONE}", 401, https=False),
        within=30,
        what="the auth challenge",
    )
    challenged = await fetch(host.ip, f"private.{ZONE}", https=False)
    assert "basic" in challenged.headers["www-authenticate"].lower()
    wrong = await fetch(host.ip, f"private.{ZONE}", https=False, auth=("alice", "nope-nope"))
    assert wrong.status_code == 401
    assert await _answers(
        host.ip, f"private.{ZONE}", "hello v1", https=False, auth=("alice", "correct horse")
    )
    document = host.run(
        ["sh", "-c", "cat /var/lib/docker/volumes/berth-proxy-dynamic/_data/app-berth-web-*.yml"]
    ).stdout
    assert "correct horse" not in document
    hashed = document.split('"alice:', 1)[1].split('"', 1)[0]
    assert bcrypt.checkpw(b"correct horse", hashed.encode())

    # 5b. www -> apex: the alias answers with a permanent redirect to the canonical host.
    await add(web, host=f"plain.{ZONE}", certificate="none", www_redirect="www-to-apex")
    await wait_for(
        lambda: _answers(host.ip, f"plain.{ZONE}", "hello v1", https=False),
        within=30,
        what="the apex over plain HTTP",
    )
    alias = await fetch(host.ip, f"www.plain.{ZONE}", "/a?b=1", https=False)
    assert alias.status_code in (301, 308), alias.text
    assert alias.headers["location"] == f"http://plain.{ZONE}/a?b=1"

    # 6. A certificate the CA refuses: the status says failed, with the CA's reason.
    broken = await add(web, host=f"unreachable.{ZONE}")
    failed: dict[str, Any] = {}

    async def has_failed() -> bool:
        failed.update(await api(client, tenant, "GET", f"/domains/{broken['id']}/certificate"))
        return bool(failed["status"] == "failed")

    await wait_for(has_failed, within=60, what="the failed issuance to show", interval=1)
    # e.g. "... [unreachable.berth-e2e.test: invalid authorization: acme: error: 400 ::
    # urn:ietf:params:acme:error:connection :: Get "http://unreachable...": dial tcp
    # 10.x.0.2:80: connect: connection refused]" (or `:unauthorized` ... "returned 404" when
    # another test left a proxy on that host): the CA's own words, with the host.
    assert "urn:ietf:params:acme:error:" in failed["reason"], failed
    assert f"unreachable.{ZONE}" in failed["reason"]
    assert "acme-challenge" in failed["reason"]
    assert failed["failed_at"] is not None

    # The watched name is a symlink into the slots: each write swapped it whole.
    dynamic = "/var/lib/docker/volumes/berth-proxy-dynamic/_data"
    link = host.run(["sh", "-c", f"readlink {dynamic}/app-berth-web-*.yml"]).stdout.strip()
    assert link.startswith(".berth/app-berth-web-"), link
    assert link.endswith((".a", ".b")), link

    # The whole application at once: one read of the proxy's state.
    overview = await api(client, tenant, "GET", f"/applications/{web['id']}/domains/certificates")
    by_host = {s["host"]: s["status"] for s in overview}
    assert by_host[f"www.{ZONE}"] == "issued"
    assert by_host[f"secure.{ZONE}"] == "uploaded"
    assert by_host[f"private.{ZONE}"] == "none"
    assert by_host[f"unreachable.{ZONE}"] == "failed"

    # 7. Bad input writes nothing; a duplicate is a 409.
    before = document_text(host)
    duplicate = await client.post(
        f"/api/v1/applications/{shop['id']}/domains",
        json={"host": f"api.{ZONE}"},
        headers=tenant.headers,
    )
    assert_problem(duplicate, 409, "domain-taken")
    injected = await client.post(
        f"/api/v1/applications/{shop['id']}/domains",
        json={"host": f"x.{ZONE}`) || Host(`evil.test"},
        headers=tenant.headers,
    )
    assert_problem(injected, 422, "validation-error")
    assert document_text(host) == before

    # 8. Removing a domain stops its route while the others keep answering.
    await api(client, tenant, "DELETE", f"/domains/{www['id']}")
    await wait_for(
        lambda: _status(host.ip, f"www.{ZONE}", 404, cafile=str(roots)),
        within=30,
        what="www to stop routing",
    )
    assert await _answers(host.ip, f"www.{ZONE}", "hello v2", path="/shop/", cafile=str(roots))

    # 9. Redeploying the app behind a domain: the domain routes through the app's own swarm
    # load balancer, so the start-first update is as seamless as for its generated host.
    redeploy = await api(client, tenant, "POST", f"/applications/{shop['id']}/redeploy")
    done = await settled(client, tenant, f"/deployments/{redeploy['id']}", workers, 180)
    assert done["outcome"] == "released", done
    stop.set()
    await caller
    # No change restarted the proxy, and every document on the server is schema-valid.
    assert _proxy_container(host) == proxy_before
    validator = Draft7Validator(json.loads(SCHEMA.read_text()))
    dynamic = "/var/lib/docker/volumes/berth-proxy-dynamic/_data"
    names = host.run(["sh", "-c", f"ls {dynamic}/*.yml"]).stdout.split()
    assert len(names) == 2  # one per application with domains
    for name in names:
        document = json.loads(host.run(["cat", name]).stdout)
        assert [e.message for e in validator.iter_errors(document)] == [], name
    assert len(probes) > 20
    assert probes.count("failed") == 0, f"{probes.count('failed')} of {len(probes)} failed"

    # 10. A removed uploaded certificate leaves no key on the server, not even in a slot.
    await api(client, tenant, "DELETE", f"/domains/{uploaded['id']}")
    key_line = pair.key.splitlines()[1]
    left = host.run(["grep", "-rlF", key_line, dynamic], check=False)
    assert left.stdout.strip() == "", left.stdout

    # 11. Deleting an application removes its service and empties its document at once
    # (setup would too, for a server that was unreachable at the time).
    await api(client, tenant, "DELETE", f"/applications/{shop['id']}")
    shop_doc = host.run(["sh", "-c", f"cat {dynamic}/app-berth-shop-*.yml"]).stdout
    assert json.loads(shop_doc) == {}
    await wait_for(
        lambda: _status(host.ip, f"api.{ZONE}", 404, cafile=str(roots)),
        within=30,
        what="the deleted app's domain to stop routing",
    )


def _proxy_container(host: Any) -> str:
    result = host.docker(
        ["ps", "-q", "--filter", "label=com.docker.swarm.service.name=berth-proxy"]
    )
    container = str(result.stdout).strip()
    assert container, "the proxy is not running"
    return container


def document_text(host: Any) -> str:
    result = host.run(["sh", "-c", "cat /var/lib/docker/volumes/berth-proxy-dynamic/_data/*.yml"])
    return str(result.stdout)


async def _status(address: str, host: str, status: int, **kw: Any) -> bool:
    try:
        response = await fetch(address, host, **kw)
    except httpx.HTTPError:
        return False
    return bool(response.status_code == status)


pytestmark = pytest.mark.usefixtures("testbed")
