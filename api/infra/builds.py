"""Building an application's image on its server with the docker CLI, as an argv list.

Why the CLI on the server rather than the Engine API's /build: the API takes the build
context as a tar upload, so a context already checked out on the server would travel to
the worker and back over SSH. The CLI reads it in place and keeps the daemon's build cache
between deployments.

BuildKit (and so build secrets, `RUN --mount=type=secret`) needs a CLI that can drive it:
from Docker 23 the `docker` CLI hands builds to the buildx plugin, and without the plugin
it falls back to the legacy builder, where `--secret` is an unknown flag; before 23 the CLI
has BuildKit built in behind DOCKER_BUILDKIT=1. The daemon side is there on every Docker
Berth supports (20.10+). So `probe_builder` looks for such a CLI on the server (a server may
carry both, e.g. Debian's docker.io 20.10 in /usr/bin and a newer static CLI first on PATH),
and builds use it whenever it exists; the legacy builder remains only where none does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from api.infra import checkout_paths
from api.infra.connections import ServerConnection

# The wrapper prints its PID first, then becomes `docker build`: cancelling a deployment
# signals exactly this build, never another one running on the same host. The script is a
# constant; user input only ever arrives as positional arguments ("$@").
_PID_SCRIPT = 'echo "berth-build-pid $$"; exec "$@"'
PID_PREFIX = "berth-build-pid "

_ARG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_STAGE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_LABEL_KEY = re.compile(r"^[a-z0-9][a-z0-9.-]{0,127}$")


def validate_arg_name(name: str) -> str:
    if not _ARG_NAME.fullmatch(name):
        raise ValueError(f"{name!r}: build argument names are letters, digits and '_'")
    return name


def validate_stage(name: str) -> str:
    if not _STAGE.fullmatch(name):
        raise ValueError("a build stage name is letters, digits, '.', '_' or '-'")
    return name


# Finds a docker CLI that runs BuildKit builds; prints `buildkit <mode> <path>` or
# `legacy <path-or-none>`. Constant: it takes no input.
_PROBE_SCRIPT = """\
first=
for cli in docker /usr/bin/docker /usr/local/bin/docker; do
    path=$(command -v "$cli" 2>/dev/null) || continue
    [ -n "$first" ] || first=$path
    if "$path" buildx version >/dev/null 2>&1; then echo "buildkit buildx $path"; exit 0; fi
    version=$("$path" --version 2>/dev/null) || continue
    version=${version#Docker version }
    major=${version%%.*}
    rest=${version#*.}
    minor=${rest%%[!0-9]*}
    case $major$minor in *[!0-9]* | "") continue ;; esac
    # Built in from 18.09 (behind DOCKER_BUILDKIT=1) until 23.0 moved it to buildx.
    if [ "$major" -lt 23 ] && { [ "$major" -gt 18 ] || [ "$minor" -ge 9 ]; }; then
        echo "buildkit integrated $path"
        exit 0
    fi
done
echo "legacy ${first:-none}"
"""
_CLI_PATH = re.compile(r"^/[A-Za-z0-9._/+-]{1,255}$")


@dataclass(frozen=True)
class Builder:
    """How builds run on one server: the docker CLI to call, and whether it drives BuildKit."""

    cli: str  # an absolute path found on the server, or "docker" (legacy, whatever PATH has)
    buildkit: bool
    mode: str  # "buildx", "integrated" or "legacy"

    def facts(self) -> dict[str, object]:
        return {"buildkit": self.buildkit, "build_cli": self.cli, "build_mode": self.mode}


LEGACY_BUILDER = Builder("docker", buildkit=False, mode="legacy")


def parse_builder(stdout: str) -> Builder:
    fields = stdout.strip().split("\n")[-1].split(" ") if stdout.strip() else []
    if (
        len(fields) == 3
        and fields[0] == "buildkit"
        and fields[1] in ("buildx", "integrated")
        and _CLI_PATH.fullmatch(fields[2])
    ):
        return Builder(fields[2], buildkit=True, mode=fields[1])
    if len(fields) == 2 and fields[0] == "legacy" and _CLI_PATH.fullmatch(fields[1]):
        return Builder(fields[1], buildkit=False, mode="legacy")
    return LEGACY_BUILDER


def probe_builder_argv() -> list[str]:
    return ["sh", "-c", _PROBE_SCRIPT, "berth-builder-probe"]


BUILDKIT_FIX = (
    "install Docker's buildx plugin on the server (the docker-buildx-plugin package from "
    "Docker's apt repository, or docker-buildx on Debian/Ubuntu), then refresh the server's "
    "status; or delete the application's build secrets"
)


@dataclass(frozen=True)
class BuildSpec:
    context_dir: str  # absolute path on the server, inside our checkout
    dockerfile: str  # absolute path on the server, inside our checkout
    tag: str  # immutable, per deployment
    target: str | None = None
    args: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    secret_files: Mapping[str, str] = field(default_factory=dict)  # id -> 0600 file we wrote
    builder: Builder = LEGACY_BUILDER

    def __post_init__(self) -> None:
        if self.secret_files and not self.builder.buildkit:
            raise ValueError("build secrets need BuildKit, which this server's docker lacks")
        for name in (*self.args, *self.secret_files):
            validate_arg_name(name)
        if self.target is not None:
            validate_stage(self.target)
        for key in self.labels:
            if not _LABEL_KEY.fullmatch(key):
                raise ValueError(f"label key {key!r}")
        for value in (*self.args.values(), *self.labels.values()):
            if "\x00" in value:
                raise ValueError("values must not contain NUL")

    def argv(self) -> list[str]:
        argv = ["sh", "-c", _PID_SCRIPT, "berth-build"]
        if self.builder.buildkit:
            # `env` execs the CLI, so the PID printed stays the build's. Plain progress: one
            # line per event, as the live log needs (the TTY view redraws in place).
            argv += ["env", "DOCKER_BUILDKIT=1", self.builder.cli, "build", "--progress=plain"]
        else:
            argv += [self.builder.cli, "build"]
        argv += ["--file", self.dockerfile, "--tag", self.tag]
        if self.target:
            argv += ["--target", self.target]
        for name, value in sorted(self.args.items()):
            argv += ["--build-arg", f"{name}={value}"]
        for key, value in sorted(self.labels.items()):
            argv += ["--label", f"{key}={value}"]
        for name, path in sorted(self.secret_files.items()):
            argv += ["--secret", f"id={name},src={path}"]
        return [*argv, "--", self.context_dir]


def parse_pid(line: str) -> int | None:
    if line.startswith(PID_PREFIX) and line[len(PID_PREFIX) :].isdigit():
        return int(line[len(PID_PREFIX) :])
    return None


def input_paths(
    app_path: str, context: str, dockerfile: str
) -> list[checkout_paths.RepositoryPath]:
    """Every path `docker build` reads from the checkout, relative to its root: the
    application's directory, the context (measured for the size cap), the Dockerfile, and the
    ignore files the CLI opens by itself (`.dockerignore` in the context, and BuildKit's
    `<Dockerfile>.dockerignore` beside the Dockerfile)."""

    def under(root: str, sub: str) -> str:
        return sub if root == "." else root if sub == "." else f"{root}/{sub}"

    context_path = under(app_path, context)
    dockerfile_path = under(app_path, dockerfile)
    repo_path = checkout_paths.RepositoryPath
    return [
        repo_path("the application path", app_path, "dir"),
        repo_path("the build context", context_path, "dir", measure=True),
        repo_path("the Dockerfile", dockerfile_path, "file"),
        repo_path(
            "the build context's .dockerignore",
            under(context_path, ".dockerignore"),
            "file",
            optional=True,
        ),
        repo_path(
            "the Dockerfile's ignore file",
            f"{dockerfile_path}.dockerignore",
            "file",
            optional=True,
        ),
    ]


def check_context_size(context: checkout_paths.ResolvedPath, limit: int) -> None:
    size = context.size_bytes
    if size is None:
        raise checkout_paths.RepositoryPathRefused(
            f"could not measure the size of the build context '{context.path.path}' on the server"
        )
    if size > limit:
        raise checkout_paths.RepositoryPathRefused(
            f"the build context '{context.path.path}' is {_figure(size)}, "
            f"over the limit of {_figure(limit)} set by "
            "BERTH_BUILDS__MAX_CONTEXT_BYTES: exclude what the image does not need with a "
            ".dockerignore, point build.context at a smaller directory, or raise the limit"
        )


def _figure(size: int) -> str:
    human = checkout_paths.format_bytes(size)
    return f"{size} bytes" if human.endswith("bytes") else f"{size} bytes ({human})"


async def probe_builder(conn: ServerConnection) -> Builder:
    """The server's build CLI now (a fact recorded at setup may be stale: docker upgraded,
    buildx installed since)."""
    result = await conn.run(probe_builder_argv(), timeout=30, check=False)
    return parse_builder(result.stdout) if result.exit_status == 0 else LEGACY_BUILDER
