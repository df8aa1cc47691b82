"""The CLI's only way to the API: the generated SDK (berth_client), plus the small glue a
terminal needs on top of it: turning a problem+json answer into an error the CLI prints,
walking pages, and finding an application by its `project/environment/name` path.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol, TypeVar

import httpx
from berth_client import AuthenticatedClient
from berth_client.api.applications import (
    applications_get_application,
    applications_list_applications,
)
from berth_client.api.environments import environments_list_environments
from berth_client.api.organizations import organizations_list_organizations
from berth_client.api.projects import projects_list_projects
from berth_client.errors import UnexpectedStatus
from berth_client.models.application_read import ApplicationRead
from berth_client.models.environment_read import EnvironmentRead
from berth_client.models.page_meta import PageMeta
from berth_client.models.problem import Problem
from berth_client.models.project_read import ProjectRead
from berth_client.types import Response

from berth_cli.config import Context

T = TypeVar("T")
PAGE_LIMIT = 100  # the API's maximum: fewest round trips when walking a list


class ApiProblem(Exception):
    """The API answered an RFC 9457 problem: its title, detail and field errors."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.title)

    @property
    def status(self) -> int:
        return self.problem.status

    def lines(self) -> list[str]:
        head = self.problem.title
        if isinstance(self.problem.detail, str) and self.problem.detail:
            head = f"{head}: {self.problem.detail}"
        out = [head]
        if isinstance(self.problem.errors, list):
            for error in self.problem.errors:
                where = ".".join(str(part) for part in error.loc)
                out.append(f"  {where}: {error.msg}")
        return out


class ApiUnavailable(Exception):
    """The API could not be reached or answered something that is not its own problem."""


class NotFound(Exception):
    """A path (`project/environment/name`) named nothing the token can read."""


def make_client(context: Context, *, timeout: float = 30.0) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=context.url,
        token=context.token,
        timeout=httpx.Timeout(timeout),
        raise_on_unexpected_status=True,
    )


def call(fn: Callable[[], Response[T | Problem]]) -> T:
    """Run one SDK call; a problem answer raises ApiProblem, a transport failure
    ApiUnavailable, so commands only ever handle the success type."""
    try:
        response = fn()
    except UnexpectedStatus as exc:
        raise ApiUnavailable(f"the API answered an unexpected {exc.status_code}") from exc
    except httpx.HTTPError as exc:
        raise ApiUnavailable(f"cannot reach the API: {exc}") from exc
    parsed = response.parsed
    if isinstance(parsed, Problem):
        raise ApiProblem(parsed)
    if parsed is None:
        raise ApiUnavailable(f"the API answered {int(response.status_code)} without a body")
    return parsed


class Page(Protocol):
    @property
    def pagination(self) -> PageMeta: ...


P = TypeVar("P", bound=Page)


def pages(fetch: Callable[..., Response[P | Problem]]) -> Iterator[P]:
    """Every page of a paginated list, in order; `fetch` takes the `page` keyword."""
    number = 1
    while True:
        page = call(partial(fetch, page=number))
        yield page
        if number >= page.pagination.max_page:
            return
        number += 1


def projects(client: AuthenticatedClient) -> Iterator[ProjectRead]:
    for org in call(partial(organizations_list_organizations.sync_detailed, client=client)):
        list_projects = partial(
            projects_list_projects.sync_detailed, org.id, client=client, limit=PAGE_LIMIT
        )
        for page in pages(list_projects):
            yield from page.items


def environments(client: AuthenticatedClient, project: ProjectRead) -> Iterator[EnvironmentRead]:
    list_environments = partial(
        environments_list_environments.sync_detailed, project.id, client=client, limit=PAGE_LIMIT
    )
    for page in pages(list_environments):
        yield from page.items


def applications(
    client: AuthenticatedClient, environment: EnvironmentRead
) -> Iterator[ApplicationRead]:
    list_applications = partial(
        applications_list_applications.sync_detailed,
        environment.id,
        client=client,
        limit=PAGE_LIMIT,
    )
    for page in pages(list_applications):
        yield from page.items


def find_application(client: AuthenticatedClient, ref: str) -> tuple[str, ApplicationRead]:
    """An application by id, or by `project/environment/name`; with its path."""
    try:
        app_id = uuid.UUID(ref)
    except ValueError:
        parts = ref.split("/")
        if len(parts) != 3 or not all(parts):
            raise NotFound(
                f"{ref!r} is neither an application id nor a project/environment/name path"
            ) from None
        project_name, env_name, app_name = parts
        for project in projects(client):
            if project.name != project_name:
                continue
            for env in environments(client, project):
                if env.name != env_name:
                    continue
                for app in applications(client, env):
                    if app.name == app_name:
                        return ref, app
        raise NotFound(f"no application {ref!r} readable with this token") from None
    app = call(partial(applications_get_application.sync_detailed, app_id, client=client))
    return str(app.id), app
