"""`ConnectionManager` against real test hosts: one persistent connection per server,
transparent recovery from a dockerd restart, clean failure and reconnect when SSH drops,
backoff, the concurrency bound and shutdown.

dockerd restarts and dropped connections are injected on host 2; host 1 stays calm.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from api.infra.connections import ConnectionManager, LocalTarget, ServerConnection, Target
from api.infra.errors import ServerUnreachable
from api.infra.ssh import SSHTarget
from tests.support.testbed_session import unused_address
from tests.testbed import Host, Testbed


@pytest.fixture
async def manager() -> AsyncIterator[ConnectionManager]:
    connections = ConnectionManager()
    try:
        yield connections
    finally:
        await connections.close()


def ssh_target(host: Host, *, user: str | None = None, address: str | None = None) -> SSHTarget:
    return SSHTarget(
        host=address or host.ip,
        port=host.ssh_port,
        username=user or host.deploy_user,
        private_key=host.client_key.read_text(),
        host_key=host.host_public_key,
    )


def our_ssh_connections(host: Host) -> int:
    """Established TCP connections from this process to the host's sshd."""
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", "dst", f"{host.ip}:{host.ssh_port}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout
    return sum(f"pid={os.getpid()}," in line for line in out.splitlines())


async def wait_for(condition: str, check: object, timeout: float = 10.0) -> None:
    assert callable(check)
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not {condition} after {timeout}s")
        await asyncio.sleep(0.05)


async def use(manager: ConnectionManager, server_id: uuid.UUID, target: Target) -> str:
    """One operation: a Docker API call and a command, as a caller would do them."""
    async with manager.connect(server_id, target) as connection:
        version = await connection.docker.version()
        await connection.run(["true"])
        return str(version["ApiVersion"])


async def test_one_persistent_connection_serves_every_call(
    manager: ConnectionManager, testbed: Testbed
) -> None:
    host = testbed.host(1)
    server_id, target = uuid.uuid4(), ssh_target(host)
    before = our_ssh_connections(host)
    seen: list[ServerConnection] = []
    for _ in range(10):
        async with manager.connect(server_id, target) as connection:
            seen.append(connection)
            await connection.docker.info()
            await connection.run(["true"])
    await asyncio.gather(*(use(manager, server_id, target) for _ in range(30)))
    assert all(c is seen[0] for c in seen)
    assert our_ssh_connections(host) - before == 1


@pytest.mark.parametrize("kind", ["local", "ssh"])
async def test_local_and_ssh_servers_share_one_interface(
    manager: ConnectionManager, testbed: Testbed, kind: str
) -> None:
    host = testbed.host(1)
    # "Local" here is the test host's daemon reached through its socket file: the same
    # code path as the control plane's own /var/run/docker.sock.
    target: Target = LocalTarget(host.docker_socket) if kind == "local" else ssh_target(host)
    async with manager.connect(uuid.uuid4(), target) as connection:
        info = await connection.docker.info()
        echoed = await connection.run(["echo", "$(id)"])
    assert info["Name"] == host.name
    assert echoed.stdout == "$(id)\n"


async def test_dockerd_restart_is_transparent(manager: ConnectionManager, testbed: Testbed) -> None:
    host = testbed.host(2)
    server_id, target = uuid.uuid4(), ssh_target(host)
    async with manager.connect(server_id, target) as connection:
        before = await connection.docker.info()
        first = connection
    await asyncio.to_thread(testbed.restart_dockerd, host)
    async with manager.connect(server_id, target) as connection:
        assert connection is first  # the SSH connection survived; only dockerd went away
        after = await connection.docker.info()
    assert after["Swarm"]["NodeID"] == before["Swarm"]["NodeID"]
    assert after["ID"] == before["ID"]


async def test_dropped_ssh_connection_fails_in_flight_calls_then_reconnects(
    manager: ConnectionManager, testbed: Testbed
) -> None:
    host = testbed.host(2)
    server_id, target = uuid.uuid4(), ssh_target(host)
    now = int(time.time())
    async with manager.connect(server_id, target) as connection:
        first = connection
        # Both block for 30 s unless the connection under them dies.
        command = asyncio.create_task(connection.run(["sleep", "30"], timeout=60))
        events = asyncio.create_task(
            connection.docker.events(since=now, until=now + 30, timeout=60)
        )
        await asyncio.sleep(0.3)  # let both reach the server
        assert not command.done()
        assert not events.done()
        started = time.monotonic()
        assert await asyncio.to_thread(testbed.kill_ssh_connections, host) > 0
        results = await asyncio.wait_for(
            asyncio.gather(command, events, return_exceptions=True), 10
        )
        assert time.monotonic() - started < 10
        assert [type(r) for r in results] == [ServerUnreachable, ServerUnreachable], results
        await wait_for("closed", lambda: first.is_closed)
        with pytest.raises(ServerUnreachable):
            await connection.docker.info()  # the next call on the dead connection: clean too

    manager.reset_backoff(server_id)
    async with manager.connect(server_id, target) as connection:
        assert connection is not first
        assert (await connection.run(["echo", "back"])).stdout == "back\n"
        await connection.docker.info()


async def test_unreachable_target_fails_fast_while_backing_off(
    manager: ConnectionManager, testbed: Testbed
) -> None:
    server_id = uuid.uuid4()
    target = ssh_target(testbed.host(1), address=unused_address(testbed))
    started = time.monotonic()
    with pytest.raises(ServerUnreachable):
        await use(manager, server_id, target)
    first_attempt = time.monotonic() - started
    assert first_attempt < 20  # a bounded connect timeout, never a hang

    started = time.monotonic()
    for _ in range(20):
        with pytest.raises(ServerUnreachable, match="retrying in") as raised:
            await use(manager, server_id, target)
    assert time.monotonic() - started < 0.5  # no connection attempt while backing off
    assert raised.value.__cause__ is not None  # callers still see the original failure

    # A closed port is refused at once: the backoff doubles with each failed attempt.
    refused = dataclasses.replace(ssh_target(testbed.host(1)), port=2222)
    delays: list[float] = []
    for _ in range(3):
        manager.reset_backoff(server_id)
        with pytest.raises(ServerUnreachable, match="2222"):
            await use(manager, server_id, refused)
        with pytest.raises(ServerUnreachable, match=r"retrying in (\d+\.\d)s") as raised:
            await use(manager, server_id, refused)
        delays.append(float(str(raised.value).split("retrying in ")[1].split("s")[0]))
    assert delays[0] < delays[1] < delays[2]


async def test_concurrent_operations_per_server_are_bounded(testbed: Testbed) -> None:
    manager = ConnectionManager(max_operations_per_server=3)
    host = testbed.host(1)
    server_id, target = uuid.uuid4(), ssh_target(host)
    running, peak = 0, 0
    used: set[int] = set()

    async def operation() -> None:
        nonlocal running, peak
        async with manager.connect(server_id, target) as connection:
            running += 1
            peak = max(peak, running)
            used.add(id(connection))
            await connection.docker.list_containers()
            await asyncio.sleep(0.05)
            running -= 1

    try:
        await asyncio.wait_for(asyncio.gather(*(operation() for _ in range(12))), 30)
    finally:
        await manager.close()
    assert peak == 3
    assert len(used) == 1


async def test_close_closes_every_connection_and_the_socket_directory(
    testbed: Testbed,
) -> None:
    manager = ConnectionManager()
    runtime_dir = manager._runtime_dir
    assert runtime_dir.stat().st_mode & 0o777 == 0o700  # forwarded sockets are root-equivalent
    host1, host2 = testbed.host(1), testbed.host(2)
    baseline = our_ssh_connections(host1) + our_ssh_connections(host2)
    opened: list[ServerConnection] = []
    for target in (ssh_target(host1), ssh_target(host1, user="root"), ssh_target(host2)):
        async with manager.connect(uuid.uuid4(), target) as connection:
            await connection.docker.version()
            opened.append(connection)
    assert len(list(runtime_dir.iterdir())) == 3
    assert our_ssh_connections(host1) + our_ssh_connections(host2) == baseline + 3

    await asyncio.wait_for(manager.close(), 15)
    assert all(c.is_closed for c in opened)
    assert not runtime_dir.exists()
    await wait_for(
        "disconnected",
        lambda: our_ssh_connections(host1) + our_ssh_connections(host2) == baseline,
    )


async def test_a_changed_target_replaces_the_connection(
    manager: ConnectionManager, testbed: Testbed
) -> None:
    host = testbed.host(1)
    server_id = uuid.uuid4()
    async with manager.connect(server_id, ssh_target(host)) as connection:
        first = connection
        assert (await connection.run(["id", "-un"])).stdout == "deploy\n"
    async with manager.connect(server_id, ssh_target(host, user="root")) as connection:
        assert connection is not first
        assert (await connection.run(["id", "-un"])).stdout == "root\n"
    assert first.is_closed
