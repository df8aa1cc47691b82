"""The Docker Engine API of one server, through aiodocker, with errors mapped at the boundary.

Raw Engine API paths and bodies (`_query_json`) rather than aiodocker's per-endpoint
helpers: service and network specs are built as plain Engine API documents elsewhere
(and validated there), so this adapter just carries them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import aiodocker
import aiohttp

from api.infra.errors import DockerError, ServerUnreachable

DEFAULT_TIMEOUT = 30.0
# Connection-level failures of a pooled keep-alive connection (dockerd restarted, the SSH
# channel behind it closed): safe to retry once on a fresh connection for reads.
_RETRYABLE = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)
# aiodocker turns a connection failure while sending (socket gone, channel refused) into a
# DockerError with this made-up status: it is the connection, not the Engine, that failed.
_AIODOCKER_CANNOT_CONNECT = 900


class DockerClient:
    def __init__(self, socket_path: Path, *, label: str) -> None:
        self.label = label
        self._docker = aiodocker.Docker(url=f"unix://{socket_path}")

    async def close(self) -> None:
        await self._docker.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: float = DEFAULT_TIMEOUT,
        registry_auth: str | None = None,
    ) -> Any:
        # X-Registry-Auth: the credentials the engine (and, for services, every Swarm node
        # that pulls) uses for the image's registry; anonymous without it.
        headers = {"X-Registry-Auth": registry_auth} if registry_auth else None
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            try:
                return await asyncio.wait_for(
                    self._docker._query_json(
                        path, method, params=dict(params or {}), data=body, headers=headers
                    ),
                    timeout,
                )
            except aiodocker.exceptions.DockerError as exc:
                if exc.status != _AIODOCKER_CANNOT_CONNECT:
                    raise DockerError(exc.status, str(exc.message)) from exc
                if attempt + 1 < attempts:
                    continue
                raise ServerUnreachable(
                    f"{self.label}: Docker API unreachable: {exc.message}"
                ) from exc
            except _RETRYABLE as exc:
                if attempt + 1 < attempts:
                    continue
                raise ServerUnreachable(f"{self.label}: Docker connection lost: {exc}") from exc
            except (aiohttp.ClientError, OSError) as exc:
                raise ServerUnreachable(f"{self.label}: Docker API unreachable: {exc}") from exc
            except TimeoutError as exc:
                raise ServerUnreachable(
                    f"{self.label}: Docker API did not answer {method} {path} within {timeout:.0f}s"
                ) from exc
        raise AssertionError("unreachable")

    # Reads ----------------------------------------------------------------------------

    async def version(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.request("GET", "version")
        return result

    async def info(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.request("GET", "info")
        return result

    async def swarm(self) -> dict[str, Any] | None:
        """The swarm this node manages, or None when it is not a swarm manager."""
        try:
            result: dict[str, Any] = await self.request("GET", "swarm")
        except DockerError as exc:
            if exc.status in (406, 503):  # "This node is not a swarm manager"
                return None
            raise
        return result

    async def find_one(self, kind: str, name: str) -> dict[str, Any] | None:
        """An object (`networks`, `services`, `configs`) by exact name, or None."""
        filters = json.dumps({"name": [name]})
        items: list[dict[str, Any]] = await self.request("GET", kind, params={"filters": filters})
        for item in items:
            item_name = item.get("Name") or item.get("Spec", {}).get("Name")
            if item_name == name:
                return item
        return None

    async def running_tasks(self, service: str) -> list[dict[str, Any]]:
        """Tasks of a service that Swarm wants running (whatever state they reached)."""
        filters = json.dumps({"service": [service], "desired-state": ["running"]})
        tasks: list[dict[str, Any]] = await self.request(
            "GET", "tasks", params={"filters": filters}
        )
        return tasks

    async def service_logs(
        self, service: str, *, tail: int, since: int | None = None, timeout: float = 30.0
    ) -> list[tuple[str, str]]:
        """The last `tail` log lines of a service's tasks as (stream, line), oldest first."""
        params: dict[str, Any] = {
            "stdout": "true",
            "stderr": "true",
            "timestamps": "true",
            "tail": str(tail),
        }
        if since is not None:
            params["since"] = str(since)
        try:
            async with asyncio.timeout(timeout):
                async with self._docker._query(f"services/{service}/logs", params=params) as resp:
                    raw = await resp.read()
        except aiodocker.exceptions.DockerError as exc:
            raise DockerError(exc.status, str(exc.message)) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise ServerUnreachable(f"{self.label}: reading logs failed: {exc}") from exc
        return demultiplex(raw)

    async def follow_service_logs(
        self, service: str, *, tail: int, since: int | None = None
    ) -> AsyncIterator[tuple[str, str]]:
        """The last `tail` lines, then new lines as the tasks write them, until closed."""
        params: dict[str, Any] = {
            "stdout": "true",
            "stderr": "true",
            "timestamps": "true",
            "follow": "true",
            "tail": str(tail),
        }
        if since is not None:
            params["since"] = str(since)
        no_timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
        try:
            async with self._docker._query(
                f"services/{service}/logs", params=params, timeout=no_timeout
            ) as resp:
                pending = b""
                async for chunk in resp.content.iter_any():
                    lines, pending = split_frames(pending + chunk)
                    for line in lines:
                        yield line
        except aiodocker.exceptions.DockerError as exc:
            raise DockerError(exc.status, str(exc.message)) from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise ServerUnreachable(f"{self.label}: log stream lost: {exc}") from exc

    # Writes ---------------------------------------------------------------------------

    async def push(self, image: str, reference: str, registry_auth: str, timeout: float) -> str:
        """Tag a local image as `reference` (`host/repo:tag`) and push it; returns the
        manifest digest the registry stored. The engine answers 200 and reports a failed
        push inside its progress stream, so the stream decides."""
        repository, tag = reference.rsplit(":", 1)
        await self.request("POST", f"images/{image}/tag", params={"repo": repository, "tag": tag})
        try:
            async with asyncio.timeout(timeout):
                async with self._docker._query(
                    f"images/{repository}/push",
                    method="POST",
                    params={"tag": tag},
                    headers={"X-Registry-Auth": registry_auth},
                    timeout=aiohttp.ClientTimeout(total=None, sock_read=None),
                ) as response:
                    raw = await response.read()
        except aiodocker.exceptions.DockerError as exc:
            raise DockerError(exc.status, str(exc.message)) from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise ServerUnreachable(f"{self.label}: push interrupted: {exc}") from exc
        except TimeoutError as exc:
            raise ServerUnreachable(f"{self.label}: push took over {timeout:.0f}s") from exc
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

    async def swarm_init(self, advertise_addr: str | None) -> str:
        body: dict[str, Any] = {"ListenAddr": "0.0.0.0:2377"}
        if advertise_addr:
            body["AdvertiseAddr"] = advertise_addr
        node_id: str = await self.request("POST", "swarm/init", body=body, timeout=60)
        return node_id

    async def create(
        self, kind: str, spec: Mapping[str, Any], *, registry_auth: str | None = None
    ) -> str:
        """Create a network, config or service from its Engine API spec; returns its id."""
        result = await self.request(
            "POST", f"{kind}/create", body=dict(spec), timeout=60, registry_auth=registry_auth
        )
        return str(result.get("ID") or result.get("Id"))

    async def update_service(
        self,
        service_id: str,
        version: int,
        spec: Mapping[str, Any],
        *,
        registry_auth: str | None = None,
    ) -> None:
        await self.request(
            "POST",
            f"services/{service_id}/update",
            params={"version": str(version)},
            body=dict(spec),
            timeout=60,
            registry_auth=registry_auth,
        )

    # Files (archives) -------------------------------------------------------------------

    async def raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> tuple[int, Mapping[str, str], bytes]:
        """A non-JSON call (tar archives): (status, headers, body); 4xx/5xx raise DockerError."""
        headers = {"Content-Type": "application/x-tar"} if data is not None else None
        try:
            async with asyncio.timeout(timeout):
                async with self._docker._query(
                    path, method, params=dict(params or {}), data=data, headers=headers
                ) as resp:
                    return resp.status, dict(resp.headers), await resp.read()
        except aiodocker.exceptions.DockerError as exc:
            raise DockerError(exc.status, str(exc.message)) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise ServerUnreachable(f"{self.label}: {method} {path} failed: {exc}") from exc


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
