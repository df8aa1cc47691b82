"""The Docker Engine API of one server, through aiodocker, with errors mapped at the boundary.

Every Engine API path Berth uses is spelled in this module, behind a named method
(`remove_service`, `inspect_image`, `put_archive` ...): the rest of the code says what it
wants done, and a test keeps Engine paths out of `api/` outside `api/infra/`. Specs and
bodies are plain Engine API documents built (and validated) elsewhere (`service_spec`,
`traefik`), so this adapter only carries them. Every aiodocker, aiohttp and timeout error
leaves through `map_errors` as a `DockerError` (the Engine answered) or `ServerUnreachable`
(it could not be asked).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import urllib.parse
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from api.infra.errors import DockerError, ServerUnreachable
from api.kit.lazy import lazy_module

if TYPE_CHECKING:
    import aiodocker
    import aiohttp
else:
    aiodocker = lazy_module("aiodocker")
    aiohttp = lazy_module("aiohttp")

DEFAULT_TIMEOUT = 30.0


# Connection-level failures of a pooled keep-alive connection (dockerd restarted, the SSH
# channel behind it closed): safe to retry once on a fresh connection for reads.
# (Functions, not constants: a module-level aiohttp attribute would import it at start-up.)
def _retryable() -> tuple[type[Exception], ...]:
    return (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)


# aiodocker turns a connection failure while sending (socket gone, channel refused) into a
# DockerError with this made-up status: it is the connection, not the Engine, that failed.
_AIODOCKER_CANNOT_CONNECT = 900


def _no_timeout() -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=None, sock_read=None)


# Swarm objects looked up by name.
Kind = Literal["networks", "services", "configs"]


@contextlib.contextmanager
def map_errors(label: str, operation: str, timeout: float | None = None) -> Iterator[None]:
    """Turn what aiodocker, aiohttp and asyncio raise into the infra error hierarchy.

    `label` names the server, `operation` what was being done (`GET services`, `push`), so
    the message says where and what failed. A timeout is checked before OSError on purpose:
    TimeoutError is an OSError since Python 3.10, and "did not answer within" tells more
    than an empty "unreachable". The original exception stays the `__cause__` (callers
    decide whether to retry on it).
    """
    try:
        yield
    except aiodocker.exceptions.DockerError as exc:
        if exc.status == _AIODOCKER_CANNOT_CONNECT:
            raise ServerUnreachable(f"{label}: Docker API unreachable: {exc.message}") from exc
        raise DockerError(exc.status, str(exc.message)) from exc
    except TimeoutError as exc:
        within = f" within {timeout:.0f}s" if timeout is not None else ""
        raise ServerUnreachable(f"{label}: Docker API did not answer {operation}{within}") from exc
    except _retryable() as exc:
        raise ServerUnreachable(f"{label}: Docker connection lost ({operation}): {exc}") from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise ServerUnreachable(f"{label}: Docker API unreachable ({operation}): {exc}") from exc


def _is_retryable(exc: ServerUnreachable) -> bool:
    cause = exc.__cause__
    if isinstance(cause, aiodocker.exceptions.DockerError):
        return cause.status == _AIODOCKER_CANNOT_CONNECT
    return isinstance(cause, _retryable())


class DockerClient:
    def __init__(self, socket_path: Path, *, label: str) -> None:
        self.label = label
        self._docker = aiodocker.Docker(url=f"unix://{socket_path}")

    async def close(self) -> None:
        await self._docker.close()

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: float = DEFAULT_TIMEOUT,
        registry_auth: str | None = None,
    ) -> Any:
        """A JSON call. A GET that lost its pooled connection is tried once more."""
        # X-Registry-Auth: the credentials the engine (and, for services, every Swarm node
        # that pulls) uses for the image's registry; anonymous without it.
        headers = {"X-Registry-Auth": registry_auth} if registry_auth else None
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            try:
                with map_errors(self.label, f"{method} {path}", timeout):
                    return await asyncio.wait_for(
                        self._docker._query_json(
                            path, method, params=dict(params or {}), data=body, headers=headers
                        ),
                        timeout,
                    )
            except ServerUnreachable as exc:
                if attempt + 1 < attempts and _is_retryable(exc):
                    continue
                raise
        raise AssertionError("unreachable")

    async def _raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> bytes:
        """A non-JSON call (tar archives): the body; 4xx/5xx raise DockerError."""
        headers = {"Content-Type": "application/x-tar"} if data is not None else None
        with map_errors(self.label, f"{method} {path}", timeout):
            async with asyncio.timeout(timeout):
                async with self._docker._query(
                    path, method, params=dict(params or {}), data=data, headers=headers
                ) as resp:
                    body: bytes = await resp.read()
                    return body

    # Engine and swarm -------------------------------------------------------------------

    async def version(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "version")
        return result

    async def info(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "info")
        return result

    async def swarm(self) -> dict[str, Any] | None:
        """The swarm this node manages, or None when it is not a swarm manager."""
        try:
            result: dict[str, Any] = await self._request("GET", "swarm")
        except DockerError as exc:
            if exc.status in (406, 503):  # "This node is not a swarm manager"
                return None
            raise
        return result

    async def swarm_init(self, advertise_addr: str | None) -> str:
        body: dict[str, Any] = {"ListenAddr": "0.0.0.0:2377"}
        if advertise_addr:
            body["AdvertiseAddr"] = advertise_addr
        node_id: str = await self._request("POST", "swarm/init", body=body, timeout=60)
        return node_id

    async def events(self, *, since: int, until: int, timeout: float) -> list[dict[str, Any]]:
        """The engine's events between two Unix times; the call lasts until `until`."""
        raw = await self._raw(
            "GET", "events", params={"since": str(since), "until": str(until)}, timeout=timeout
        )
        return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]

    # Swarm objects by name ----------------------------------------------------------------

    async def _find_one(self, kind: Kind, name: str) -> dict[str, Any] | None:
        filters = json.dumps({"name": [name]})
        items: list[dict[str, Any]] = await self._request("GET", kind, params={"filters": filters})
        for item in items:
            item_name = item.get("Name") or item.get("Spec", {}).get("Name")
            # The name filter matches prefixes: only an exact name is the object.
            if item_name == name:
                return item
        return None

    async def _create(
        self, kind: Kind, spec: Mapping[str, Any], *, registry_auth: str | None = None
    ) -> str:
        result = await self._request(
            "POST", f"{kind}/create", body=dict(spec), timeout=60, registry_auth=registry_auth
        )
        return str(result.get("ID") or result.get("Id"))

    async def find_service(self, name: str) -> dict[str, Any] | None:
        """The service (as inspected: ID, Version, Spec, UpdateStatus) or None."""
        return await self._find_one("services", name)

    async def find_network(self, name: str) -> dict[str, Any] | None:
        return await self._find_one("networks", name)

    async def find_config(self, name: str) -> dict[str, Any] | None:
        return await self._find_one("configs", name)

    async def create_network(self, spec: Mapping[str, Any]) -> str:
        return await self._create("networks", spec)

    async def create_config(self, spec: Mapping[str, Any]) -> str:
        return await self._create("configs", spec)

    # Services ---------------------------------------------------------------------------

    async def create_service(
        self, spec: Mapping[str, Any], *, registry_auth: str | None = None
    ) -> str:
        """Create a service from its Engine API spec; returns its id."""
        return await self._create("services", spec, registry_auth=registry_auth)

    async def update_service(
        self,
        service_id: str,
        version: int,
        spec: Mapping[str, Any],
        *,
        registry_auth: str | None = None,
    ) -> None:
        await self._request(
            "POST",
            f"services/{service_id}/update",
            params={"version": str(version)},
            body=dict(spec),
            timeout=60,
            registry_auth=registry_auth,
        )

    async def rollback_service(self, service: Mapping[str, Any]) -> None:
        """Ask Swarm to return an (inspected) service to its previous spec."""
        await self._request(
            "POST",
            f"services/{service['ID']}/update",
            params={"version": str(service["Version"]["Index"]), "rollback": "previous"},
            body=service["Spec"],
            timeout=60,
        )

    async def remove_service(self, service_id: str) -> None:
        await self._request("DELETE", f"services/{service_id}")

    async def running_tasks(self, service: str) -> list[dict[str, Any]]:
        """Tasks of a service that Swarm wants running (whatever state they reached)."""
        filters = json.dumps({"service": [service], "desired-state": ["running"]})
        tasks: list[dict[str, Any]] = await self._request(
            "GET", "tasks", params={"filters": filters}
        )
        return tasks

    async def service_tasks(self, service: str) -> list[dict[str, Any]]:
        """Every task Swarm still keeps for a service, old and failed ones included (their
        `Status.Err` says why a task died)."""
        filters = json.dumps({"service": [service]})
        tasks: list[dict[str, Any]] = await self._request(
            "GET", "tasks", params={"filters": filters}
        )
        return tasks

    async def service_logs(
        self, service: str, *, tail: int, since: int | None = None, timeout: float = 30.0
    ) -> list[tuple[str, str]]:
        """The last `tail` log lines of a service's tasks as (stream, line), oldest first."""
        params = _log_params(tail, since)
        with map_errors(self.label, "reading logs", timeout):
            async with asyncio.timeout(timeout):
                async with self._docker._query(f"services/{service}/logs", params=params) as resp:
                    raw = await resp.read()
        return demultiplex(raw)

    async def follow_service_logs(
        self, service: str, *, tail: int, since: int | None = None
    ) -> AsyncIterator[tuple[str, str]]:
        """The last `tail` lines, then new lines as the tasks write them, until closed."""
        params = {**_log_params(tail, since), "follow": "true"}
        with map_errors(self.label, "following logs"):
            async with self._docker._query(
                f"services/{service}/logs", params=params, timeout=_no_timeout()
            ) as resp:
                pending = b""
                async for chunk in resp.content.iter_any():
                    lines, pending = split_frames(pending + chunk)
                    for line in lines:
                        yield line

    # Images -----------------------------------------------------------------------------

    async def inspect_image(self, reference: str) -> dict[str, Any]:
        """A local image by id or tag; DockerError 404 when the engine has no such image."""
        image: dict[str, Any] = await self._request("GET", f"images/{reference}/json")
        return image

    async def list_images(self, *, labels: list[str], dangling: bool) -> list[dict[str, Any]]:
        """Local images carrying every `key=value` label."""
        filters = json.dumps({"label": labels, "dangling": [str(dangling).lower()]})
        images: list[dict[str, Any]] = await self._request(
            "GET", "images/json", params={"filters": filters}
        )
        return images

    async def remove_image(self, reference: str) -> None:
        """Untag (and delete, once untagged) a local image; DockerError 409 while in use."""
        await self._request("DELETE", f"images/{reference}")

    async def pull_image(
        self, reference: str, *, registry_auth: str | None = None, timeout: float = 600
    ) -> None:
        """Pull `reference` (a digest-pinned one, normally) onto this engine. The engine
        answers 200 and reports a failed pull inside its progress stream, so the stream
        decides."""
        name, _, digest = reference.partition("@")
        params = {"fromImage": reference} if digest else {"fromImage": name}
        headers = {"X-Registry-Auth": registry_auth} if registry_auth else None
        with map_errors(self.label, "pull", timeout):
            async with asyncio.timeout(timeout):
                async with self._docker._query(
                    "images/create",
                    method="POST",
                    params=params,
                    headers=headers,
                    timeout=_no_timeout(),
                ) as response:
                    raw = await response.read()
        for line in raw.decode(errors="replace").splitlines():
            if line.strip() and (error := json.loads(line).get("error")):
                raise DockerError(500, f"pull of {reference} failed: {error}")

    async def remove_volume(self, name: str) -> None:
        """DockerError 404 when there is no such volume, 409 while a container uses it."""
        await self._request("DELETE", f"volumes/{name}")

    async def inspect_volume(self, name: str) -> dict[str, Any]:
        volume: dict[str, Any] = await self._request("GET", f"volumes/{name}")
        return volume

    async def registry_digest(
        self, image: str, *, registry_auth: str | None = None, timeout: float = 60
    ) -> str:
        """The manifest digest the image's registry serves for `image` now (the engine asks
        the registry; nothing is pulled)."""
        descriptor = await self._request(
            "GET",
            f"distribution/{urllib.parse.quote(image, safe='/:@')}/json",
            timeout=timeout,
            registry_auth=registry_auth,
        )
        return str(descriptor["Descriptor"]["digest"])

    async def push(self, image: str, reference: str, registry_auth: str, timeout: float) -> str:
        """Tag a local image as `reference` (`host/repo:tag`) and push it; returns the
        manifest digest the registry stored. The engine answers 200 and reports a failed
        push inside its progress stream, so the stream decides."""
        repository, tag = reference.rsplit(":", 1)
        await self._request("POST", f"images/{image}/tag", params={"repo": repository, "tag": tag})
        with map_errors(self.label, "push", timeout):
            async with asyncio.timeout(timeout):
                async with self._docker._query(
                    f"images/{repository}/push",
                    method="POST",
                    params={"tag": tag},
                    headers={"X-Registry-Auth": registry_auth},
                    timeout=_no_timeout(),
                ) as response:
                    raw = await response.read()
        digest = None
        for line in raw.decode(errors="replace").splitlines():
            if not line.strip():
                continue
            event = json.loads(line)
            if event.get("error"):
                raise DockerError(500, f"push of {reference} failed: {event['error']}")
            digest = (event.get("aux") or {}).get("Digest") or digest
        if not digest:
            raise DockerError(500, f"push of {reference} reported no digest")
        return str(digest)

    # Containers -------------------------------------------------------------------------

    async def list_containers(self) -> list[dict[str, Any]]:
        """The running containers (a cheap call: what a connection's latency is timed on)."""
        containers: list[dict[str, Any]] = await self._request("GET", "containers/json")
        return containers

    async def inspect_container(self, name: str) -> dict[str, Any]:
        """DockerError 404 when there is no such container."""
        info: dict[str, Any] = await self._request("GET", f"containers/{name}/json")
        return info

    async def create_container(self, name: str, spec: Mapping[str, Any]) -> str:
        """Create (not start) a container; DockerError 409 when the name is taken."""
        created = await self._request(
            "POST", "containers/create", params={"name": name}, body=dict(spec)
        )
        return str(created["Id"])

    async def remove_container(self, name: str, *, force: bool = False) -> None:
        params = {"force": "true"} if force else None
        await self._request("DELETE", f"containers/{name}", params=params)

    async def get_archive(self, container: str, path: str) -> bytes:
        """A tar of `path` in the container's filesystem; DockerError 404 if absent. (GET,
        not HEAD, even to test a path: a HEAD error has no body, which aiodocker cannot
        parse.)"""
        return await self._raw("GET", f"containers/{container}/archive", params={"path": path})

    async def put_archive(self, container: str, path: str, archive: bytes) -> None:
        """Extract a tar into the directory `path` of the container's filesystem."""
        await self._raw(
            "PUT", f"containers/{container}/archive", params={"path": path}, data=archive
        )


def _log_params(tail: int, since: int | None) -> dict[str, str]:
    params = {"stdout": "true", "stderr": "true", "timestamps": "true", "tail": str(tail)}
    if since is not None:
        params["since"] = str(since)
    return params


def demultiplex(raw: bytes) -> list[tuple[str, str]]:
    """Split Docker's multiplexed stream (8-byte frame headers: stream, 0, 0, 0, size)."""
    return split_frames(raw)[0]


def split_frames(raw: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """The complete frames' lines, and the bytes of an incomplete last frame (a follow
    stream delivers frames in arbitrary chunks)."""
    lines: list[tuple[str, str]] = []
    offset = 0
    while offset + 8 <= len(raw):
        size = int.from_bytes(raw[offset + 4 : offset + 8], "big")
        if offset + 8 + size > len(raw):
            break
        stream = "stderr" if raw[offset] == 2 else "stdout"
        chunk = raw[offset + 8 : offset + 8 + size].decode(errors="replace")
        lines.extend((stream, line) for line in chunk.splitlines())
        offset += 8 + size
    return lines, raw[offset:]
