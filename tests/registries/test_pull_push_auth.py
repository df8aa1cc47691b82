"""Which credentials a pull uses (by the image's registry host and namespace, within the
organization only), the X-Registry-Auth header Docker gets, and validated push references."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.crypto import Keyring
from api.registries.auth import (
    find_registry_for_image,
    get_push_registry,
    pull_credentials,
    push_reference_for,
    registry_auth_for_image,
    registry_auth_for_push,
)
from api.registries.exceptions import RegistryNotFound
from api.registries.references import split_image
from tests.registries.conftest import RegistryAdmin


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("nginx", ("docker.io", "library/nginx")),
        ("nginx:1.27", ("docker.io", "library/nginx")),
        ("acme/web:1", ("docker.io", "acme/web")),
        ("docker.io/nginx", ("docker.io", "library/nginx")),
        ("index.docker.io/acme/web", ("docker.io", "acme/web")),
        ("ghcr.io/acme/web:2@sha256:" + "a" * 64, ("ghcr.io", "acme/web")),
        ("Registry.Example.com:05000/team/app:v1", ("registry.example.com:5000", "team/app")),
        ("localhost/app", ("localhost", "app")),
        ("localhost:5000/app:latest", ("localhost:5000", "app")),
        ("10.0.0.5:5443/tbapp:v1", ("10.0.0.5:5443", "tbapp")),
        # No dot, port or upper case: a Docker Hub user, not a host.
        ("myregistry/app", ("docker.io", "myregistry/app")),
    ],
)
def test_images_split_into_registry_host_and_repository(
    image: str, expected: tuple[str, str]
) -> None:
    assert split_image(image) == expected


def _decoded(header: str | None) -> dict[str, str]:
    assert header is not None
    decoded: dict[str, str] = json.loads(base64.urlsafe_b64decode(header))
    return decoded


async def test_a_pull_uses_the_most_specific_matching_credentials(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    await admin.add(name="host", address="ghcr.io", username="everyone", password="p-host")
    await admin.add(name="acme", address="ghcr.io/acme", username="acme", password="p-acme")
    await admin.add(name="team", address="ghcr.io/acme/team", username="team", password="p-team")
    await admin.add(name="hub", address="docker.io", username="hubber", password="p-hub")
    keyring: Keyring = app.state.keyring
    org = admin.org.id

    async def user_for(image: str) -> str | None:
        header = await registry_auth_for_image(session, keyring, org, image)
        return _decoded(header)["username"] if header else None

    assert await user_for("ghcr.io/acme/team/web:1") == "team"
    assert await user_for("ghcr.io/acme/web:1") == "acme"
    assert await user_for("ghcr.io/acme-other/web:1") == "everyone"  # whole components only
    assert await user_for("ghcr.io/other/web") == "everyone"
    assert await user_for("GHCR.io/acme/web") == "acme"
    assert await user_for("nginx:1.27") == "hubber"
    assert await user_for("quay.io/acme/web") is None

    header = _decoded(await registry_auth_for_image(session, keyring, org, "ghcr.io/acme/x"))
    assert header == {"username": "acme", "password": "p-acme", "serveraddress": "ghcr.io"}
    hub = _decoded(await registry_auth_for_image(session, keyring, org, "nginx"))
    assert hub["serveraddress"] == "https://index.docker.io/v1/"


async def test_another_organizations_credentials_are_never_used(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    registry = await admin.add(address="registry.example.com")
    other_org = uuid.uuid4()
    keyring: Keyring = app.state.keyring
    image = "registry.example.com/app:1"
    assert await find_registry_for_image(session, other_org, image) is None
    assert await registry_auth_for_image(session, keyring, other_org, image) is None
    with pytest.raises(RegistryNotFound):
        await registry_auth_for_push(session, keyring, other_org, uuid.UUID(registry["id"]))


async def test_push_auth_and_reference_for_a_registry(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    created = await admin.add(
        address="registry.example.com:5000/team", username="builder", password="p-push"
    )
    registry_id = uuid.UUID(created["id"])
    header = await registry_auth_for_push(session, app.state.keyring, admin.org.id, registry_id)
    assert _decoded(header) == {
        "username": "builder",
        "password": "p-push",
        "serveraddress": "registry.example.com:5000",
    }
    registry = await get_push_registry(session, admin.org.id, registry_id)
    assert push_reference_for(registry, "shop/web", "a1b2c3") == (
        "registry.example.com:5000/team/shop/web:a1b2c3"
    )


@pytest.mark.parametrize(
    ("repository", "tag"),
    [
        ("", "v1"),
        ("Web", "v1"),
        ("../web", "v1"),
        ("web/", "v1"),
        ("/web", "v1"),
        ("web app", "v1"),
        ("web;id", "v1"),
        ("web", ""),
        ("web", "-v1"),
        ("web", ".v1"),
        ("web", "v1@sha256"),
        ("web", "v1/x"),
        ("web", "t" * 129),
        ("w" * 250, "v1"),
    ],
)
async def test_push_references_refuse_invalid_parts(
    admin: RegistryAdmin, session: AsyncSession, repository: str, tag: str
) -> None:
    created = await admin.add(address="registry.example.com/team")
    registry = await get_push_registry(session, admin.org.id, uuid.UUID(created["id"]))
    with pytest.raises(ValueError, match=r"\w"):
        push_reference_for(registry, repository, tag)


async def test_pull_credentials_say_which_were_used_and_never_show_the_password(
    admin: RegistryAdmin, session: AsyncSession, app: FastAPI
) -> None:
    await admin.add(name="ghcr", address="ghcr.io/acme", password="p-secret-acme")
    keyring: Keyring = app.state.keyring
    used = await pull_credentials(session, keyring, admin.org.id, "ghcr.io/acme/web:1")
    assert _decoded(used.header)["password"] == "p-secret-acme"
    assert "registry 'ghcr' (ghcr.io/acme)" in used.note
    assert "p-secret-acme" not in repr(used)
    assert used.header is not None
    assert used.header not in repr(used)
    anonymous = await pull_credentials(session, keyring, admin.org.id, "quay.io/acme/web")
    assert anonymous.header is None
    assert "pulled anonymously" in anonymous.note
