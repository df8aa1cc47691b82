"""Files in the proxy's volumes, reached only through the Docker Engine API.

The SSH user may be a non-root member of the docker group, so no host path is assumed: a
helper container (`berth-proxy-files`) is *created, never started* from the proxy's own
image (already on the node, so nothing is pulled) with the volumes mounted, and the archive
endpoints read and write through it.

Atomic replacement without a process to call rename(2): each application document has two
slots in `.berth/` (names without a `.yml` extension, so Traefik's file provider ignores
them) and the watched name `app-<service>.yml` is a symlink to one slot. A write fills the
slot the link does not point at, then swaps the link in the same archive upload. Traefik
never reads a half-written document; at worst, for the two syscalls Docker needs to replace
the link (unlink, symlink), the file is absent and the next event reloads it.
"""

from __future__ import annotations

import io
import tarfile
import time
from typing import Any

from api.infra import swarm, traefik, traefik_domains
from api.infra.docker import DockerClient
from api.infra.errors import DockerError, InfraError

DYNAMIC_MOUNT = "/dynamic"
ACME_MOUNT = "/acme"
SLOTS_DIR = ".berth"
HELPER_NAME = "berth-proxy-files"


class ProxyNotInstalled(InfraError):
    """The server has no proxy service yet: run the server's setup first."""


async def proxy_image(docker: DockerClient) -> str:
    service = await docker.find_service(traefik.SERVICE_NAME)
    if service is None:
        raise ProxyNotInstalled("the server has no proxy yet: run its setup first")
    image: str = service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]
    return image


def _helper_spec(image: str) -> dict[str, Any]:
    mount_labels = {swarm.MANAGED_LABEL: "true", swarm.COMPONENT_LABEL: "proxy"}
    return {
        "Image": image,
        "Cmd": ["version"],
        "Labels": {swarm.MANAGED_LABEL: "true", swarm.COMPONENT_LABEL: "proxy-files"},
        "HostConfig": {
            "NetworkMode": "none",
            "Mounts": [
                {
                    "Type": "volume",
                    "Source": volume,
                    "Target": target,
                    "VolumeOptions": {"Labels": mount_labels},
                }
                for volume, target in (
                    (traefik.DYNAMIC_VOLUME, DYNAMIC_MOUNT),
                    (traefik.ACME_VOLUME, ACME_MOUNT),
                )
            ],
        },
    }


async def _inspect_helper(docker: DockerClient) -> str | None:
    try:
        info = await docker.inspect_container(HELPER_NAME)
    except DockerError as exc:
        if exc.status == 404:
            return None
        raise
    return str(info["Id"])


async def helper(docker: DockerClient) -> str:
    """The id of the stopped helper container, made on first use and kept: creating one
    per write cost ~40% of a domain change (measured, bench/domains.py). Setup removes it
    when the proxy image changes (`forget_helper`), so it never pins an old image for long."""
    found = await _inspect_helper(docker)
    if found is not None:
        return found
    spec = _helper_spec(await proxy_image(docker))
    try:
        created = await docker.create_container(HELPER_NAME, spec)
    except DockerError as exc:
        if exc.status != 409:  # 409: another writer created it a moment ago
            raise
        found = await _inspect_helper(docker)
        if found is None:
            raise
        return found
    return created


async def forget_helper(docker: DockerClient) -> None:
    try:
        await docker.remove_container(HELPER_NAME, force=True)
    except DockerError as exc:
        if exc.status != 404:
            raise


async def _link_target(docker: DockerClient, container_id: str, path: str) -> str | None:
    """Where the symlink at `path` points, or None."""
    try:
        body = await docker.get_archive(container_id, path)
    except DockerError as exc:
        if exc.status == 404:
            return None
        raise
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        member = next(iter(tar.getmembers()), None)
    return member.linkname if member is not None and member.issym() else None


def _tar(entries: list[tuple[str, bytes | None, str | None]]) -> bytes:
    """(name, content, link target) entries; a directory when both are None."""
    buffer = io.BytesIO()
    now = time.time()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content, link in entries:
            info = tarfile.TarInfo(name)
            info.mtime = int(now)
            if link is not None:
                info.type, info.linkname, info.mode = tarfile.SYMTYPE, link, 0o777
                tar.addfile(info)
            elif content is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                info.size, info.mode = len(content), 0o644
                tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


async def write_document(docker: DockerClient, file_name: str, content: str) -> None:
    """Replace `<dynamic volume>/<file_name>` as described in the module docstring."""
    container_id = await helper(docker)
    current = await _link_target(docker, container_id, f"{DYNAMIC_MOUNT}/{file_name}")
    slot = "b" if current is not None and current.endswith(".a") else "a"
    slot_name = f"{SLOTS_DIR}/{file_name}.{slot}"
    archive = _tar(
        [
            (SLOTS_DIR, None, None),
            (slot_name, content.encode(), None),
            (file_name, None, slot_name),
        ]
    )
    await docker.put_archive(container_id, DYNAMIC_MOUNT, archive)
    # The other slot still holds the previous document, with any private key of a domain
    # just removed: overwrite it too (Traefik ignores it, the link no longer points there).
    old_slot = f"{SLOTS_DIR}/{file_name}.{'a' if slot == 'b' else 'b'}"
    await docker.put_archive(
        container_id, DYNAMIC_MOUNT, _tar([(old_slot, content.encode(), None)])
    )


async def list_documents(docker: DockerClient) -> list[str]:
    """Names of the application documents (`app-*.yml`) in the dynamic volume."""
    container_id = await helper(docker)
    body = await docker.get_archive(container_id, f"{DYNAMIC_MOUNT}/")
    names = []
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        for member in tar.getmembers():
            name = member.name.split("/", 1)[-1]  # the archive is rooted at `dynamic/`
            if "/" not in name and name.startswith("app-") and name.endswith(".yml"):
                names.append(name)
    return sorted(names)


async def read_files(docker: DockerClient, paths: list[str]) -> dict[str, bytes | None]:
    """Contents of files in the helper's view (`/dynamic/...`, `/acme/...`); None if absent."""
    out: dict[str, bytes | None] = {}
    container_id = await helper(docker)
    for path in paths:
        try:
            body = await docker.get_archive(container_id, path)
        except DockerError as exc:
            if exc.status == 404:
                out[path] = None
                continue
            raise
        with tarfile.open(fileobj=io.BytesIO(body)) as tar:
            member = next((m for m in tar.getmembers() if m.isfile()), None)
            extracted = tar.extractfile(member) if member is not None else None
            out[path] = extracted.read() if extracted is not None else None
    return out


async def remove_proxy_document(docker: DockerClient, service_name: str) -> None:
    """Empty an application's document (the archive API cannot delete a file); nothing to
    do on a server without the proxy or without a document for it."""
    name = traefik_domains.file_name(service_name)
    try:
        if name in await list_documents(docker):
            await write_document(docker, name, traefik_domains.render({}))
    except ProxyNotInstalled:
        return
