"""Slow clients against the real API server (`python -m api.cli serve`, as `make run`
starts it) on a loopback port (issue #10 item 6).

Plain uvicorn keeps a connection that never completes its request head open forever;
these tests fail against it (the waits for the server to close end in their bound).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.support.live_api import live_api

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.5
SLOW_CLIENTS = 300
# Bounds on waits, not measurements: generous for a loaded two-core machine.
BOUND = 20.0


@pytest.fixture(scope="module")
def api_server(
    worker_env: dict[str, str], migrated: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    env = {
        **worker_env,
        "BERTH_HTTP__HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "BERTH_HTTP__BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        "BERTH_HTTP__KEEP_ALIVE_TIMEOUT_SECONDS": "30",  # the head deadline must act alone
    }
    with live_api(env, tmp_path_factory.mktemp("serving") / "api.log") as base:
        url = httpx.URL(base)
        assert url.port is not None
        yield url.host, url.port


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sent until it closed the connection."""
    received = b""
    while chunk := await reader.read(4096):
        received += chunk
    return received


@contextlib.asynccontextmanager
async def connections(
    host: str, port: int, count: int
) -> AsyncIterator[list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]:
    opened = [await asyncio.open_connection(host, port) for _ in range(count)]
    try:
        yield opened
    finally:
        for _, writer in opened:
            writer.close()
        for _, writer in opened:
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def test_half_open_connections_neither_block_others_nor_stay_open(
    api_server: tuple[str, int],
) -> None:
    host, port = api_server
    async with connections(host, port, SLOW_CLIENTS) as slow:
        # Half of them send nothing, half a head that never ends.
        for i, (_, writer) in enumerate(slow):
            if i % 2:
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: berth\r\nX-Slow: ")
                await writer.drain()
        opened = time.monotonic()

        async with httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=BOUND) as client:
            started = time.monotonic()
            served = await client.get("/healthz")
            took = time.monotonic() - started
        assert served.status_code == 200
        print(f"\nnormal request with {SLOW_CLIENTS} half-open connections: {took * 1000:.0f} ms")

        answers = await asyncio.wait_for(
            asyncio.gather(*(closed_by_server(reader) for reader, _ in slow)), BOUND
        )
        print(f"{SLOW_CLIENTS} half-open connections closed {time.monotonic() - opened:.1f} s in")
        # Closed without an answer: none of them ever asked a whole question.
        assert answers == [b""] * SLOW_CLIENTS


async def test_trickling_a_head_does_not_extend_its_deadline(
    api_server: tuple[str, int],
) -> None:
    host, port = api_server
    head = b"GET /healthz HTTP/1.1\r\nHost: berth\r\n" + b"X-Pad: " + b"a" * 200 + b"\r\n\r\n"
    async with connections(host, port, 1) as [(reader, writer)]:
        sent = 0
        closed = asyncio.ensure_future(closed_by_server(reader))
        started = time.monotonic()
        # One byte every 50 ms would take > 10 s; the server must cut it off long before.
        while not closed.done() and sent < len(head) and time.monotonic() - started < BOUND:
            with contextlib.suppress(ConnectionError):
                writer.write(head[sent : sent + 1])
                await writer.drain()
            sent += 1
            await asyncio.sleep(0.05)
        assert await asyncio.wait_for(closed, BOUND) == b""
        assert sent < len(head), "the whole head went through: no deadline"


async def test_a_stalled_body_is_cut_off_and_a_kept_alive_connection_gets_a_new_deadline(
    api_server: tuple[str, int],
) -> None:
    host, port = api_server
    async with connections(host, port, 2) as [(reader, writer), (idle_reader, idle_writer)]:
        writer.write(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: berth\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        )
        await writer.drain()

        # A complete request on a kept-alive connection is answered; then the wait for
        # the next head has its own deadline (the keep-alive timeout is 30 s here).
        idle_writer.write(b"GET /healthz HTTP/1.1\r\nHost: berth\r\n\r\n")
        await idle_writer.drain()
        first = await asyncio.wait_for(idle_reader.readuntil(b'"checks":{}}'), BOUND)
        assert first.startswith(b"HTTP/1.1 200")
        rest = await asyncio.wait_for(closed_by_server(idle_reader), BOUND)
        assert rest == b""

        # The stalled body: whatever the application answers (it is told the client is
        # gone), the connection is closed.
        await asyncio.wait_for(closed_by_server(reader), BOUND)


async def test_a_normal_client_keeps_being_served(api_server: tuple[str, int]) -> None:
    host, port = api_server
    async with httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=BOUND) as client:
        for _ in range(5):
            assert (await client.get("/healthz")).status_code == 200

    # A head that keeps growing past BERTH_HTTP__MAX_HEADER_BYTES (64 KiB) is refused
    # with 400 instead of being buffered until the deadline.
    async with connections(host, port, 1) as [(reader, writer)]:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: berth\r\nX-Big: " + b"a" * 70_000)
        await writer.drain()
        answer = await asyncio.wait_for(closed_by_server(reader), BOUND)
        assert answer.startswith(b"HTTP/1.1 400")
