"""The daemons of a test host (sshd, dockerd) and the faults tests inject into them.

Both are started through ``nsenter`` without ``--pid``, which execs instead of forking, so the
PID we record is the daemon's own and stopping it never involves a process we did not start.
"""

from __future__ import annotations

import signal
import socket
from pathlib import Path

from .hosts import HOST_ENV, HOST_KEY, Host, public_key
from .proc import (
    PidTable,
    ProcRef,
    TestbedError,
    is_running,
    kill_pids,
    log_tail,
    parent_pid,
    run,
    signal_process,
    wait_until,
)


def start_sshd(host: Host, pids: PidTable, logs: Path) -> ProcRef:
    # nsenter execs sshd (no fork without --pid), so the recorded PID is sshd's listener
    return pids.spawn(
        host.pid_name("sshd"),
        host.nsenter(["/usr/sbin/sshd", "-D", "-e"]),
        log_file=logs / f"{host.pid_name('sshd')}.log",
        env=HOST_ENV,
    )


def start_dockerd(host: Host, pids: PidTable, logs: Path) -> ProcRef:
    return pids.spawn(
        host.pid_name("dockerd"),
        host.nsenter(["dockerd"]),
        log_file=logs / f"{host.pid_name('dockerd')}.log",
        env=HOST_ENV,
    )


def sshd_ready(host: Host) -> bool:
    try:
        with socket.create_connection((host.ip, host.ssh_port), timeout=1) as sock:
            return sock.recv(4).startswith(b"SSH-")
    except OSError:
        return False


def docker_ping(sock_path: Path, timeout: float = 2) -> bool:
    """GET /_ping on a docker socket: true once dockerd serves its API."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(sock_path))
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            status_line = sock.recv(64).split(b"\r\n", 1)[0].split()
    except OSError:
        return False
    return len(status_line) >= 2 and status_line[1] == b"200"


def _died(pids: PidTable, name: str, log_file: Path) -> str | None:
    ref = pids.get(name)
    if ref is None or not is_running(ref):
        return f"{name} exited; last log lines:\n{log_tail(log_file)}"
    return None


def wait_sshd(host: Host, pids: PidTable, logs: Path, *, timeout: float = 15) -> None:
    name = host.pid_name("sshd")
    wait_until(
        lambda: sshd_ready(host),
        timeout=timeout,
        what=f"sshd on {host.name} ({host.ip}:{host.ssh_port})",
        abort=lambda: _died(pids, name, logs / f"{host.pid_name('sshd')}.log"),
    )


def wait_dockerd(host: Host, pids: PidTable, logs: Path, *, timeout: float = 60) -> None:
    name = host.pid_name("dockerd")
    wait_until(
        lambda: docker_ping(host.docker_socket),
        timeout=timeout,
        what=f"dockerd on {host.name} ({host.docker_socket})",
        abort=lambda: _died(pids, name, logs / f"{host.pid_name('dockerd')}.log"),
    )


def stop_sshd(host: Host, pids: PidTable, *, timeout: float = 5) -> None:
    """Stop the listener only: established sessions live on, as after `systemctl stop ssh`."""
    pids.stop([host.pid_name("sshd")], timeout=timeout)


def stop_dockerd(host: Host, pids: PidTable, *, timeout: float = 30) -> None:
    # dockerd stops its containers (shutdown-timeout 3 s) and its containerd itself
    pids.stop([host.pid_name("dockerd")], timeout=timeout)


def kill_ssh_connections(host: Host, pids: PidTable) -> int:
    """SIGKILL every process below the sshd listener: each client sees its connection drop."""
    listener = pids.get(host.pid_name("sshd"))
    if listener is None or not is_running(listener):
        return 0
    return kill_pids(descendants(listener.pid))


def descendants(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            ppid = parent_pid(int(entry.name))
            if ppid is not None:
                children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = list(children.get(root_pid, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def regenerate_host_key(host: Host, pids: PidTable, *, timeout: float = 10) -> None:
    """Give the host a new ed25519 host key and make sshd serve it (updates ``host``).

    SIGHUP makes sshd re-exec itself (same PID) and re-read its keys; we then poll
    ssh-keyscan until the new key is what the host presents.
    """
    host.run(["rm", "-f", HOST_KEY, f"{HOST_KEY}.pub"])
    host.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", host.name, "-f", HOST_KEY])
    new_key = public_key(host.run(["cat", f"{HOST_KEY}.pub"]).stdout)
    listener = pids.get(host.pid_name("sshd"))
    if listener is None or not is_running(listener):
        raise TestbedError(f"sshd on {host.name} is not running")
    signal_process(listener, signal.SIGHUP)

    def serves_new_key() -> bool:
        scan = run(
            ["ssh-keyscan", "-t", "ed25519", "-T", "2", "-p", str(host.ssh_port), host.ip],
            check=False,
            timeout=5,
        )
        return any(public_key(line.split(maxsplit=1)[1]) == new_key
                   for line in scan.stdout.splitlines() if " " in line)  # fmt: skip

    wait_until(serves_new_key, timeout=timeout, what=f"new host key on {host.name}", interval=0.2)
    host.host_public_key = new_key
