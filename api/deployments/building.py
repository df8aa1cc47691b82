"""The source and build steps of a git deployment, run on the application's server.

Layout on the server, all under one `mktemp -d` directory we own (never a user path):
`<work>/src` is the checkout; `<work>/secrets` (0700) holds the deploy key and build
secrets as 0600 files, deleted with the directory as soon as the build ends.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from api.applications.schemas import Build, GitSource
from api.deployments.exceptions import DeploymentFailed
from api.infra import builds, checkout_paths, git, service_spec
from api.infra.connections import ServerConnection
from api.infra.errors import DockerError, RemoteCommandFailed
from api.kit.jobs.progress import StepProgress

_MKTEMP_OUTPUT = re.compile(r"^/[A-Za-z0-9._/-]+$")
BUILD_TAIL_LINES = 20
# Receives the remote build's PID, so a cancel can signal exactly that build.
PidSink = Callable[[int], Awaitable[None]]


@dataclass
class Workspace:
    root: str

    @property
    def src(self) -> str:
        return f"{self.root}/src"

    @property
    def secrets(self) -> str:
        return f"{self.root}/secrets"


# Workspaces of attempts whose worker died (SIGKILL, lost host) are never removed by their
# owner: each new workspace sweeps those older than any build may run.
_MAKE_WORKSPACE = """\
find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'berth-build.*' -user "$(id -u)" -mmin +720 \\
    -exec rm -rf -- {} + 2>/dev/null
d=$(mktemp -d -t berth-build.XXXXXXXXXX) && mkdir -m 700 "$d/secrets" && echo "$d"
"""


async def make_workspace(conn: ServerConnection) -> Workspace:
    result = await conn.run(["sh", "-c", _MAKE_WORKSPACE], timeout=30)
    root = result.stdout.strip()
    if not _MKTEMP_OUTPUT.fullmatch(root):
        raise DeploymentFailed(f"mktemp on the server returned an unexpected path: {root!r}")
    return Workspace(root)


async def remove_workspace(conn: ServerConnection, workspace: Workspace) -> None:
    await conn.run(["rm", "-rf", "--", workspace.root], timeout=120, check=False)


async def write_secret_file(
    conn: ServerConnection, workspace: Workspace, name: str, content: str
) -> str:
    """A 0600 file under the workspace's secrets directory; the content travels on stdin,
    never in a command line (where `ps` would show it)."""
    builds.validate_arg_name(name)
    path = f"{workspace.secrets}/{name}"
    await conn.run(
        ["sh", "-c", 'umask 077 && cat > "$1"', "berth-secret", path],
        input=content,
        timeout=30,
    )
    return path


async def fetch_source(
    conn: ServerConnection,
    workspace: Workspace,
    source: GitSource,
    *,
    deploy_key: str | None,
    allow_file: bool,
    timeout: float,
) -> git.CheckedOut:
    """Shallow checkout of the wanted revision; returns the exact commit checked out, with
    its subject line and author as recorded in the repository."""
    # Validated again here, not only by the schema: this install's `allow_file` decides.
    url = git.validate_repository_url(source.repository, allow_file=allow_file)
    key_path = None
    if deploy_key is not None and not url.lower().startswith(("https:", "git:", "file:")):
        key_path = await write_secret_file(conn, workspace, "deploy_key", deploy_key)
    commit = source.commit
    checkout = git.Checkout(
        url=url,
        ref=source.ref,
        commit=commit,
        workdir=workspace.src,
        ssh_key_path=key_path,
        allow_file=allow_file,
    )
    try:
        result = await conn.run(checkout.argv(), timeout=timeout)
    except RemoteCommandFailed as exc:
        raise DeploymentFailed(_git_failure(exc, checkout)) from exc
    checked_out = git.parse_checkout_output(result.stdout)
    if commit and checked_out.commit != commit:
        raise DeploymentFailed(
            f"checked out {checked_out.commit}, not the requested commit {commit}"
        )
    return checked_out


def _git_failure(exc: RemoteCommandFailed, checkout: git.Checkout) -> str:
    if exc.exit_status == 127:
        return "git is not installed on the server (install the `git` package)"
    wanted = checkout.commit or checkout.ref
    stderr = exc.stderr.strip()[-800:]
    return f"fetching {wanted} from {checkout.url} failed: {stderr or f'exit {exc.exit_status}'}"


async def build_image(
    conn: ServerConnection,
    workspace: Workspace,
    progress: StepProgress,
    *,
    source: GitSource,
    build: Build,
    tag: str,
    labels: Mapping[str, str],
    secrets: Mapping[str, str],
    timeout: float,
    on_pid: PidSink,
    max_context_bytes: int,
) -> str:
    """`docker build` on the server, output streamed live; returns the new image's id."""
    context_dir, dockerfile = await resolve_build_inputs(
        conn, workspace, source, build, max_context_bytes=max_context_bytes
    )
    builder = await choose_builder(conn, needs_buildkit=bool(secrets))
    secret_files = {
        name: await write_secret_file(conn, workspace, name, value)
        for name, value in secrets.items()
    }
    spec = builds.BuildSpec(
        context_dir=context_dir,
        dockerfile=dockerfile,
        tag=tag,
        target=build.target,
        args=build.args,
        labels=labels,
        secret_files=secret_files,
        builder=builder,
    )
    tail: deque[str] = deque(maxlen=BUILD_TAIL_LINES)

    async def on_line(line: str) -> None:
        if (pid := builds.parse_pid(line)) is not None:
            await on_pid(pid)
            return
        tail.append(line)
        await progress.output(line)

    status = await conn.stream(spec.argv(), on_line, timeout=timeout)
    if status != 0:
        last = "\n".join(tail)
        if status == 127:
            raise DeploymentFailed("the docker CLI is not installed on the server")
        raise DeploymentFailed(f"docker build failed (exit {status}):\n{last}")
    try:
        image = await conn.docker.inspect_image(tag)
    except DockerError as exc:
        raise DeploymentFailed(f"the build finished but {tag} is missing: {exc.message}") from exc
    image_id = str(image["Id"])
    service_spec.validate_image(image_id)
    return image_id


async def resolve_build_inputs(
    conn: ServerConnection,
    workspace: Workspace,
    source: GitSource,
    build: Build,
    *,
    max_context_bytes: int,
) -> tuple[str, str]:
    """The context directory and Dockerfile, resolved on the server inside the checkout and
    the context under the size cap; (context_dir, dockerfile) as absolute paths to give
    docker. Refused before anything reaches the daemon (see api/infra/checkout_paths.py)."""
    paths = builds.input_paths(source.path, build.context, build.dockerfile)
    try:
        _, context, dockerfile, *_ = await checkout_paths.resolve_in_checkout(
            conn, workspace.src, paths
        )
        builds.check_context_size(context, max_context_bytes)
    except checkout_paths.RepositoryPathRefused as exc:
        raise DeploymentFailed(str(exc)) from exc
    except RemoteCommandFailed as exc:
        raise DeploymentFailed(
            f"checking the build's paths on the server failed (exit {exc.exit_status})"
        ) from exc
    if context.absolute is None or dockerfile.absolute is None:  # required: never absent
        raise DeploymentFailed("the build context or Dockerfile is missing in the checkout")
    return context.absolute, dockerfile.absolute


async def choose_builder(conn: ServerConnection, *, needs_buildkit: bool) -> builds.Builder:
    """BuildKit wherever the server's docker can run it; build secrets exist only there, so
    an application with secrets fails here, before its secrets are written to the server."""
    builder = await builds.probe_builder(conn)
    if needs_buildkit and not builder.buildkit:
        raise DeploymentFailed(
            "the application has build secrets, which need BuildKit, but the server's docker "
            f"({builder.cli}) has neither the buildx plugin nor BuildKit built in: "
            f"{builds.BUILDKIT_FIX}"
        )
    return builder
