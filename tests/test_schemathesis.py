"""Schemathesis over the committed OpenAPI document, against the real app.

Every operation is called with generated requests (positive and negative data) by an owner
holding a full-scope token, its path ids pointing at rows that exist, so handlers run past
their 404s. Each response must be documented: its status code, its media type and its body
schema (`status_code_conformance`, `content_type_conformance`, `response_schema_conformance`),
and no response may be an undocumented 5xx (`not_a_server_error` — a 5xx the document lists,
like the 503 of an unreachable server, is a deliberate answer, not a crash).

Cases are drawn with Hypothesis first (derandomized: the same cases every run), then sent
through `httpx.ASGITransport` on the test's own event loop, because requests share the test's
rolled-back PostgreSQL connection, which a thread-hopping synchronous client cannot use. The
cost of that split is no shrinking: a failure reports the generated case as it was.

Servers in the fixtures point at a loopback port where nothing listens, so every operation
that would reach a server over SSH answers its documented 503 at once, without a test bed.
"""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli.__main__ import OPENAPI_PATH
from api.kit.crypto import Keyring
from api.models import (
    Application,
    Domain,
    Membership,
    Organization,
    Role,
    User,
)
from tests.factories.users import add_member, bearer, create_org, create_token, create_user
from tests.support.world import seed_resources

MAX_EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# A streamed response (SSE) is read this long, then the client hangs up: its status, media
# type and first events are what the checks look at.
STREAM_READ_SECONDS = 0.3
REQUEST_TIMEOUT_SECONDS = 15.0

DOCUMENT = json.loads(OPENAPI_PATH.read_text())


def server_error_config(document: dict[str, Any]) -> schemathesis.Config:
    """`not_a_server_error` accepts a 5xx only where the document lists it for that operation:
    a deliberate, documented answer (503 unreachable server, 502 docker error), not a crash."""
    operations = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            documented = [s for s in operation["responses"] if s.startswith("5")]
            if documented:
                statuses = ["2xx", "3xx", "4xx", *documented]
                operations.append(
                    {
                        "include-name": f"{method.upper()} {path}",
                        "checks": {"not_a_server_error": {"expected-statuses": statuses}},
                    }
                )
    return schemathesis.Config.from_dict({"operations": operations})


SCHEMA = schemathesis.openapi.from_dict(DOCUMENT, config=server_error_config(DOCUMENT))
# An operation the loader cannot read fails loudly here (`ok()` raises), not as a skip.
OPERATIONS = {
    op.label: op
    for op in (result.ok() for result in SCHEMA.get_all_operations())  # type: ignore[union-attr]
}
# Operations that would remove what the test authenticates with: the organization holding
# the owner's token (every later case would be a 401 about nothing).
EXCLUDED = {"DELETE /api/v1/organizations/{organization_id}"}


def refused_port() -> int:
    """A loopback port that nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class World:
    ids: dict[str, str]
    headers: dict[str, str]
    user_ids: list[uuid.UUID]


async def build_world(session: AsyncSession, keyring: Keyring) -> World:
    """Rows for every path id; servers and registries at loopback ports that refuse."""
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, owner_secret = await create_token(session, org, owner, name="schemathesis")
    member = await create_user(session)
    await add_member(session, org, member, Role.member)
    viewer_token, _ = await create_token(session, org, member, name="member")
    ids = await seed_resources(
        session,
        org,
        label="schemathesis",
        server_address=("127.0.0.1", refused_port()),
        registry_host=f"127.0.0.1:{refused_port()}",
        # Its test send answers at once.
        webhook_url=f"http://127.0.0.1:{refused_port()}/",
        keyring=keyring,
    )
    ids |= {"token_id": viewer_token.id, "user_id": member.id}
    return World(
        ids={k: str(v) for k, v in ids.items()},
        headers=bearer(owner_secret),
        user_ids=[owner.id, member.id],
    )


async def delete_world(sessionmaker: async_sessionmaker[AsyncSession], world: World) -> None:
    """Remove a committed world: its organizations (cascading to everything in them), its
    users, and what the run created under the owner (organizations, invited members)."""
    owner_id = world.user_ids[0]
    async with sessionmaker() as session, session.begin():
        orgs = select(Membership.organization_id).where(Membership.user_id == owner_id)
        org_ids = list((await session.scalars(orgs)).all())
        # Applications first: they RESTRICT the deletion of the servers they run on.
        await session.execute(delete(Application).where(Application.organization_id.in_(org_ids)))
        await session.execute(delete(Domain).where(Domain.organization_id.in_(org_ids)))
        await session.execute(delete(Organization).where(Organization.id.in_(org_ids)))
        await session.execute(delete(User).where(User.id.in_(world.user_ids)))


@pytest.fixture
async def world(session: AsyncSession, app: FastAPI) -> World:
    return await build_world(session, app.state.keyring)


def draw_cases(label: str, world: World) -> Iterator[Case[Any]]:
    """The operation's cases: positive ones aimed at the fixtures, negative ones as generated."""
    operation = OPERATIONS[label]
    names = {p.name for p in operation.path_parameters}
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        fixed = {k: v for k, v in world.ids.items() if k in names}
        strategy = operation.as_strategy(
            generation_mode=mode,
            path_parameters=fixed if mode is GenerationMode.POSITIVE else None,
        )
        drawn: list[Case[Any]] = []

        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def collect(case: Case[Any]) -> None:
            drawn.append(case)  # noqa: B023 - run at once, inside this iteration

        try:
            collect()
        except Unsatisfiable:
            # Nothing to get wrong: an operation without parameters or body has no
            # negative cases (Hypothesis says so rather than drawing none).
            continue
        yield from drawn


def httpx_arguments(case: Case[Any], headers: dict[str, str]) -> dict[str, Any]:
    kwargs = case.as_transport_kwargs(base_url="http://berth.test", headers=headers)
    out: dict[str, Any] = {
        "method": kwargs["method"],
        "url": kwargs["url"],
        "headers": kwargs.get("headers") or {},
        "params": kwargs.get("params") or None,
        "cookies": kwargs.get("cookies") or None,
    }
    if "json" in kwargs:
        out["json"] = kwargs["json"]
    elif "data" in kwargs:
        data = kwargs["data"]
        out["content" if isinstance(data, bytes | str) else "data"] = data
    return out


async def send(client: httpx.AsyncClient, arguments: dict[str, Any]) -> httpx.Response:
    async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
        async with client.stream(**arguments) as response:
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                body = bytearray()
                try:
                    async with asyncio.timeout(STREAM_READ_SECONDS):
                        async for chunk in response.aiter_raw():
                            body.extend(chunk)
                except TimeoutError:
                    pass
                response._content = bytes(body)
            else:
                await response.aread()
    return response


@dataclass
class Tally:
    """Figures across the run, printed at the end (the issue's closing note quotes them)."""

    operations: int = 0
    cases: int = 0
    failing_cases: int = 0
    by_check: Counter[str] = field(default_factory=Counter)


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def _print_tally(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and TALLY.operations:
        checks = ", ".join(f"{k}={v}" for k, v in sorted(TALLY.by_check.items())) or "none"
        reporter.write_line(
            f"\nschemathesis: {TALLY.operations} operations, {TALLY.cases} cases, "
            f"{TALLY.failing_cases} failing cases; failures by check: {checks}"
        )


# Streams read with sessions of their own while the request's session closes: on the one
# rolled-back test connection those overlap, so streams run against committed rows (as
# production does, one connection per session) and the world is deleted afterwards.
STREAMING = {
    label
    for label, op in OPERATIONS.items()
    for response in op.definition.raw.get("responses", {}).values()
    if "text/event-stream" in response.get("content", {})
}


@pytest.mark.parametrize("label", sorted(set(OPERATIONS) - EXCLUDED - STREAMING))
async def test_operation_conforms_to_the_document(
    label: str, client: httpx.AsyncClient, world: World
) -> None:
    await run_operation(label, client, world)


@pytest.mark.parametrize("label", sorted(STREAMING))
async def test_stream_conforms_to_the_document(
    label: str,
    committed_sessionmaker: async_sessionmaker[AsyncSession],
    committed_app: FastAPI,
    committed_client: httpx.AsyncClient,
) -> None:
    async with committed_sessionmaker() as session, session.begin():
        world = await build_world(session, committed_app.state.keyring)
    try:
        await run_operation(label, committed_client, world)
    finally:
        await delete_world(committed_sessionmaker, world)


async def run_operation(label: str, client: httpx.AsyncClient, world: World) -> None:
    TALLY.operations += 1
    reports: list[str] = []
    for case in draw_cases(label, world):
        TALLY.cases += 1
        arguments = httpx_arguments(case, world.headers)
        response = await send(client, arguments)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            TALLY.failing_cases += 1
            names = {type(f).__name__ for f in group.exceptions}
            TALLY.by_check.update(names)
            reports.append(str(group))
    if reports:
        pytest.fail(f"{len(reports)} failing cases; first:\n{reports[0]}", pytrace=False)
