"""The Docker Engine API of one server, through aiodocker, with errors mapped at the boundary.

Raw Engine API paths and bodies (`_query_json`) rather than aiodocker's per-endpoint
helpers: service and network specs are built as plain Engine API documents elsewhere
(and validated there), so this adapter just carries them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
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
    ) -> Any:
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            try:
                return await asyncio.wait_for(
                    self._docker._query_json(path, method, params=dict(params or {}), data=body),
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

    # Writes ---------------------------------------------------------------------------

    async def swarm_init(self, advertise_addr: str | None) -> str:
        body: dict[str, Any] = {"ListenAddr": "0.0.0.0:2377"}
        if advertise_addr:
            body["AdvertiseAddr"] = advertise_addr
        node_id: str = await self.request("POST", "swarm/init", body=body, timeout=60)
        return node_id

    async def create(self, kind: str, spec: Mapping[str, Any]) -> str:
        """Create a network, config or service from its Engine API spec; returns its id."""
        result = await self.request("POST", f"{kind}/create", body=dict(spec), timeout=60)
        return str(result.get("ID") or result.get("Id"))

    async def update_service(self, service_id: str, version: int, spec: Mapping[str, Any]) -> None:
        await self.request(
            "POST",
            f"services/{service_id}/update",
            params={"version": str(version)},
            body=dict(spec),
            timeout=60,
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
    lines: list[tuple[str, str]] = []
    offset = 0
    while offset + 8 <= len(raw):
        stream = "stderr" if raw[offset] == 2 else "stdout"
        size = int.from_bytes(raw[offset + 4 : offset + 8], "big")
        chunk = raw[offset + 8 : offset + 8 + size].decode(errors="replace")
        lines.extend((stream, line) for line in chunk.splitlines())
        offset += 8 + size
    return lines
