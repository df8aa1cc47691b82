"""``python -m tests.testbed smoke``: prove each piece the SSH issue relies on works.

Uses what the product will use: OpenSSH for plain commands, and asyncssh with ``known_hosts``
pinned to one host key, forwarding the remote ``/var/run/docker.sock``.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import asyncssh

from .hosts import Host
from .proc import TestbedError
from .testbed import Testbed

PING = b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"


class Checks:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.passed = 0

    @contextlib.contextmanager
    def check(self, what: str) -> Iterator[None]:
        yield
        self.passed += 1
        print(f"[{time.monotonic() - self.started:6.2f}s] OK  {what}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise TestbedError(f"smoke check failed: {message}")


async def connect(
    host: Host, *, user: str = "root", known_hosts_line: str | None = None
) -> asyncssh.SSHClientConnection:
    """asyncssh pinned to exactly one host key; no ssh config, agent or ~/.ssh involved."""
    return await asyncssh.connect(
        host.ip,
        port=host.ssh_port,
        username=user,
        client_keys=[str(host.client_key)],
        known_hosts=asyncssh.import_known_hosts(known_hosts_line or host.known_hosts_line),
        config=None,
        agent_path=None,
        connect_timeout=10,
    )


async def http_ping(
    reader: asyncio.StreamReader | asyncssh.SSHReader[bytes],
    writer: asyncio.StreamWriter | asyncssh.SSHWriter[bytes],
) -> bytes:
    writer.write(PING)
    response = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    return response


def run_smoke(tb: Testbed, *, helpers: bool = True) -> int:
    """Run every check; raise on the first failure. Returns how many passed."""
    checks = Checks()
    last = tb.hosts[-1]
    swarm_state = "active" if tb.swarm else "inactive"

    for host in tb.hosts:
        with checks.check(f"ssh root@{host.ip} docker info -> {host.name}, swarm {swarm_state}"):
            out = host.ssh(["docker", "info", "--format", "{{.Name}} {{.Swarm.LocalNodeState}}"])
            expect(out.stdout.split() == [host.name, swarm_state], f"got {out.stdout!r}")
        with checks.check(f"ssh {host.deploy_user}@{host.ip}: non-root, docker info works"):
            uid = host.ssh(["id", "-u"], user=host.deploy_user).stdout.strip()
            expect(uid not in ("", "0"), f"deploy uid {uid!r}")
            name = host.ssh(["docker", "info", "--format", "{{.Name}}"], user=host.deploy_user)
            expect(name.stdout.strip() == host.name, f"got {name.stdout!r}")

    if tb.app_images:
        image = tb.app_images["v1"]
        with checks.check(f"{last.name} pulls {image} from the registry and runs it"):
            # drop a copy left by an earlier smoke run, so this really goes to the registry
            last.ssh(["docker", "image", "rm", "-f", image], user=last.deploy_user, check=False)
            last.ssh(["docker", "pull", "-q", image], user=last.deploy_user, timeout=120)
            out = last.ssh(
                ["docker", "run", "--rm", image, "cat", "/www/index.html"], user=last.deploy_user
            )
            expect(out.stdout.strip() == "hello v1", f"got {out.stdout!r}")
    if "v1" in tb.private_images:
        image = tb.private_images["v1"]
        with checks.check(f"{last.name} trusts the private registry's CA but needs a login"):
            last.ssh(["docker", "image", "rm", "-f", image], check=False)
            out = last.ssh(["docker", "pull", "-q", image], check=False, timeout=120)
            expect(out.returncode != 0, "an anonymous pull of a private image succeeded")
            expect("certificate" not in out.stderr, f"TLS not trusted: {out.stderr.strip()}")
    if tb.traefik_image:
        with checks.check(f"{last.name} runs {tb.traefik_image} version"):
            out = last.ssh(["docker", "run", "--rm", tb.traefik_image, "version"], timeout=180)
            expect(tb.traefik_image.rsplit(":v", 1)[1] in out.stdout, f"got {out.stdout!r}")

    asyncio.run(_async_checks(tb, checks, helpers=helpers))
    print(f"smoke: {checks.passed} passed, 0 failed in {time.monotonic() - checks.started:.1f}s")
    return checks.passed


async def _async_checks(tb: Testbed, checks: Checks, *, helpers: bool) -> None:
    first, last = tb.hosts[0], tb.hosts[-1]

    with checks.check(f"asyncssh root@{first.ip} (pinned key): unix socket to docker.sock -> OK"):
        async with await connect(first) as conn:
            reader, writer = await conn.open_unix_connection("/var/run/docker.sock")
            response = await http_ping(reader, writer)
            expect(
                response.startswith(b"HTTP/1.") and response.endswith(b"OK"), repr(response[-80:])
            )

    with checks.check(
        f"asyncssh {first.deploy_user}@{first.ip}: forward_local_path docker.sock -> OK"
    ):
        async with await connect(first, user=first.deploy_user) as conn:
            with tempfile.TemporaryDirectory(prefix="berth-smoke-") as tmp:
                local = str(Path(tmp) / "docker.sock")
                listener = await conn.forward_local_path(local, "/var/run/docker.sock")
                try:
                    response = await http_ping(*await asyncio.open_unix_connection(local))
                finally:
                    listener.close()
                    await listener.wait_closed()
            expect(response.endswith(b"OK"), repr(response[-80:]))

    if len(tb.hosts) > 1:
        with checks.check(f"asyncssh refuses {first.ip} when pinned to {last.name}'s key"):
            wrong = f"{first.ip} {last.host_public_key}"
            await _expect_refused(
                connect(first, known_hosts_line=wrong), asyncssh.HostKeyNotVerifiable
            )

    if not helpers:
        return

    with checks.check(f"kill_ssh_connections({first.name}) drops a live connection"):
        conn = await connect(first)
        await conn.run("true", check=True)
        killed = await asyncio.to_thread(tb.kill_ssh_connections, first)
        expect(killed > 0, "no ssh session process was found to kill")
        await asyncio.wait_for(conn.wait_closed(), timeout=10)
        with contextlib.suppress(asyncssh.Error, OSError):
            await conn.run("true", check=True)
            raise TestbedError("connection still usable after kill_ssh_connections")

    with checks.check(f"stop_sshd({first.name}) refuses connections; start_sshd restores"):
        await asyncio.to_thread(tb.stop_sshd, first)
        await _expect_refused(connect(first), OSError)
        await asyncio.to_thread(tb.start_sshd, first)
        async with await connect(first) as conn:
            await conn.run("true", check=True)

    with checks.check(f"regenerate_host_key({first.name}): old key refused, new accepted"):
        old_line = first.known_hosts_line
        new_line = await asyncio.to_thread(tb.regenerate_host_key, first)
        expect(new_line != old_line, "host key did not change")
        await _expect_refused(
            connect(first, known_hosts_line=old_line), asyncssh.HostKeyNotVerifiable
        )
        async with await connect(first, known_hosts_line=new_line) as conn:
            await conn.run("true", check=True)
        first.ssh(["true"])  # the test bed's known_hosts file followed

    with checks.check(f"restart_dockerd({last.name}): API and swarm back"):
        await asyncio.to_thread(tb.restart_dockerd, last)
        async with await connect(last, user=last.deploy_user) as conn:
            response = await http_ping(*await conn.open_unix_connection("/var/run/docker.sock"))
            expect(response.endswith(b"OK"), repr(response[-80:]))


async def _expect_refused(
    attempt: Coroutine[Any, Any, asyncssh.SSHClientConnection], error: type[BaseException]
) -> None:
    try:
        conn = await attempt
    except error:
        return
    conn.close()
    raise TestbedError(f"connection was accepted; expected {error.__name__}")
