"""`DockerClient`'s error mapping: every aiodocker, aiohttp and timeout failure leaves
`api.infra` as a `DockerError` (the Engine answered) or `ServerUnreachable` (it could not
be asked), and only a read that lost its connection before an answer is tried again.

The mapping itself is checked with the libraries' own exceptions; the client is checked
over a real HTTP connection on a unix socket, to an Engine stand-in that can refuse, hang
up and stall on purpose (a real dockerd cannot be made to do that on cue; the test bed's
dockerd restarts are covered in test_connections.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiodocker
import aiohttp
import pytest
from aiohttp import web

from api.infra.docker import DockerClient, map_errors
from api.infra.errors import DockerError, ServerUnreachable

# ------------------------------------------------------------------- the mapping alone


def test_an_engine_answer_is_a_docker_error_with_its_status_and_message() -> None:
    with pytest.raises(DockerError) as info, map_errors("tb1", "GET images"):
        raise aiodocker.exceptions.DockerError(404, "No such image: web:v1")
    assert (info.value.status, info.value.message) == (404, "No such image: web:v1")
    assert isinstance(info.value.__cause__, aiodocker.exceptions.DockerError)


def test_aiodockers_cannot_connect_status_is_the_server_not_the_engine() -> None:
    unreachable = pytest.raises(ServerUnreachable, match="tb1: Docker API unreachable: Cannot")
    with unreachable, map_errors("tb1", "GET info"):
        raise aiodocker.exceptions.DockerError(900, "Cannot connect")


def test_a_timeout_says_what_did_not_answer_and_for_how_long() -> None:
    # TimeoutError is an OSError: it must not end up as a bare "unreachable: ".
    unreachable = pytest.raises(
        ServerUnreachable, match=r"tb1: .* did not answer GET tasks within 5s"
    )
    with unreachable, map_errors("tb1", "GET tasks", 5):
        raise TimeoutError


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (aiohttp.ServerDisconnectedError(), r"tb1: Docker connection lost \(push\)"),
        (aiohttp.ClientOSError(104, "reset"), r"tb1: Docker connection lost \(push\)"),
        (aiohttp.ClientPayloadError("cut short"), r"tb1: .* \(push\): cut short"),
        (ConnectionRefusedError(111, "refused"), r"tb1: .* \(push\): .*refused"),
    ],
)
def test_connection_failures_are_unreachable(raised: Exception, message: str) -> None:
    with pytest.raises(ServerUnreachable, match=message) as info, map_errors("tb1", "push"):
        raise raised
    assert info.value.__cause__ is raised


def test_other_errors_pass_through_unchanged() -> None:
    # A bug in our own code (a bad spec, a KeyError) must not pose as an unreachable server.
    with pytest.raises(KeyError), map_errors("tb1", "GET info"):
        raise KeyError("ID")


# -------------------------------------------------------- the client over a real socket


class FakeEngine:
    """An HTTP server on a unix socket answering like dockerd where a test needs it."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.hang_up_first: set[str] = set()

    def count(self, request: web.Request) -> int:
        key = f"{request.method} {request.path}"
        self.calls[key] = self.calls.get(key, 0) + 1
        return self.calls[key]

    async def version(self, request: web.Request) -> web.Response:
        return web.json_response({"ApiVersion": "1.41", "Version": "20.10.0"})

    async def missing_image(self, request: web.Request) -> web.Response:
        self.count(request)
        # dockerd's exact content type: aiodocker reads `message` only from that one.
        return web.Response(
            body=b'{"message": "No such image: web:v1"}',
            status=404,
            headers={"Content-Type": "application/json"},
        )

    async def flaky(self, request: web.Request) -> web.Response:
        # The first call closes the connection before any answer (a pooled keep-alive
        # connection dockerd dropped); the next one answers.
        if self.count(request) == 1:
            assert request.transport is not None
            request.transport.close()
            await asyncio.sleep(1)
        return web.json_response({"ID": "n1", "Name": "tb1"})

    async def stall(self, request: web.Request) -> web.Response:
        self.count(request)
        await asyncio.sleep(30)
        return web.json_response({})


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[tuple[FakeEngine, Path]]:
    fake = FakeEngine()
    app = web.Application()
    app.router.add_get("/version", fake.version)
    app.router.add_get("/v1.41/images/{name}/json", fake.missing_image)
    app.router.add_get("/v1.41/info", fake.flaky)
    app.router.add_post("/v1.41/networks/create", fake.flaky)
    app.router.add_get("/v1.41/tasks", fake.stall)
    app.router.add_get("/v1.41/events", fake.stall)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    socket = tmp_path / "docker.sock"
    await web.UnixSite(runner, str(socket)).start()
    try:
        yield fake, socket
    finally:
        await runner.cleanup()


@pytest.fixture
async def client(engine: tuple[FakeEngine, Path]) -> AsyncIterator[DockerClient]:
    docker = DockerClient(engine[1], label="tb1")
    try:
        yield docker
    finally:
        await docker.close()


async def test_an_engine_error_reaches_the_caller_as_docker_error(
    engine: tuple[FakeEngine, Path], client: DockerClient
) -> None:
    with pytest.raises(DockerError) as info:
        await client.inspect_image("web:v1")
    assert (info.value.status, info.value.message) == (404, "No such image: web:v1")
    assert engine[0].calls == {"GET /v1.41/images/web:v1/json": 1}  # an answer: no retry


async def test_a_read_that_lost_its_connection_is_tried_once_more(
    engine: tuple[FakeEngine, Path], client: DockerClient
) -> None:
    assert await client.info() == {"ID": "n1", "Name": "tb1"}
    assert engine[0].calls == {"GET /v1.41/info": 2}


async def test_a_write_that_lost_its_connection_is_not_repeated(
    engine: tuple[FakeEngine, Path], client: DockerClient
) -> None:
    # The engine may have acted on it: creating twice is not ours to decide.
    with pytest.raises(ServerUnreachable, match="tb1: Docker API unreachable"):
        await client.create_network({"Name": "berth-public"})
    assert engine[0].calls == {"POST /v1.41/networks/create": 1}


async def test_a_stalled_call_is_cut_at_its_timeout(
    engine: tuple[FakeEngine, Path], client: DockerClient
) -> None:
    with pytest.raises(ServerUnreachable, match=r"did not answer GET tasks within 0s"):
        await client._request("GET", "tasks", timeout=0.3)
    with pytest.raises(ServerUnreachable, match=r"did not answer GET events within 0s"):
        await client.events(since=0, until=1, timeout=0.3)
    assert engine[0].calls == {"GET /v1.41/tasks": 1, "GET /v1.41/events": 1}


async def test_no_engine_behind_the_socket_is_unreachable(tmp_path: Path) -> None:
    docker = DockerClient(tmp_path / "absent.sock", label="tb1")
    try:
        with pytest.raises(ServerUnreachable, match="tb1: Docker API unreachable"):
            await docker.info()
    finally:
        await docker.close()
