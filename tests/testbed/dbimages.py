"""Database server images built from Debian's own packages, for tests without Docker Hub.

Production runs the official images (`postgres:17`, `redis:7.4`, ...) unchanged; these
stand-ins honour the part of their contract Berth relies on, so the same service spec runs
both:

* PostgreSQL: `POSTGRES_PASSWORD` / `POSTGRES_USER` / `POSTGRES_DB`, `PGDATA` declared as
  `ENV` (and its parent as `VOLUME`, as the official image does), initdb on an empty data
  directory only, extra arguments after `postgres` (or starting with `-`), port 5432,
  `pg_isready` on PATH, the server running as `postgres`, not root.
* Redis: `redis-server` and `redis-cli` on PATH, `docker-entrypoint.sh` that runs its
  arguments (prepending `redis-server` when they start with `-`), `VOLUME /data` as the
  working directory, port 6379.

The root filesystem comes from `debootstrap --variant=minbase` (~45 s) and is cached as a
tar under the test bed's cache directory, keyed by everything that goes into it (suite,
mirror, packages, the trim list); `docker import` of the cached tar takes seconds. The
entrypoints are layered on top with a Dockerfile (no RUN: nothing starts a container).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from .hosts import Host
from .images import DEFAULT_CACHE_DIR, build_and_push
from .packages import Requirement, _command, ensure_packages
from .proc import SYSTEM_PATH, run

log = logging.getLogger("berth.testbed")

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
PACKAGES = ("postgresql-15", "redis-server", "ca-certificates")
PG_MAJOR = "15"
# Removed from the rootfs: documentation, locales and apt's caches are a third of its size
# and nothing in a database server reads them.
TRIM = (
    "var/cache/apt",
    "var/lib/apt/lists",
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
)
BUILD_TIMEOUT = 900

POSTGRES_ENTRYPOINT = r"""#!/bin/sh
# The official postgres image's contract, for tests (see tests/testbed/dbimages.py).
set -eu
if [ "${1:-}" = postgres ]; then shift; fi
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /run/postgresql
    chown -R postgres:postgres "$PGDATA" /run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "error: POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    pwfile="$(mktemp)"
    printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$db" != postgres ]; then
        # psql interpolates :"db" (quoted as an identifier) in its input, not in -c.
        echo 'CREATE DATABASE :"db"' | psql -v ON_ERROR_STOP=1 -q -U "$user" -d postgres -v db="$db"
    fi
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "database initialised"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
"""

POSTGRES_DOCKERFILE = f"""\
FROM {{base}}
ENV PG_MAJOR={PG_MAJOR} PGDATA=/var/lib/postgresql/data \\
    PATH=/usr/lib/postgresql/{PG_MAJOR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
"""

REDIS_ENTRYPOINT = r"""#!/bin/sh
# The official redis image's contract, for tests (see tests/testbed/dbimages.py).
set -eu
if [ "${1#-}" != "${1:-}" ] || [ -z "${1:-}" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
"""

REDIS_DOCKERFILE = """\
FROM {base}
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
"""


def rootfs_key() -> str:
    inputs = "\n".join([SUITE, MIRROR, *PACKAGES, *TRIM, "v1"])
    return hashlib.sha256(inputs.encode()).hexdigest()[:16]


def rootfs_tar(cache_dir: Path = DEFAULT_CACHE_DIR) -> Path:
    """The cached rootfs tar, built first when missing (the one slow step: ~45 s)."""
    tar = cache_dir / "rootfs" / f"dbservers-{SUITE}-{rootfs_key()}.tar"
    if tar.exists():
        return tar
    ensure_packages((Requirement("debootstrap", _command("debootstrap"), "database images"),))
    tar.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rootfs-", dir=tar.parent))
    try:
        target = work / "root"
        log.info("debootstrap %s with %s (cached afterwards)", SUITE, ",".join(PACKAGES))
        run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include={','.join(PACKAGES)}",
                SUITE,
                target,
                MIRROR,
            ],
            timeout=BUILD_TIMEOUT,
            env={"PATH": SYSTEM_PATH, "LANG": "C.UTF-8"},
        )
        for trimmed in TRIM:
            shutil.rmtree(target / trimmed, ignore_errors=True)
        # The package's own cluster (created by its postinst) would only confuse: the
        # entrypoint makes the data directory the image declares.
        shutil.rmtree(target / "var/lib/postgresql" / PG_MAJOR, ignore_errors=True)
        shutil.rmtree(target / "etc/postgresql" / PG_MAJOR, ignore_errors=True)
        partial = work / "rootfs.tar"
        run(["tar", "-C", target, "--numeric-owner", "-cf", partial, "."], timeout=600)
        os.replace(partial, tar)  # a build cut short leaves no tar behind
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tar


def build_database_images(
    builder: Host, registry: str, workdir: Path, cache_dir: Path = DEFAULT_CACHE_DIR
) -> dict[str, str]:
    """`<registry>/postgres:15` and `<registry>/redis:7`; returns {engine: reference}."""
    tar = rootfs_tar(cache_dir)
    base = f"berth-tb-dbbase:{rootfs_key()}"
    found = builder.docker(["image", "inspect", base], check=False)
    if found.returncode != 0:
        # The CLI streams the file to the host's daemon (~0.5 s per 100 MB).
        builder.docker(["import", str(tar), base], timeout=600)
    refs: dict[str, str] = {}
    for engine, tag, entrypoint, dockerfile in (
        ("postgresql", PG_MAJOR, POSTGRES_ENTRYPOINT, POSTGRES_DOCKERFILE),
        ("redis", "7", REDIS_ENTRYPOINT, REDIS_DOCKERFILE),
    ):
        context = workdir / f"db-{engine}"
        context.mkdir(parents=True, exist_ok=True)
        script = context / "docker-entrypoint.sh"
        script.write_text(entrypoint)
        script.chmod(0o755)
        (context / "Dockerfile").write_text(dockerfile.format(base=base))
        name = "postgres" if engine == "postgresql" else engine
        refs[engine] = build_and_push(builder, context, f"{registry}/{name}:{tag}")
    return refs
