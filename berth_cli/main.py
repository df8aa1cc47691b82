"""`berth`: deploy and inspect Berth applications from a terminal or a CI job.

Exit codes are the contract with CI: 0 done/healthy, 1 failed (or cancelled, or the API
unreachable), 2 rolled back, 3 timed out waiting, 4 usage or authentication error. Only the
result goes to stdout (with --json, only JSON); progress and errors go to stderr, and Rich
drops colours and control characters by itself when stderr/stdout is not a terminal.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from berth_cli import config

if TYPE_CHECKING:
    from berth_client import AuthenticatedClient
    from berth_client.models.deployment_read import DeploymentRead
    from rich.console import Console

EXIT_OK, EXIT_FAILED, EXIT_ROLLED_BACK, EXIT_TIMEOUT, EXIT_USAGE = 0, 1, 2, 3, 4
# The API's long-poll cap is 120 s; a shorter wait lets step progress show while waiting,
# and the API still answers the moment the deployment ends.
POLL_SECONDS = 5

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class State:
    context_name: str | None


def stdout() -> Console:
    from rich.console import Console

    # Piped output is read by scripts: a table must not be cut to an assumed 80 columns.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 1000)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 1000)


def fail(code: int, *lines: str) -> NoReturn:
    err = stderr()
    for line in lines:
        err.print(line, markup=False)
    sys.exit(code)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn the SDK glue's exceptions into a message on stderr and the documented exit code."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from berth_cli.sdk import ApiProblem, ApiUnavailable, NotFound

        try:
            return fn(*args, **kwargs)
        except ApiProblem as exc:
            code = EXIT_USAGE if exc.status in (400, 401, 403, 422) else EXIT_FAILED
            fail(code, *exc.lines())
        except NotFound as exc:
            fail(EXIT_USAGE, str(exc))
        except ApiUnavailable as exc:
            fail(EXIT_FAILED, str(exc))
        except config.ConfigError as exc:
            fail(EXIT_USAGE, str(exc))

    return wrapper


def client_from(ctx: click.Context, *, timeout: float = 30.0) -> AuthenticatedClient:
    from berth_cli.sdk import make_client

    state: State = ctx.find_object(State) or State(None)
    return make_client(config.resolve(state.context_name), timeout=timeout)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON only.")


class Group(click.Group):
    """Usage errors exit 4, not click's 2: 2 means "rolled back" to a CI job."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Abort:
            fail(EXIT_USAGE, "aborted")
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_USAGE)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


@click.group(cls=Group)
@click.option(
    "--context",
    "context_name",
    envvar="BERTH_CONTEXT",
    help="Named context from the config file (default: the current one).",
)
@click.pass_context
def cli(ctx: click.Context, context_name: str | None) -> None:
    """Deploy and inspect applications on a Berth control plane."""
    if context_name is not None:
        try:
            config.validate_context_name(context_name)
        except config.ConfigError as exc:
            raise click.BadParameter(str(exc), param_hint="--context") from exc
    ctx.obj = State(context_name)


@cli.command()
@click.option("--url", required=True, help="The API's base URL, e.g. https://berth.example.com")
@click.option(
    "--token",
    envvar="BERTH_TOKEN",
    prompt=True,
    hide_input=True,
    help="An API token (berth_…); prompted without echo if omitted.",
)
@json_option
@click.pass_context
@handles_errors
def login(ctx: click.Context, url: str, token: str, as_json: bool) -> None:
    """Check a URL and token against the API and store them as a context."""
    from berth_client.api.auth import auth_me

    from berth_cli.sdk import call, make_client

    state: State = ctx.find_object(State) or State(None)
    name = state.context_name or config.DEFAULT_CONTEXT
    context = config.Context(name=name, url=url.rstrip("/"), token=token)
    me = call(lambda: auth_me.sync_detailed(client=make_client(context)))
    path = config.save_context(context, make_current=True)
    if as_json:
        print_json({"context": name, "url": context.url, "user": me.to_dict(), "config": str(path)})
    else:
        stdout().print(f"Logged in to {context.url} as {me.user.email} (context {name}, {path})")


@cli.group()
def apps() -> None:
    """Applications."""


@apps.command("list")
@json_option
@click.pass_context
@handles_errors
def apps_list(ctx: click.Context, as_json: bool) -> None:
    """Every application the token can read, by project/environment/name."""
    from berth_cli import sdk

    client = client_from(ctx)
    rows = [
        (f"{project.name}/{env.name}/{app.name}", app)
        for project in sdk.projects(client)
        for env in sdk.environments(client, project)
        for app in sdk.applications(client, env)
    ]
    if as_json:
        print_json([{"path": path, **app.to_dict()} for path, app in rows])
        return
    from rich.table import Table

    table = Table("PATH", "ID", "SOURCE", "STATE", box=None)
    for path, app in rows:
        source = app.source.to_dict()
        shown = source.get("image") or source.get("repository") or ""
        table.add_row(path, str(app.id), f"{source.get('type')}: {shown}", str(app.desired_state))
    if rows:
        stdout().print(table)
    else:
        stderr().print("no applications")


def _exit_code(deployment: DeploymentRead) -> int:
    from berth_client.models.deployment_outcome import DeploymentOutcome
    from berth_client.models.job_status import JobStatus

    if deployment.outcome == DeploymentOutcome.ROLLED_BACK:
        return EXIT_ROLLED_BACK
    if deployment.status == JobStatus.SUCCEEDED:
        return EXIT_OK
    return EXIT_FAILED


def _summary(deployment: DeploymentRead) -> str:
    outcome = deployment.outcome if isinstance(deployment.outcome, str) else None
    text = f"deployment {deployment.id}: {deployment.status}"
    if outcome:
        text += f" ({outcome})"
    if isinstance(deployment.error, str) and deployment.error:
        text += f": {deployment.error}"
    return text


def _progress(deployment: DeploymentRead, seen: dict[str, str]) -> None:
    """One stderr line per step whose status changed since the last poll."""
    err = stderr()
    for step in deployment.steps:
        status = str(step.status)
        if seen.get(step.name) == status:
            continue
        seen[step.name] = status
        took = f" {step.duration_ms / 1000:.1f}s" if isinstance(step.duration_ms, int) else ""
        detail = f" {step.detail}" if step.detail else ""
        err.print(f"  {step.name}: {status}{took}{detail}", markup=False)


@cli.command()
@click.argument("app")
@click.option("--image", help="Release this image (tag or digest) instead of the application's.")
@click.option("--ref", help="Git sources: build this branch or tag.")
@click.option("--commit", help="Git sources: build exactly this commit.")
@click.option("--wait", is_flag=True, help="Follow the deployment until it ends; exit by outcome.")
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=600,
    show_default=True,
    help="With --wait: seconds to wait before giving up (exit 3).",
)
@json_option
@click.pass_context
@handles_errors
def deploy(
    ctx: click.Context,
    app: str,
    image: str | None,
    ref: str | None,
    commit: str | None,
    wait: bool,
    timeout: int,
    as_json: bool,
) -> None:
    """Deploy APP (an id or project/environment/name)."""
    from berth_client.api.deployments import (
        deployments_create_deployment,
        deployments_get_deployment,
    )
    from berth_client.models.deployment_create import DeploymentCreate
    from berth_client.models.job_status import JobStatus

    from berth_cli import sdk

    # The long-poll holds a request open for POLL_SECONDS: the read timeout must exceed it.
    client = client_from(ctx, timeout=POLL_SECONDS + 30)
    _, application = sdk.find_application(client, app)
    body = DeploymentCreate(image=image, ref=ref, commit=commit)
    deployment = sdk.call(
        lambda: deployments_create_deployment.sync_detailed(
            application.id, client=client, body=body
        )
    )
    if not wait:
        if as_json:
            print_json(deployment.to_dict())
        else:
            click.echo(str(deployment.id))
        return
    finished = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
    deadline = time.monotonic() + timeout
    seen: dict[str, str] = {}
    if not as_json:
        stderr().print(f"deployment {deployment.id} of {application.name}: waiting", markup=False)
    while deployment.status not in finished:
        if not as_json:
            _progress(deployment, seen)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if as_json:
                print_json(deployment.to_dict())
            fail(
                EXIT_TIMEOUT,
                f"timed out after {timeout}s: deployment {deployment.id} is still "
                f"{deployment.status}",
            )
        deployment = sdk.call(
            partial(
                deployments_get_deployment.sync_detailed,
                deployment.id,
                client=client,
                wait_seconds=max(1, min(POLL_SECONDS, int(remaining))),
            )
        )
    code = _exit_code(deployment)
    if as_json:
        print_json(deployment.to_dict())
    else:
        _progress(deployment, seen)
        (stdout() if code == EXIT_OK else stderr()).print(_summary(deployment), markup=False)
    sys.exit(code)


def main() -> None:
    cli()
