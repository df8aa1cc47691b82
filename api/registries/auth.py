"""Registry credentials for the Docker Engine API: pulls pick them by the image's host,
pushes name the registry.

Used by the deployment flow (digest resolution, service create/update: Swarm forwards the
header to the nodes that pull) and by builds that push. Called from the worker, which has
no principal: the organization id is the tenant boundary, so an image can never be
pulled with another organization's credentials.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.crypto import Keyring
from api.models import Registry
from api.registries.exceptions import RegistryNotFound
from api.registries.references import (
    namespace_covers,
    push_reference,
    server_address,
    split_image,
)
from api.registries.repository import RegistryRepository
from api.registries.secrets import registry_auth, reveal_password


@dataclass(frozen=True)
class PullCredentials:
    """What a pull sends, and what to tell the user when the registry still says no."""

    # X-Registry-Auth, None: anonymous. Kept out of repr: it holds the password.
    header: str | None = field(repr=False)
    note: str  # appended to a failed pull's error: which credentials were (not) used


async def find_registry_for_image(
    session: AsyncSession, organization_id: uuid.UUID, image: str
) -> Registry | None:
    """The organization's credentials for the image's registry; the most specific
    namespace wins (``ghcr.io/acme/team`` before ``ghcr.io/acme`` before ``ghcr.io``)."""
    host, repository = split_image(image)
    candidates = await RegistryRepository(session).list_for_host(organization_id, host)
    covering = [r for r in candidates if namespace_covers(r.namespace, repository)]
    return max(covering, key=lambda r: len(r.namespace), default=None)


async def registry_auth_for_image(
    session: AsyncSession, keyring: Keyring, organization_id: uuid.UUID, image: str
) -> str | None:
    """``X-Registry-Auth`` for pulling `image`, or None to pull anonymously."""
    registry = await find_registry_for_image(session, organization_id, image)
    return registry_auth(keyring, registry) if registry is not None else None


async def pull_credentials(
    session: AsyncSession, keyring: Keyring, organization_id: uuid.UUID, image: str
) -> PullCredentials:
    registry = await find_registry_for_image(session, organization_id, image)
    if registry is None:
        # The usual cause of "unauthorized" or "not found" for a private image.
        return PullCredentials(
            None,
            " (pulled anonymously: no registry credentials of this organization match the "
            "image's registry; add them under registries)",
        )
    return PullCredentials(
        registry_auth(keyring, registry),
        f" (with the credentials of registry '{registry.name}' ({registry.address}); "
        f"check them with POST /api/v1/registries/{registry.id}/check)",
    )


async def get_push_registry(
    session: AsyncSession, organization_id: uuid.UUID, registry_id: uuid.UUID
) -> Registry:
    registry = await RegistryRepository(session).get_in_organization(organization_id, registry_id)
    if registry is None:
        raise RegistryNotFound(f"registry {registry_id} not found in this organization")
    return registry


async def registry_auth_for_push(
    session: AsyncSession, keyring: Keyring, organization_id: uuid.UUID, registry_id: uuid.UUID
) -> str:
    """``X-Registry-Auth`` for ``POST /images/{name}/push`` to that registry."""
    return registry_auth(keyring, await get_push_registry(session, organization_id, registry_id))


def push_reference_for(registry: Registry, repository: str, tag: str) -> str:
    """``<address>/<repository>:<tag>`` under the registry's namespace; ValueError if any
    part is not a valid Docker reference component."""
    return push_reference(registry.host, registry.namespace, repository, tag)


async def docker_config_for_images(
    session: AsyncSession, keyring: Keyring, organization_id: uuid.UUID, images: list[str]
) -> str:
    """A docker CLI ``config.json`` holding the credentials for `images` (e.g. the FROM
    lines of a build): the CLI, unlike the Engine API, reads credentials from a file.

    Write it 0600 into a directory that lives only as long as the command, and point
    ``DOCKER_CONFIG`` there. The CLI keys credentials by host alone, so each host gets the
    credentials that match the first image naming it.
    """
    auths: dict[str, dict[str, str]] = {}
    for image in images:
        registry = await find_registry_for_image(session, organization_id, image)
        if registry is None or server_address(registry.host) in auths:
            continue
        pair = f"{registry.username}:{reveal_password(keyring, registry)}"
        auths[server_address(registry.host)] = {"auth": base64.b64encode(pair.encode()).decode()}
    return json.dumps({"auths": auths})
