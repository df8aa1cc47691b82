"""An open-loop HTTP/1.1 load generator: requests are sent at a fixed rate, whatever the
server's pace, and each latency is measured from when its request was *due*.

wrk's paced connections are a closed loop (a slow response delays the next request, so
queueing hides itself) and wrk2 is not packaged for Debian. This client schedules request
`i` at `start + i / rate`, takes an idle keep-alive connection or opens another (up to
`max_connections`), and counts a request that had to wait for a connection as late by
that wait (no coordinated omission). Hand-rolled on asyncio streams rather than httpx, so
the client costs the shared CPU as little as possible (~0.1 ms a request).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

from bench.harness import percentile

_TIMEOUT = 5.0


@dataclass
class LoadResult:
    offered_rate: float
    duration_s: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    connections: int = 0

    @property
    def achieved_rate(self) -> float:
        return len(self.latencies_ms) / self.duration_s

    def p(self, fraction: float) -> float:
        return percentile(self.latencies_ms, fraction) if self.latencies_ms else float("nan")


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def run(
    host: str,
    port: int,
    path: str,
    *,
    rate: float,
    duration: float,
    headers: dict[str, str] | None = None,
    max_connections: int = 64,
) -> LoadResult:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        + "\r\n"
    ).encode()
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    opened = 0
    total = int(rate * duration)
    result = LoadResult(offered_rate=rate, duration_s=duration)
    writers: list[asyncio.StreamWriter] = []

    async def connection() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        nonlocal opened
        with contextlib.suppress(asyncio.QueueEmpty):
            return idle.get_nowait()
        if opened < max_connections:
            opened += 1
            reader, writer = await asyncio.open_connection(host, port)
            writers.append(writer)
            return reader, writer
        return await idle.get()

    async def one(due: float) -> None:
        try:
            async with asyncio.timeout(_TIMEOUT):
                reader, writer = await connection()
                writer.write(request)
                status = await _read_response(reader)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            return
        idle.put_nowait((reader, writer))
        if status != 200:
            result.errors += 1
            return
        result.latencies_ms.append((time.perf_counter() - due) * 1000)

    loop_start = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for i in range(total):
        due = loop_start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    result.duration_s = time.perf_counter() - loop_start
    result.connections = opened
    for writer in writers:
        writer.close()
    return result
