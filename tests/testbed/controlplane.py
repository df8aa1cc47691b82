"""The control plane's own image (the root Dockerfile), built on a test host without Docker Hub.

* the base: a Debian rootfs with python3 made by ``debootstrap`` from the Debian mirror the
  machine already uses, ``docker import``-ed; the tar is cached under
  ``<cache>/rootfs/python-<suite>-<key>.tar``, the key covering every input of the rootfs;
* the Python packages: the wheels of ``uv export --no-dev`` (exactly uv.lock's pins) and of
  uv itself, downloaded once into ``<cache>/wheels-image/<key>/`` (the key covers uv.lock);
* the build context: the repository's tracked and new files, the built SPA and the wheels,
  copied into a scratch folder, so the build sees what a clean clone has;
* the build: dockerd's built-in BuildKit (the Debian 20.10 CLI at /usr/bin/docker has it;
  the docker 28 CLI needs buildx), which skips the Node stage the offline build never uses.

``python -m tests.testbed image`` runs all of it against a running bed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .hosts import Host
from .packages import Requirement, ensure_packages
from .proc import SYSTEM_PATH, TestbedError, run

log = logging.getLogger("berth.testbed")

ROOT = Path(__file__).resolve().parents[2]
SUITE = "bookworm"
# python3-venv: the Dockerfile's `python3 -m venv` needs ensurepip, which Debian splits off.
# passwd: useradd/groupadd for the image's non-root user.
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates", "passwd")
# Changing how the rootfs is made must change the cache key.
RECIPE = "minbase;trim-docs-and-apt-lists;v1"
BASE_PYTHON = "3.11"  # bookworm's python3: the wheels are chosen for it
UV_VERSION = "0.13.8"  # the Makefile's
DOCKER_BUILDKIT_CLI = Path("/usr/bin/docker")
# What the Dockerfile COPYs (the .dockerignore allows the same).
CONTEXT_PATHS = (
    "Dockerfile",
    ".dockerignore",
    "pyproject.toml",
    "uv.lock",
    "api/",
    "worker/",
    "migrations/",
    "openapi/openapi.json",
    "docker/",
    "frontend/",
)


def debian_mirror() -> str:
    """The machine's own Debian mirror: the only one reachable here."""
    sources = Path("/etc/apt/sources.list.d/debian.sources")
    if sources.exists():
        for line in sources.read_text().splitlines():
            if line.startswith("URIs:"):
                return line.split()[1]
    listing = Path("/etc/apt/sources.list")
    if listing.exists():
        for line in listing.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "deb" and "security" not in parts[1]:
                return parts[1]
    return "http://deb.debian.org/debian"


def base_key() -> str:
    material = "\n".join((SUITE, RECIPE, *BASE_PACKAGES)).encode()
    return hashlib.sha256(material).hexdigest()[:16]


def python_rootfs(cache_dir: Path) -> Path:
    """A tar of a minimal Debian with python3, made once and kept in the cache."""
    tar = cache_dir / "rootfs" / f"python-{SUITE}-{base_key()}.tar"
    if tar.exists():
        return tar
    ensure_packages((Requirement("debootstrap", _has("debootstrap"), "the image's base"),))
    tar.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tar.parent, prefix="debootstrap-") as tmp:
        rootfs = Path(tmp) / "root"
        log.info("debootstrap %s with %s (about a minute)", SUITE, ",".join(BASE_PACKAGES))
        run(
            ["debootstrap", "--variant=minbase", f"--include={','.join(BASE_PACKAGES)}",
             SUITE, rootfs, debian_mirror()],
            env={"PATH": SYSTEM_PATH, "LANG": "C.UTF-8"},
            timeout=900,
        )  # fmt: skip
        # What an image never needs: downloaded packages, package lists, documentation.
        for sub in (
            "var/cache/apt/archives",
            "var/lib/apt/lists",
            "usr/share/doc",
            "usr/share/man",
        ):
            target = rootfs / sub
            if target.is_dir():
                for child in target.iterdir():
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child)
                    elif child.name != "lock":
                        child.unlink()
        partial = Path(tmp) / "rootfs.tar"
        run(["tar", "--numeric-owner", "-C", rootfs, "-cf", partial, "."], timeout=300)
        os.replace(partial, tar)  # whole or not at all: an interrupted run leaves no cache
    return tar


def _has(command: str) -> Callable[[], bool]:
    path = f"{os.environ.get('PATH', '')}:{SYSTEM_PATH}"
    return lambda: shutil.which(command, path=path) is not None


def import_base(builder: Host, cache_dir: Path) -> str:
    """``berth-base:python-<key>`` on the builder's dockerd (imported once per daemon)."""
    ref = f"berth-base:python-{base_key()}"
    if builder.docker(["image", "inspect", ref], check=False).returncode != 0:
        builder.docker(["import", python_rootfs(cache_dir), ref], timeout=300)
    return ref


def _uv() -> str:
    for candidate in (ROOT / ".tools" / "bin" / "uv", shutil.which("uv")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise TestbedError("no uv: run `make install` first")


def wheelhouse(cache_dir: Path) -> Path:
    """The wheels of uv.lock's runtime pins (and of uv) for the base's Python."""
    lock = (ROOT / "uv.lock").read_bytes()
    key = hashlib.sha256(lock + UV_VERSION.encode() + BASE_PYTHON.encode()).hexdigest()[:16]
    wheels = cache_dir / "wheels-image" / key
    if (wheels / "complete").exists():
        return wheels
    staging = wheels.with_name(wheels.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    requirements = staging / "requirements.txt"
    run(
        [_uv(), "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes",
         "--no-emit-package", "berth-client", "--quiet", "-o", requirements],
        cwd=ROOT,
        timeout=120,
    )  # fmt: skip
    log.info("pip download the image's wheels (cached by uv.lock)")
    run(
        [sys.executable if _pip_ok(sys.executable) else "/usr/bin/python3", "-m", "pip",
         "download", "-q", "--only-binary=:all:", "--dest", staging,
         "--python-version", BASE_PYTHON, "--implementation", "cp", *_wheel_tags(),
         "-r", requirements, f"uv=={UV_VERSION}"],
        timeout=900,
        env=os.environ,  # pip needs the machine's index/proxy/CA settings
    )  # fmt: skip
    (staging / "complete").touch()
    shutil.rmtree(wheels, ignore_errors=True)
    staging.rename(wheels)
    return wheels


def _wheel_tags() -> list[str]:
    """Every tag a wheel for the base may carry: Debian 12's glibc is 2.36, and pip 23
    matches `--platform` literally (it does not widen manylinux_2_36 to older ones)."""
    abi = f"cp{BASE_PYTHON.replace('.', '')}"
    platforms = ["linux_x86_64", "manylinux1_x86_64", "manylinux2010_x86_64"]
    platforms += ["manylinux2014_x86_64", *(f"manylinux_2_{m}_x86_64" for m in range(5, 37))]
    args = [arg for a in (abi, "abi3", "none") for arg in ("--abi", a)]
    return args + [arg for p in platforms for arg in ("--platform", p)]


def _pip_ok(python: str) -> bool:
    result = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, check=False)
    return result.returncode == 0


def build_context(workdir: Path, wheels: Path) -> Path:
    """The repository as a clean clone would have it, plus the built SPA and the wheels."""
    spa = ROOT / "frontend" / "dist" / "index.html"
    if not spa.exists():
        run(["make", "-C", ROOT, "frontend"], timeout=600, env=os.environ)
    context = workdir / "context"
    shutil.rmtree(context, ignore_errors=True)
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
         *CONTEXT_PATHS],
        cwd=ROOT,
    ).stdout.split("\0")  # fmt: skip
    dist = [
        str(p.relative_to(ROOT)) for p in (ROOT / "frontend" / "dist").rglob("*") if p.is_file()
    ]
    for name in [n for n in listed if n] + dist:
        source = ROOT / name
        if not source.is_file():  # deleted in the work tree
            continue
        target = context / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    for wheel in wheels.glob("*.whl"):
        shutil.copy2(wheel, context / "docker" / "wheels" / wheel.name)
    return context


def build_control_plane_image(
    builder: Host, workdir: Path, cache_dir: Path, *, tag: str = "berth:test"
) -> str:
    """The root Dockerfile, built offline on ``builder``; returns the image reference."""
    if not DOCKER_BUILDKIT_CLI.exists():
        raise TestbedError(
            f"{DOCKER_BUILDKIT_CLI} (Debian's docker.io CLI, with BuildKit) is missing"
        )
    base = import_base(builder, cache_dir)
    context = build_context(workdir, wheelhouse(cache_dir))
    env = {
        "PATH": SYSTEM_PATH,
        "DOCKER_HOST": builder.docker_host,
        "DOCKER_CONFIG": str(builder.dir / "docker-client"),
        "DOCKER_BUILDKIT": "1",
    }
    run(
        [DOCKER_BUILDKIT_CLI, "build", "--progress=plain", "-t", tag,
         "--build-arg", f"BASE_IMAGE={base}",
         "--build-arg", "PYTHON_PACKAGES=wheelhouse",
         "--build-arg", "SPA=context",
         context],
        env=env,
        timeout=900,
    )  # fmt: skip
    return tag
