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
