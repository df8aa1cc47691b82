"""The rule for every file Berth reads from a user's repository: it stays inside the checkout.

A repository is the user's to fill, symbolic links included, and the tools Berth runs on the
server follow links: `docker build` resolves its context directory and Dockerfile with
`EvalSymlinks`, so a committed `Dockerfile -> /etc/passwd` or `app -> /root` made the server
read (and show, and bake into an image) files its SSH user can read. Validating the *strings*
(no `..`, no leading `/`) cannot see that; only the server's file system can.

So each path a user names (the application path, build context, Dockerfile, and later compose
files, `.env`, build configs) is resolved on the server after checkout, before any tool opens
it, by one constant script that receives every value as a quoted positional parameter:

- no component of the path may be a symbolic link (checked with `test -L` component by
  component, from the checkout root down), and the last must be the kind expected (a
  directory, or a regular file);
- what the kernel then resolves (`cd -P` / `pwd -P`) must still be the checkout or below it
  (defence in depth: with no links on the way it always is);
- the caller gets back the resolved absolute path and hands *that* to the tool.

Why this cannot be raced: the checkout sits in a 0700 `mktemp -d` directory of the SSH user,
written only by Berth's own checkout; nothing writes to it between this check and the build,
and its content is fixed by the commit. Whoever could swap a component in between is already
that user on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from api.infra import git
from api.infra.connections import ServerConnection

Kind = Literal["dir", "file"]

_RESOLVE_SCRIPT = """\
set -f
root=$(cd -P -- "$1" && pwd -P) || { echo "berth-root-missing"; exit 3; }
shift
default_ifs=$IFS
while [ "$#" -ge 3 ]; do
    kind=$1 rel=$2 measure=$3
    shift 3
    cur=$root sub= verdict=
    if [ "$rel" != . ]; then
        IFS=/
        for part in $rel; do
            sub=${sub:+$sub/}$part
            cur=$cur/$part
            if [ -L "$cur" ]; then verdict="symlink $sub"; break; fi
            if [ ! -e "$cur" ]; then verdict="missing $sub"; break; fi
        done
        IFS=$default_ifs
    fi
    if [ -z "$verdict" ]; then
        case $kind in
            dir) [ -d "$cur" ] || verdict="not-dir $rel" ;;
            *) [ -f "$cur" ] || verdict="not-file $rel" ;;
        esac
    fi
    if [ -z "$verdict" ]; then
        if [ -d "$cur" ]; then
            real=$(cd -P -- "$cur" && pwd -P)
        else
            real=$(cd -P -- "${cur%/*}" && pwd -P)/${cur##*/}
        fi
        case $real in
            "$root" | "$root"/*) ;;
            *) verdict="outside $rel" ;;
        esac
    fi
    if [ -n "$verdict" ]; then
        echo "refused $verdict"
        continue
    fi
    size=-
    if [ "$measure" = measure ]; then
        # du never follows links inside the tree; -sb (GNU, busybox) is exact bytes, -sk the
        # POSIX fallback in KiB.
        if out=$(du -sb -- "$real" 2>/dev/null); then size=b${out%%[!0-9]*}
        elif out=$(du -sk -- "$real"); then size=k${out%%[!0-9]*}
        else size=?
        fi
    fi
    echo "ok $size $real"
done
"""

_REASONS = {
    "symlink": "is a symbolic link",
    "missing": "does not exist",
    "not-dir": "is not a directory",
    "not-file": "is not a regular file",
    "outside": "resolves outside the checkout",
}


class RepositoryPathRefused(ValueError):
    """A path from the user's repository that Berth will not read; the message says which
    path and why, and never any content of what it points to."""


@dataclass(frozen=True)
class RepositoryPath:
    role: str  # how the user knows it, for messages: "the Dockerfile", "the build context"
    path: str  # relative to the checkout root ('.' is the root)
    kind: Kind
    optional: bool = False  # may be absent (e.g. .dockerignore), but never a link
    measure: bool = False  # report the size of the tree (a directory's content, links not followed)

    def __post_init__(self) -> None:
        git.validate_subpath(self.path)


@dataclass(frozen=True)
class ResolvedPath:
    path: RepositoryPath
    absolute: str | None  # None: optional and absent
    size_bytes: int | None = None


def resolve_argv(checkout_root: str, paths: Sequence[RepositoryPath]) -> list[str]:
    argv = ["sh", "-c", _RESOLVE_SCRIPT, "berth-resolve", checkout_root]
    for item in paths:
        argv += [item.kind, git.validate_subpath(item.path), "measure" if item.measure else "-"]
    return argv


def parse_resolved(
    checkout_root: str, paths: Sequence[RepositoryPath], stdout: str
) -> list[ResolvedPath]:
    """The script's answer, one line per path in order; raises RepositoryPathRefused for the
    first path that may not be read."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if len(lines) != len(paths):
        raise RepositoryPathRefused(
            f"could not check the paths in the checkout {checkout_root} on the server"
        )
    resolved: list[ResolvedPath] = []
    for item, line in zip(paths, lines, strict=True):
        status, _, rest = line.partition(" ")
        if status == "refused":
            reason, _, component = rest.partition(" ")
            if reason == "missing" and item.optional:
                resolved.append(ResolvedPath(item, None))
                continue
            raise RepositoryPathRefused(_refusal(item, reason, component))
        size_field, _, absolute = rest.partition(" ")
        if status != "ok" or not absolute.startswith("/"):
            raise RepositoryPathRefused(f"unexpected answer checking {item.role}: {line[:200]!r}")
        resolved.append(ResolvedPath(item, absolute, _size(size_field)))
    return resolved


def _refusal(item: RepositoryPath, reason: str, component: str) -> str:
    what = _REASONS.get(reason, "cannot be read")
    where = f"{item.role} '{item.path}'"
    if component and component != item.path:
        where += f": '{component}'"
    hint = ""
    if reason == "symlink":
        hint = (
            "; Berth reads only regular files and directories inside the checkout, "
            "so commit the file itself rather than a link to it"
        )
    return f"{where} {what} in the repository{hint}"


def _size(field: str) -> int | None:
    if field[:1] == "b" and field[1:].isdigit():
        return int(field[1:])
    if field[:1] == "k" and field[1:].isdigit():
        return int(field[1:]) * 1024
    return None


async def resolve_in_checkout(
    conn: ServerConnection,
    checkout_root: str,
    paths: Sequence[RepositoryPath],
    *,
    timeout: float = 120,
) -> list[ResolvedPath]:
    """Resolve each path on the server in one round trip (see the module docstring)."""
    result = await conn.run(resolve_argv(checkout_root, paths), timeout=timeout)
    return parse_resolved(checkout_root, paths, result.stdout)


def format_bytes(size: int) -> str:
    """1536 -> '1.5 KiB', for messages that also give the exact figure."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"
