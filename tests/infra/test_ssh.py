"""`api.infra.ssh` against real test hosts: host-key scan and pinning, authentication, the
forwarded Docker socket and remote commands."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from api.infra.docker import DockerClient
from api.infra.errors import (
    AuthenticationFailed,
    HostKeyMismatch,
    HostKeyUnknown,
    RemoteCommandFailed,
    ServerUnreachable,
)
from api.infra.ssh import SSHLink, SSHTarget, scan_host_key
from tests.support.testbed_session import unused_address
from tests.testbed import Host, Testbed


def target_for(host: Host, **overrides: Any) -> SSHTarget:
    target = SSHTarget(
        host=host.ip,
        port=host.ssh_port,
        username=host.deploy_user,
        private_key=host.client_key.read_text(),
        host_key=host.host_public_key,
    )
    return dataclasses.replace(target, **overrides)


@pytest.fixture
async def link(testbed: Testbed, tmp_path: Path) -> AsyncIterator[SSHLink]:
    opened = await SSHLink.open(target_for(testbed.host(1)), tmp_path / "docker.sock")
    try:
        yield opened
    finally:
        await opened.close()


async def test_scan_returns_the_key_the_host_serves(testbed: Testbed) -> None:
    host = testbed.host(1)
    scanned = await scan_host_key(host.ip, host.ssh_port)
    assert scanned.public_key.split()[:2] == host.host_public_key.split()[:2]
    assert scanned.fingerprint == host.fingerprint


async def test_scan_of_a_closed_port_is_unreachable_at_once(testbed: Testbed) -> None:
    started = time.monotonic()
    with pytest.raises(ServerUnreachable, match="2222"):
        await scan_host_key(testbed.host(1).ip, 2222)
    assert time.monotonic() - started < 2


async def test_scan_of_a_silent_address_gives_up_within_its_timeout(testbed: Testbed) -> None:
    started = time.monotonic()
    with pytest.raises(ServerUnreachable):
        await scan_host_key(unused_address(testbed), 22, timeout=2)
    assert time.monotonic() - started < 5


async def test_open_without_a_trusted_key_refuses_before_connecting(
    testbed: Testbed, tmp_path: Path
) -> None:
    with pytest.raises(HostKeyUnknown):
        await SSHLink.open(target_for(testbed.host(1), host_key=None), tmp_path / "d.sock")


async def test_open_with_another_hosts_key_names_both_fingerprints(
    testbed: Testbed, tmp_path: Path
) -> None:
    host, other = testbed.host(1), testbed.host(2)
    target = target_for(host, host_key=other.host_public_key)
    with pytest.raises(HostKeyMismatch) as raised:
        await SSHLink.open(target, tmp_path / "d.sock")
    assert raised.value.expected == other.fingerprint
    assert raised.value.actual == host.fingerprint
    assert other.fingerprint in str(raised.value)
    assert host.fingerprint in str(raised.value)
    assert not (tmp_path / "d.sock").exists()


async def test_open_with_a_key_not_in_authorized_keys_is_authentication_failed(
    testbed: Testbed, tmp_path: Path
) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519").export_private_key("openssh")
    target = target_for(testbed.host(1), private_key=stranger.decode())
    with pytest.raises(AuthenticationFailed, match="authorized_keys"):
        await SSHLink.open(target, tmp_path / "d.sock")


async def test_open_as_an_unknown_user_is_authentication_failed(
    testbed: Testbed, tmp_path: Path
) -> None:
    with pytest.raises(AuthenticationFailed):
        await SSHLink.open(target_for(testbed.host(1), username="nobody2"), tmp_path / "d.sock")


async def test_docker_api_through_the_forwarded_socket(link: SSHLink, testbed: Testbed) -> None:
    host = testbed.host(1)
    docker = DockerClient(link.docker_socket, label="tb1")
    try:
        info = await docker.info()
        swarm = await docker.swarm()
    finally:
        await docker.close()
    assert info["Name"] == host.name
    assert swarm is not None
    assert swarm["ID"]


async def test_run_returns_output_and_maps_failures(link: SSHLink) -> None:
    whoami = await link.run(["id", "-un"])
    assert (whoami.exit_status, whoami.stdout) == (0, "deploy\n")
    with pytest.raises(RemoteCommandFailed) as raised:
        await link.run(["ls", "/does-not-exist"])
    assert raised.value.exit_status == 2
    assert "does-not-exist" in raised.value.stderr
    unchecked = await link.run(["sh", "-c", "exit 3"], check=False)
    assert unchecked.exit_status == 3


async def test_run_that_overruns_its_timeout_is_unreachable_not_a_hang(link: SSHLink) -> None:
    started = time.monotonic()
    with pytest.raises(ServerUnreachable, match="did not finish"):
        await link.run(["sleep", "30"], timeout=0.5)
    assert time.monotonic() - started < 3
    assert (await link.run(["true"])).exit_status == 0  # the connection is still usable


async def test_close_removes_the_socket_and_closes_the_connection(
    testbed: Testbed, tmp_path: Path
) -> None:
    socket_path = tmp_path / "docker.sock"
    socket_path.write_text("stale file from a crashed process")
    opened = await SSHLink.open(target_for(testbed.host(1)), socket_path)
    assert socket_path.is_socket()
    await opened.close()
    assert opened.is_closed
    assert not socket_path.exists()
