"""The push and build helpers against a real daemon and the test bed's private registry:
the header `registry_auth_for_push` returns is what `POST /images/{name}/push` accepts,
and the CLI config lets `docker` on a server pull a private image."""

from __future__ import annotations

import json
import ssl
import uuid
from pathlib import Path
from typing import Any

import aiodocker
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.registries.auth import (
    docker_config_for_images,
    get_push_registry,
    push_reference_for,
    registry_auth_for_push,
)
from tests.registries.conftest import RegistryAdmin
from tests.testbed import Host, Testbed
from tests.testbed.services import PrivateRegistry


@pytest.fixture
def private_registry(testbed: Testbed) -> PrivateRegistry:
    service = testbed.services["registry-tls"]
    assert isinstance(service, PrivateRegistry)
    return service


async def _push(host: Host, reference: str, header: str) -> list[dict[str, Any]]:
    """The Engine API push as a build step would call it; the progress stream as JSON.

    The engine answers 200 and reports a failed push inside the stream, so the stream is
    what tells success from failure."""
    name, tag = reference.rsplit(":", 1)
    async with (
        aiodocker.Docker(url=f"unix://{host.docker_socket}") as docker,
        docker._query(
            f"images/{name}/push",
            method="POST",
            params={"tag": tag},
            headers={"X-Registry-Auth": header},
            timeout=120,
        ) as response,
    ):
        raw = await response.read()
    return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]


async def _pushed_digest(registry: PrivateRegistry, repository: str, tag: str) -> str | None:
    context = ssl.create_default_context(cafile=str(registry.ca_file))
    async with httpx.AsyncClient(verify=context, timeout=10) as client:
        response = await client.head(
            f"https://{registry.address}/v2/{repository}/manifests/{tag}",
            auth=(registry.username, registry.password),
            headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"},
        )
    return response.headers.get("docker-content-digest") if response.status_code == 200 else None


async def test_a_build_pushes_with_the_registrys_credentials(
    admin: RegistryAdmin,
    session: AsyncSession,
    app: FastAPI,
    testbed: Testbed,
    private_registry: PrivateRegistry,
) -> None:
    created = await admin.add(
        address=f"{private_registry.address}/builds",
        username=private_registry.username,
        password=private_registry.password,
    )
    registry_id = uuid.UUID(created["id"])
    registry = await get_push_registry(session, admin.org.id, registry_id)
    tag = f"t{uuid.uuid4().hex[:10]}"
    reference = push_reference_for(registry, "shop/web", tag)
    assert reference == f"{private_registry.address}/builds/shop/web:{tag}"
    host = testbed.host(1)  # built tbapp, so it has an image to push
    host.docker(["tag", testbed.app_images["v1"], reference])
    try:
        header = await registry_auth_for_push(session, app.state.keyring, admin.org.id, registry_id)
        messages = await _push(host, reference, header)
        assert not [m for m in messages if "error" in m], messages
        digest = next(m["aux"]["Digest"] for m in messages if "aux" in m)
        assert await _pushed_digest(private_registry, "builds/shop/web", tag) == digest
    finally:
        host.docker(["image", "rm", reference], check=False)


async def test_a_push_with_wrong_credentials_is_refused(
    admin: RegistryAdmin,
    session: AsyncSession,
    app: FastAPI,
    testbed: Testbed,
    private_registry: PrivateRegistry,
) -> None:
    created = await admin.add(
        address=private_registry.address, username=private_registry.username, password="wrong"
    )
    registry_id = uuid.UUID(created["id"])
    registry = await get_push_registry(session, admin.org.id, registry_id)
    tag = f"t{uuid.uuid4().hex[:10]}"
    reference = push_reference_for(registry, "refused", tag)
    host = testbed.host(1)
    host.docker(["tag", testbed.app_images["v1"], reference])
    try:
        header = await registry_auth_for_push(session, app.state.keyring, admin.org.id, registry_id)
        messages = await _push(host, reference, header)
        errors = [m["error"] for m in messages if "error" in m]
        assert errors, messages
        assert "authentication required" in errors[0] or "unauthorized" in errors[0], errors
        assert await _pushed_digest(private_registry, "refused", tag) is None
    finally:
        host.docker(["image", "rm", reference], check=False)


async def test_the_cli_config_lets_a_build_host_pull_a_private_base_image(
    admin: RegistryAdmin,
    session: AsyncSession,
    app: FastAPI,
    testbed: Testbed,
    private_registry: PrivateRegistry,
    tmp_path: Path,
) -> None:
    """`docker build` on a server runs the CLI: a FROM on a private image needs this file."""
    await admin.add(
        address=private_registry.address,
        username=private_registry.username,
        password=private_registry.password,
    )
    image = testbed.private_images["v1"]
    config = await docker_config_for_images(
        session, app.state.keyring, admin.org.id, [image, "docker.io/library/busybox"]
    )
    assert list(json.loads(config)["auths"]) == [private_registry.address]
    host = testbed.host(2)  # never built the image: the pull must go to the registry
    host.docker(["image", "rm", "--force", image], check=False)
    refused = host.docker(["pull", "-q", image], check=False)
    assert refused.returncode != 0, refused.stdout
    (tmp_path / "config.json").write_text(config)
    (tmp_path / "config.json").chmod(0o600)
    pulled = host.docker(["--config", str(tmp_path), "pull", "-q", image], check=False)
    assert pulled.returncode == 0, pulled.stderr
    host.docker(["image", "rm", "--force", image], check=False)
