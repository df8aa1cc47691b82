"""Test hosts: a network + mount + UTS namespace that looks like a real server.

Each host runs its own sshd (key-only, own host key) and its own dockerd on the default
``/var/run/docker.sock`` *inside the host*. ``/etc /root /var /srv /opt /home`` are overlayfs
copies of the machine's, ``/run`` and ``/tmp`` are private, so writing files on the host or
bind-mounting ``docker.sock`` into a container behaves as it does on a real server.

Commands enter a host with ``nsenter --mount --uts --net``, never ``ip netns exec``: that one
remounts /sys, which hides the cgroup mounts dockerd needs.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shlex
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .proc import (
    SYSTEM_PATH,
    Argv,
    PidTable,
    TestbedError,
    kill_pids,
    run,
    stop_processes,
    wait_until,
)

DEPLOY_USER = "deploy"
OVERLAY_DIRS = ("etc", "root", "var", "srv", "opt", "home")
HOST_KEY = "/etc/ssh/ssh_host_ed25519_key"
HOST_ENV = {"PATH": SYSTEM_PATH, "HOME": "/root", "LANG": "C.UTF-8"}
CGROUP_ROOT = Path("/sys/fs/cgroup")
# Mounts copied from the root namespace that must not stay pinned inside a host: namespace
# files (they would keep other hosts' netns alive after `ip netns del`), our own state dir,
# and the root dockerd's container mounts (pinning those breaks `docker rm` outside).
STALE_MOUNT_PREFIXES = ("/tmp", "/run", "/var/lib/docker")  # noqa: S108 - paths, not temp files

SSHD_CONFIG = """\
ListenAddress {ip}
Port {port}
HostKey {host_key}
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
X11Forwarding no
PrintMotd no
AcceptEnv LANG LC_*
Subsystem sftp internal-sftp
MaxStartups 100:30:200
MaxSessions 100
"""


@dataclass
class Host:
    """One test host as tests see it. Serialisable, so a later process can attach to it."""

    index: int
    name: str  # hostname inside the host: tb1, tb2, ...
    ip: str
    netns: str  # global name of the network namespace: <bridge>-tb<N>, unique per test bed
    veth: str  # root-namespace end of the host's veth pair
    dir: Path  # the host's state on disk (overlay upper dirs, /run, /tmp, /var/lib/docker)
    ns_dir: Path  # where the persistent mount/UTS namespace files live
    client_key: Path  # private key authorised for root and the deploy user
    ssh_config: Path
    known_hosts: Path  # the test bed's known_hosts file, all hosts
    host_public_key: str = ""  # "ssh-ed25519 AAAA..." (changes on regenerate_host_key)
    ssh_port: int = 22
    deploy_user: str = DEPLOY_USER

    __test__ = False

    # -------------------------------------------------------------- derived paths and names
    @property
    def mount_ns(self) -> Path:
        return self.ns_dir / f"{self.name}.mnt"

    @property
    def uts_ns(self) -> Path:
        return self.ns_dir / f"{self.name}.uts"

    @property
    def net_ns(self) -> Path:
        return Path("/run/netns", self.netns)

    @property
    def docker_socket(self) -> Path:
        """The host's /var/run/docker.sock as seen from the root namespace."""
        return self.dir / "run" / "docker.sock"

    @property
    def docker_host(self) -> str:
        return f"unix://{self.docker_socket}"

    @property
    def cgroup_parent(self) -> str:
        return f"{self.netns}-docker"

    @property
    def known_hosts_line(self) -> str:
        address = self.ip if self.ssh_port == 22 else f"[{self.ip}]:{self.ssh_port}"
        return f"{address} {self.host_public_key}"

    @property
    def fingerprint(self) -> str:
        """SHA256 fingerprint as ``ssh-keygen -l`` prints it."""
        blob = base64.b64decode(self.host_public_key.split()[1])
        digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
        return f"SHA256:{digest}"

    def pid_name(self, daemon: str) -> str:
        """Name of the daemon's file in pids/ (and of its log in logs/)."""
        return f"{self.name}-{daemon}"

    # -------------------------------------------------------------- running commands
    def nsenter(self, argv: Argv) -> list[str]:
        return [
            "nsenter",
            f"--mount={self.mount_ns}",
            f"--uts={self.uts_ns}",
            f"--net={self.net_ns}",
            "--",
            *(str(a) for a in argv),
        ]

    def run(
        self,
        argv: Argv,
        *,
        check: bool = True,
        input: str | None = None,
        timeout: float = 60,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run a command as root inside the host, with a clean environment."""
        return run(
            self.nsenter(argv), check=check, input=input, timeout=timeout, env=env or HOST_ENV
        )

    def ssh_argv(self, argv: Argv, *, user: str = "root") -> list[str]:
        """``ssh`` with the test bed's key and known_hosts; argv is quoted for the remote shell."""
        remote = shlex.join(str(a) for a in argv)
        return [
            "ssh",
            "-F",
            str(self.ssh_config),
            "-p",
            str(self.ssh_port),
            f"{user}@{self.ip}",
            remote,
        ]

    def ssh(
        self, argv: Argv, *, user: str = "root", check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return run(self.ssh_argv(argv, user=user), check=check, timeout=timeout)

    def docker(
        self, argv: Argv, *, check: bool = True, timeout: float = 120, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The docker CLI against this host's daemon, from the root namespace (for assertions)."""
        env = {
            "PATH": SYSTEM_PATH,
            "DOCKER_HOST": self.docker_host,
            # keep the developer's ~/.docker (credentials, contexts) out of it
            "DOCKER_CONFIG": str(self.dir / "docker-client"),
            # the legacy builder: the docker 28 CLI on some machines has no buildx
            "DOCKER_BUILDKIT": "0",
        }
        return run(["docker", *argv], check=check, timeout=timeout, env=env, input=input)

    # -------------------------------------------------------------- (de)serialisation
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: str(v) if isinstance(v, Path) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Host:
        return cls(
            index=int(data["index"]),
            name=str(data["name"]),
            ip=str(data["ip"]),
            netns=str(data["netns"]),
            veth=str(data["veth"]),
            dir=Path(data["dir"]),
            ns_dir=Path(data["ns_dir"]),
            client_key=Path(data["client_key"]),
            ssh_config=Path(data["ssh_config"]),
            known_hosts=Path(data["known_hosts"]),
            host_public_key=str(data.get("host_public_key", "")),
            ssh_port=int(data.get("ssh_port", 22)),
            deploy_user=str(data.get("deploy_user", DEPLOY_USER)),
        )


@dataclass(frozen=True)
class HostSettings:
    """What side services need configured on every host (merged from all of them)."""

    insecure_registries: tuple[str, ...] = ()
    nameserver: str | None = None
    extra_hosts: tuple[tuple[str, str], ...] = field(default=())
    # (registry "host:port", CA certificate PEM): dockerd trusts it for that registry only,
    # through /etc/docker/certs.d/<host:port>/ca.crt, as an operator would configure it.
    registry_cas: tuple[tuple[str, str], ...] = field(default=())

    def merge(self, other: HostSettings) -> HostSettings:
        return HostSettings(
            insecure_registries=self.insecure_registries + other.insecure_registries,
            nameserver=other.nameserver or self.nameserver,
            extra_hosts=self.extra_hosts + other.extra_hosts,
            registry_cas=self.registry_cas + other.registry_cas,
        )


# ------------------------------------------------------------------ creating a host


def prepare_files(host: Host, *, peers: Sequence[Host], settings: HostSettings) -> None:
    """Lay out the host's private directories and its /etc, before anything is mounted.

    Writing into an overlay's upper dir is only safe while it is not mounted, so every file
    the host needs at boot is written here.
    """
    for sub, mode in (("run/sshd", 0o755), ("run/lock", 0o1777), ("tmp", 0o1777)):
        (host.dir / sub).mkdir(parents=True, exist_ok=True)
        (host.dir / sub).chmod(mode)
    (host.dir / "docker").mkdir(mode=0o710, exist_ok=True)
    for name in OVERLAY_DIRS:
        upper = host.dir / "ovl" / name / "upper"
        upper.mkdir(parents=True, exist_ok=True)
        (host.dir / "ovl" / name / "work").mkdir(exist_ok=True)
        # the merged directory takes the upper dir's mode: /root must stay 0700, etc.
        if Path("/", name).is_dir():
            upper.chmod(Path("/", name).stat().st_mode & 0o7777)

    etc = host.dir / "ovl" / "etc" / "upper"
    (etc / "docker").mkdir(exist_ok=True)
    daemon = {
        # containers land in a cgroup only this host uses: `down` finds and kills them there
        "cgroup-parent": f"/{host.cgroup_parent}",
        "exec-opts": ["native.cgroupdriver=cgroupfs"],  # a path-style cgroup-parent needs it
        "insecure-registries": list(settings.insecure_registries),
        "shutdown-timeout": 3,
        "log-level": "warn",
    }
    (etc / "docker" / "daemon.json").write_text(json.dumps(daemon, indent=2) + "\n")
    for address, ca_pem in settings.registry_cas:
        (etc / "docker" / "certs.d" / address).mkdir(parents=True, exist_ok=True)
        (etc / "docker" / "certs.d" / address / "ca.crt").write_text(ca_pem)
    (etc / "hostname").write_text(f"{host.name}\n")
    lines = [Path("/etc/hosts").read_text().rstrip("\n")]
    lines += [f"{p.ip} {p.name}" for p in peers]
    lines += [f"{ip} {name}" for ip, name in settings.extra_hosts]
    (etc / "hosts").write_text("\n".join(lines) + "\n")
    # No nameserver yet: point at nothing rather than leak the machine's resolver into a host
    # that has no route out anyway (a DNS side service can set one).
    nameserver = settings.nameserver or "127.0.0.1"
    (etc / "resolv.conf").write_text(f"nameserver {nameserver}\noptions timeout:1 attempts:1\n")

    (etc / "ssh").mkdir(exist_ok=True)
    key = etc / HOST_KEY.removeprefix("/etc/")
    key.unlink(missing_ok=True)
    key.with_suffix(".pub").unlink(missing_ok=True)
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", host.name, "-f", key])
    host.host_public_key = public_key(key.with_suffix(".pub").read_text())
    sshd = SSHD_CONFIG.format(ip=host.ip, port=host.ssh_port, host_key=HOST_KEY)
    (etc / "ssh" / "sshd_config").write_text(sshd)

    ssh_dir = host.dir / "ovl" / "root" / "upper" / ".ssh"
    ssh_dir.mkdir(mode=0o700, exist_ok=True)
    authorized = ssh_dir / "authorized_keys"
    authorized.write_text(host.client_key.with_suffix(".pub").read_text())
    authorized.chmod(0o600)


def public_key(line: str) -> str:
    """``ssh-ed25519 AAAA... comment`` -> ``ssh-ed25519 AAAA...``"""
    return " ".join(line.split()[:2])


def create_network(host: Host, *, bridge: str, prefixlen: int) -> None:
    run(["ip", "netns", "add", host.netns])
    run(
        [
            "ip",
            "link",
            "add",
            host.veth,
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            host.netns,
        ]
    )
    run(["ip", "link", "set", host.veth, "master", bridge, "up"])
    run(["ip", "-n", host.netns, "addr", "add", f"{host.ip}/{prefixlen}", "dev", "eth0"])
    run(["ip", "-n", host.netns, "link", "set", "eth0", "up"])
    run(["ip", "-n", host.netns, "link", "set", "lo", "up"])


def create_filesystem(host: Host, *, state_root: Path) -> None:
    """Persistent mount + UTS namespaces holding the host's private view of the filesystem.

    ``unshare --mount=FILE`` needs FILE on a private mount: the caller bind-mounts ns_dir.
    """
    host.mount_ns.touch()
    host.uts_ns.touch()
    run(
        [
            "unshare",
            f"--mount={host.mount_ns}",
            f"--uts={host.uts_ns}",
            "--propagation",
            "private",
            "true",
        ]
    )

    def inside(*argv: str | Path, check: bool = True) -> None:
        run(
            ["nsenter", f"--mount={host.mount_ns}", f"--uts={host.uts_ns}", "--", *argv],
            check=check,
        )

    inside("hostname", host.name)
    mountinfo = run(["nsenter", f"--mount={host.mount_ns}", "cat", "/proc/self/mountinfo"]).stdout
    stale = stale_mounts(mountinfo, state_root)
    if stale:
        # deepest first, lazily: a busy copy must not fail the host's creation
        inside("umount", "-l", *stale, check=False)
    inside("mount", "--bind", host.dir / "run", "/run")
    for name in OVERLAY_DIRS:
        if not Path("/", name).is_dir():
            continue
        ovl = host.dir / "ovl" / name
        options = f"lowerdir=/{name},upperdir={ovl / 'upper'},workdir={ovl / 'work'}"
        inside("mount", "-t", "overlay", "overlay", "-o", options, f"/{name}")
    # docker's overlay2 cannot sit on overlayfs: its data dir binds a plain directory
    inside("mkdir", "-p", "/var/lib/docker")
    inside("mount", "--bind", host.dir / "docker", "/var/lib/docker")
    inside("mount", "--bind", host.dir / "tmp", "/tmp")  # noqa: S108 - the host's own /tmp


def stale_mounts(mountinfo: str, state_root: Path) -> list[str]:
    """Mount points copied into a new host namespace that it must drop (see STALE_MOUNT_PREFIXES).

    Never a mount that contains ``state_root``: the host's own directories live there.
    """
    prefixes = (*STALE_MOUNT_PREFIXES, str(state_root))
    found: list[str] = []
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields = left.split()
        if len(fields) < 5 or not right:
            continue
        point = _unescape_mount_path(fields[4])
        fstype = right.split()[0]
        if _is_within(state_root, point):
            continue
        if fstype == "nsfs" or any(_is_within(point, p) and point != p for p in prefixes):
            found.append(point)
    return sorted(set(found), key=lambda p: p.count("/"), reverse=True)


def _is_within(path: str | Path, parent: str | Path) -> bool:
    return Path(path) == Path(parent) or Path(parent) in Path(path).parents


def _unescape_mount_path(raw: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as octal (\040 ...)
    return raw.encode().decode("unicode_escape").encode("latin-1").decode()


def create_users(host: Host) -> None:
    """The deploy user (non-root, in group docker, same key as root); unlock root for ssh.

    sshd without PAM refuses even key logins to an account whose password field starts with
    '!' (locked), which is how useradd creates accounts and how some images ship root.
    """
    pubkey = host.client_key.with_suffix(".pub").read_text()
    shadow = host.run(["getent", "shadow", "root"]).stdout
    if shadow.split(":")[1].startswith("!"):
        host.run(["usermod", "-p", "*", "root"])
    host.run(["groupadd", "-f", "docker"])
    user = host.deploy_user
    if host.run(["id", "-u", user], check=False).returncode == 0:
        host.run(["usermod", "-a", "-G", "docker", "-p", "*", user])
    else:
        host.run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", "docker",
                  "--password", "*", user])  # fmt: skip
    home = host.run(["getent", "passwd", user]).stdout.split(":")[5]
    host.run(["install", "-d", "-m", "700", "-o", user, "-g", user, f"{home}/.ssh"])
    host.run(["install", "-m", "600", "-o", user, "-g", user, "/dev/stdin",
              f"{home}/.ssh/authorized_keys"], input=pubkey)  # fmt: skip


# ------------------------------------------------------------------ teardown


def _cgroup_dirs(parent: str) -> list[Path]:
    """The host's docker cgroup in every hierarchy (v1: one per controller; v2: one)."""
    candidates = [CGROUP_ROOT / parent]
    if CGROUP_ROOT.is_dir():
        candidates += [c / parent for c in CGROUP_ROOT.iterdir() if c.is_dir()]
    return [c for c in candidates if c.is_dir()]


def _cgroup_pids(parent: str) -> set[int]:
    pids: set[int] = set()
    for top in _cgroup_dirs(parent):
        for dirpath, _, _ in os.walk(top):
            try:
                text = Path(dirpath, "cgroup.procs").read_text()
            except OSError:
                continue
            pids.update(int(p) for p in text.split())
    return pids


def _netns_pids(netns: str) -> set[int]:
    if not Path("/run/netns", netns).exists():
        return set()
    out = run(["ip", "netns", "pids", netns], check=False).stdout
    return {int(p) for p in out.split()}


def _remove_cgroups(parent: str) -> None:
    for top in _cgroup_dirs(parent):
        for dirpath, _, _ in os.walk(top, topdown=False):
            with contextlib.suppress(OSError):  # not empty yet: a process still exits
                os.rmdir(dirpath)


def mounted_points() -> set[str]:
    points = set()
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        if len(fields) > 4:
            points.add(_unescape_mount_path(fields[4]))
    return points


def _kill_leftovers(host: Host) -> None:
    def leftovers() -> set[int]:
        return _netns_pids(host.netns) | _cgroup_pids(host.cgroup_parent)

    if kill_pids(leftovers()):
        wait_until(lambda: not leftovers(), timeout=10, what=f"processes of {host.name} to exit")


def teardown(hosts: Iterable[Host], pids: PidTable) -> None:
    """Stop everything of these hosts and release their namespaces. Idempotent.

    Everything killed here is provably ours: PIDs we recorded (start time checked), and
    processes inside the hosts' own network namespaces and docker cgroups, which nothing
    but this test bed uses.
    """
    hosts = list(hosts)
    # containers first, with SIGKILL: dockerd would give each one its stop timeout
    for host in hosts:
        kill_pids(_cgroup_pids(host.cgroup_parent))
    dockerds = [r for h in hosts if (r := pids.get(h.pid_name("dockerd"))) is not None]
    stop_processes(dockerds, timeout=30)
    sshds = [r for h in hosts if (r := pids.get(h.pid_name("sshd"))) is not None]
    stop_processes(sshds, timeout=5)
    errors: list[str] = []
    for host in hosts:
        try:
            _release(host)
        except TestbedError as exc:  # one stuck host must not leave the others up
            errors.append(f"{host.name}: {exc}")
        for daemon in ("dockerd", "sshd"):
            pids.forget(host.pid_name(daemon))
    if errors:
        raise TestbedError("; ".join(errors))


def _release(host: Host) -> None:
    _kill_leftovers(host)
    _remove_cgroups(host.cgroup_parent)
    # unmounting the namespace files frees the mount namespace and every mount inside it
    mounted = mounted_points()
    for ns_file in (host.mount_ns, host.uts_ns):
        if str(ns_file) in mounted:
            run(["umount", ns_file])
    if host.net_ns.exists():
        run(["ip", "netns", "del", host.netns])
    # the veth normally vanishes with its netns; delete it in case a reference lingers
    if Path("/sys/class/net", host.veth).exists():
        run(["ip", "link", "del", host.veth], check=False)
