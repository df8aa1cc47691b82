"""Install the Debian packages the test bed needs, and nothing when they are all present.

CI starts on a fresh Debian 12 machine as root, so this has to work from nothing; on a
developer's machine that already has everything it must cost nothing (no ``apt-get update``).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .proc import SYSTEM_PATH, TestbedError, run

log = logging.getLogger("berth.testbed")


def _command(name: str) -> Callable[[], bool]:
    # Look in the system PATH too: sbin is often missing from a non-login shell's PATH.
    path = f"{os.environ.get('PATH', '')}:{SYSTEM_PATH}"
    return lambda: shutil.which(name, path=path) is not None


def _dpkg_installed(package: str) -> Callable[[], bool]:
    def check() -> bool:
        result = run(
            ["dpkg-query", "-W", "-f=${db:Status-Status}", package], check=False, timeout=30
        )
        return result.returncode == 0 and result.stdout.strip() == "installed"

    return check


def _file(path: str) -> Callable[[], bool]:
    return lambda: Path(path).exists()


@dataclass(frozen=True)
class Requirement:
    package: str
    present: Callable[[], bool]
    why: str


# A package counts as present when what we use from it is there, so a machine with Docker CE
# (which conflicts with docker.io) is not forced to switch.
REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("docker.io", _command("dockerd"), "dockerd + docker CLI in every host"),
    Requirement("openssh-server", _file("/usr/sbin/sshd"), "sshd in every host"),
    Requirement("openssh-client", _command("ssh-keygen"), "keys, ssh, ssh-keyscan"),
    Requirement("docker-registry", _command("docker-registry"), "the test registry"),
    # /bin/busybox from the `busybox` package is dynamically linked: useless FROM scratch.
    Requirement("busybox-static", _dpkg_installed("busybox-static"), "the app image"),
    Requirement("iptables", _command("iptables"), "FORWARD rule for the bridge"),
    Requirement("iproute2", _command("ip"), "bridge, veth, netns"),
    Requirement("apache2-utils", _command("htpasswd"), "bcrypt htpasswd for registry auth"),
    Requirement("pebble", _command("pebble-challtestsrv"), "ACME test CA and its mock DNS"),
    Requirement("curl", _command("curl"), "debugging from a shell; used by later services"),
    Requirement("ca-certificates", _file("/etc/ssl/certs/ca-certificates.crt"), "CA bundle"),
)


def missing_packages() -> list[str]:
    return [r.package for r in REQUIREMENTS if not r.present()]


def ensure_packages(extra: tuple[Requirement, ...] = ()) -> list[str]:
    """apt-get install whatever is missing; return the packages that were installed."""
    missing = [r.package for r in (*REQUIREMENTS, *extra) if not r.present()]
    if not missing:
        return []
    if os.geteuid() != 0:
        raise TestbedError(f"missing packages {missing} and not root: install them first")
    log.info("apt-get install %s", " ".join(missing))
    env = {
        "PATH": SYSTEM_PATH,
        "DEBIAN_FRONTEND": "noninteractive",
        "LANG": "C.UTF-8",
    }
    # Only now is the package index refreshed: a fresh machine may have none at all.
    run(["apt-get", "update", "-qq"], env=env, timeout=300)
    run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        env=env,
        timeout=900,
    )
    still = [r.package for r in (*REQUIREMENTS, *extra) if not r.present()]
    if still:
        raise TestbedError(f"apt-get install ran, but still missing: {still}")
    return missing
