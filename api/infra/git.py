"""Fetching an application's source on its server with git, as argv lists.

Repository URLs, ref names and sub-paths come from users and travel to a shell on a
machine we hold root on. They are validated here to the shapes git itself accepts (ref
names follow `git check-ref-format`), and every command is an argv list with `--` before
positional input, so nothing a user types can become an option (`--upload-pack=...`) or a
transport (`ext::sh -c ...`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from api.kit.identifiers import validate_host

# Transports a repository may use. `ext::` runs arbitrary commands and `fd::` reads file
# descriptors: both are disabled on every command, not just refused here.
NETWORK_SCHEMES = ("https", "ssh", "git")
FILE_SCHEME = "file"
_SCP_LIKE = re.compile(
    r"^(?P<user>[A-Za-z0-9._-]{1,64})@(?P<host>[A-Za-z0-9.-]{1,253}):(?P<path>.+)$"
)
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/%+@-]*$")
_REF_CHARS = re.compile(r"^[A-Za-z0-9._/+@-]+$")
_COMMIT = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_SUBPATH_PART = re.compile(r"^[A-Za-z0-9._@+-]{1,255}$")
MAX_URL = 2048


def validate_repository_url(url: str, *, allow_file: bool = False) -> str:
    """An https://, ssh://, git:// or scp-like (`git@host:team/app.git`) URL; file:// only
    where an administrator enabled it (it reads the server's own disk)."""
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise ValueError(f"must be 1-{MAX_URL} characters")
    if url.startswith("-") or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise ValueError("must not start with '-' or contain spaces or control characters")
    if "::" in url.split("/", 1)[0]:
        raise ValueError("git remote helpers (e.g. ext::) are not allowed")
    if scp := _SCP_LIKE.fullmatch(url):
        validate_host(scp["host"])
        _check_remote_path(scp["path"])
        return url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == FILE_SCHEME:
        if not allow_file:
            raise ValueError("file:// repositories are disabled (an administrator can enable them)")
        if parts.netloc or not parts.path.startswith("/"):
            raise ValueError("file:// URLs must be absolute: file:///srv/git/app.git")
        _check_remote_path(parts.path)
        return url
    if scheme not in NETWORK_SCHEMES:
        raise ValueError("must be an https://, ssh:// or git:// URL, or user@host:path")
    if parts.password is not None or (scheme != "ssh" and parts.username is not None):
        raise ValueError(
            "must not carry credentials: use the application's deploy key (ssh) instead"
        )
    if not parts.hostname:
        raise ValueError("must name a host")
    validate_host(parts.hostname)
    if parts.port is not None and not 1 <= parts.port <= 65535:
        raise ValueError("port must be 1-65535")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query or fragment; give the branch as `ref`")
    _check_remote_path(parts.path)
    return url


def _check_remote_path(path: str) -> None:
    if not path.strip("/") or not _SAFE_PATH.fullmatch(path) or path.startswith("-"):
        raise ValueError("repository path may hold letters, digits and . _ ~ / % + @ -")
    if any(part == ".." for part in path.split("/")):
        raise ValueError("repository path must not contain '..'")


def validate_ref(name: str) -> str:
    """A branch or tag name by git's `check-ref-format --branch` rules (and no leading '-')."""
    if not name or len(name) > 255:
        raise ValueError("must be 1-255 characters")
    if name.startswith("-"):
        raise ValueError("must not start with '-'")
    if name == "@" or "@{" in name:
        raise ValueError("must not be '@' or contain '@{'")
    if ".." in name or "//" in name or name.startswith("/") or name.endswith(("/", ".")):
        raise ValueError("must not contain '..' or '//', or start/end with '/' (or end with '.')")
    # Stricter than git, which also accepts ; $ ` ' " | & and more: no real branch needs
    # shell metacharacters, and refusing them keeps every log and UI showing them honest.
    if not _REF_CHARS.fullmatch(name):
        raise ValueError("may hold letters, digits and . _ / + @ - only")
    for part in name.split("/"):
        if part.startswith(".") or part.endswith(".lock"):
            raise ValueError("no path component may start with '.' or end with '.lock'")
    return name


def validate_commit(sha: str) -> str:
    sha = sha.strip().lower()
    if not _COMMIT.fullmatch(sha):
        raise ValueError("must be a full commit id (40 or 64 hexadecimal characters)")
    return sha


def validate_subpath(path: str) -> str:
    """A path inside the repository ('.' is its root): relative, no '..', no options."""
    path = path.strip().strip("/") or "."
    if path == ".":
        return path
    parts = path.split("/")
    if len(path) > 1024 or not all(_SUBPATH_PART.fullmatch(p) for p in parts):
        raise ValueError("must be a relative path of letters, digits and . _ @ + -")
    if any(p in (".", "..") for p in parts) or path.startswith("-"):
        raise ValueError("must not contain '.' or '..' components or start with '-'")
    return path


# One SSH round trip for the whole checkout (each remote command costs a process start on
# the server). The script is a constant: every user-supplied value arrives as a quoted
# positional parameter, and `--` ends the options before the URL.
_CHECKOUT_SCRIPT = """\
set -e
command -v git >/dev/null || { echo "git is not installed on the server" >&2; exit 127; }
dir=$1 url=$2 wanted=$3 file_allow=$4 ssh_command=$5
git init --quiet -- "$dir"
set -- -c protocol.ext.allow=never -c protocol.fd.allow=never \\
    -c "protocol.file.allow=$file_allow" -c advice.detachedHead=false
if [ -n "$ssh_command" ]; then set -- "$@" -c "core.sshCommand=$ssh_command"; fi
git "$@" -C "$dir" fetch --quiet --depth=1 --no-tags -- "$url" "$wanted"
git "$@" -C "$dir" checkout --quiet --detach FETCH_HEAD
git -c log.showSignature=false -c log.mailmap=false -c i18n.logOutputEncoding=UTF-8 \
    -C "$dir" log -1 --format='berth-subject %s%nberth-author %an%nberth-email %ae' HEAD
git -C "$dir" rev-parse HEAD
"""

# What a deployment records of its commit, for people reading the list of deployments. Each
# value is the author's free text: one line (git joins a subject's lines), control characters
# removed, capped to its column.
MAX_SUBJECT = 300
MAX_AUTHOR_NAME = 200
MAX_AUTHOR_EMAIL = 254
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class CheckedOut:
    """The commit a checkout ended on, as the checkout script printed it."""

    commit: str
    subject: str | None = None
    author_name: str | None = None
    author_email: str | None = None


def parse_checkout_output(stdout: str) -> CheckedOut:
    """The last line is `rev-parse HEAD`; the `berth-*` lines before it are `git log -1`."""
    # Split on newlines only: str.splitlines() also breaks at \r, \x1c, \u2028..., which a
    # subject may contain, and would let a subject forge the lines after it.
    lines = stdout.strip().split("\n")
    fields: dict[str, str] = {}
    for line in lines[:-1]:
        key, sep, value = line.partition(" ")
        if sep and key in ("berth-subject", "berth-author", "berth-email"):
            fields.setdefault(key, value)
    return CheckedOut(
        commit=lines[-1].strip() if lines else "",
        subject=_clean(fields.get("berth-subject"), MAX_SUBJECT),
        author_name=_clean(fields.get("berth-author"), MAX_AUTHOR_NAME),
        author_email=_clean(fields.get("berth-email"), MAX_AUTHOR_EMAIL),
    )


def _clean(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = _CONTROL.sub("", value.replace("\t", " ")).strip()
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value or None


@dataclass(frozen=True)
class Checkout:
    """One shallow checkout of `ref` (or exactly `commit`) into `workdir` on the server."""

    url: str
    ref: str
    commit: str | None
    workdir: str  # created by us (mktemp), never user input
    ssh_key_path: str | None = None  # a 0600 file we wrote, for ssh URLs with a deploy key
    allow_file: bool = False

    def ssh_command(self) -> str:
        if not self.ssh_key_path:
            return ""
        # git runs core.sshCommand through a shell; the key path is ours (mktemp), and the
        # known_hosts file beside it makes each checkout trust on first use without
        # touching the user's ~/.ssh.
        return (
            f"ssh -i '{self.ssh_key_path}' -o IdentitiesOnly=yes -o BatchMode=yes "
            "-o StrictHostKeyChecking=accept-new "
            f"-o UserKnownHostsFile='{self.ssh_key_path}.known_hosts'"
        )

    def argv(self) -> list[str]:
        """init, fetch exactly one revision at depth 1, check it out detached, print HEAD."""
        return [
            "sh",
            "-c",
            _CHECKOUT_SCRIPT,
            "berth-checkout",
            self.workdir,
            self.url,
            self.commit or self.ref,
            "always" if self.allow_file else "never",
            self.ssh_command(),
        ]
