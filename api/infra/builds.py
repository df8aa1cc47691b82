"""Building an application's image on its server with the docker CLI, as an argv list.

Why the CLI on the server rather than the Engine API's /build: the API takes the build
context as a tar upload, so a context already checked out on the server would travel to
the worker and back over SSH. The CLI reads it in place, keeps the daemon's build cache
between deployments, and uses BuildKit (and so build secrets) wherever buildx is
installed, the legacy builder elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from api.infra import checkout_paths

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


@dataclass(frozen=True)
class BuildSpec:
    context_dir: str  # absolute path on the server, inside our checkout
    dockerfile: str  # absolute path on the server, inside our checkout
    tag: str  # immutable, per deployment
    target: str | None = None
    args: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    secret_files: Mapping[str, str] = field(default_factory=dict)  # id -> 0600 file we wrote

    def __post_init__(self) -> None:
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
        argv = ["sh", "-c", _PID_SCRIPT, "berth-build", "docker", "build"]
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
