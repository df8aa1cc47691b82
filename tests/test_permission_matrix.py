"""The permission matrix, derived from the app's routes (not a hand-written list).

Every `/api/v1` route with a path parameter must declare the permission it enforces
(through `organization_access` or a resource loader marked with `requires`). Each is then
called as: nobody, a member of another organization, a viewer, an owner holding a
read-only token, and an owner. New routes are covered automatically; a route whose path
parameter has no factory below fails the test until one is added.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.permissions import Permission
from api.main import API_PREFIX
from api.models import (
    Application,
    AuditExport,
    CertificateMode,
    Database,
    DatabaseAction,
    DatabaseEngine,
    DatabaseLink,
    DatabaseOperation,
    Deployment,
    DeploymentTrigger,
    Domain,
    JobStatus,
    Registry,
    Role,
    Server,
    ServerKind,
    ServerSetup,
    TokenScope,
)
from tests.factories.projects import create_environment, create_project
from tests.factories.users import (
    add_member,
    bearer,
    create_org,
    create_token,
    create_user,
)

# Routes that need no organisation permission: they act on the caller themselves.
SELF_ROUTES = {
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/password"),
    ("GET", "/api/v1/auth/security-events"),
    ("GET", "/api/v1/organizations"),
    ("POST", "/api/v1/organizations"),
}
# Routes whose caller is a git host proving itself with a signature, not a member: tested
# in tests/webhooks (bad signature -> 401, nothing queued).
SIGNED_ROUTES = {("POST", "/api/v1/webhooks/{application_id}/{provider}")}
_UNSET = object()


@dataclass
class World:
    ids: dict[str, uuid.UUID]
    owner: dict[str, str]
    owner_read_only: dict[str, str]
    viewer: dict[str, str]
    outsider: dict[str, str]


@pytest.fixture
async def world(session: AsyncSession) -> World:
    owner = await create_user(session)
    org = await create_org(session, owner=owner)
    _, owner_secret = await create_token(session, org, owner, name="owner-all")
    _, owner_ro_secret = await create_token(session, org, owner, [TokenScope.read], name="ro")
    viewer = await create_user(session)
    await add_member(session, org, viewer, Role.viewer)
    # The viewer's own token: tokens are readable by their owner (others need admin).
    viewer_token, viewer_secret = await create_token(session, org, viewer, name="viewer")
    member = await create_user(session)
    await add_member(session, org, member, Role.member)

    outsider = await create_user(session)
    other_org = await create_org(session, owner=outsider)
    # The outsider is a full owner elsewhere: only the tenant boundary may stop them.
    _, outsider_secret = await create_token(session, other_org, outsider)

    project = await create_project(session, org)
    environment = await create_environment(session, project)
    export = AuditExport(
        organization_id=org.id, requested_by="test", status=JobStatus.succeeded, content=b""
    )
    session.add(export)
    # Rows only, no network: the matrix checks who may call, not what a server answers.
    server = Server(
        organization_id=org.id,
        name="matrix",
        kind=ServerKind.ssh,
        host="192.0.2.10",
        port=22,
        username="root",
        public_key="ssh-ed25519 AAAA matrix",
    )
    session.add(server)
    await session.flush()
    setup = ServerSetup(
        organization_id=org.id,
        server_id=server.id,
        requested_by="test",
        status=JobStatus.succeeded,
        steps=[],
    )
    session.add(setup)
    await session.flush()
    application = Application(
        organization_id=org.id,
        environment_id=environment.id,
        server_id=server.id,
        name="web",
        source={"type": "image", "image": "registry.test/web:1"},
        runtime={"replicas": 1},
        service_name=f"berth-web-{uuid.uuid4().hex[:8]}",
    )
    session.add(application)
    await session.flush()
    deployment = Deployment(
        organization_id=org.id,
        application_id=application.id,
        server_id=server.id,
        trigger=DeploymentTrigger.api,
        source=application.source,
        runtime=application.runtime,
        status=JobStatus.succeeded,
        steps=[],
    )
    session.add(deployment)
    # Never decrypted here: the matrix owner only reads, and reads never reveal it.
    registry = Registry(
        organization_id=org.id,
        name="matrix",
        host="registry.test",
        username="ci",
        password_encrypted="v1.unused",
    )
    session.add(registry)
    domain = Domain(
        organization_id=org.id,
        application_id=application.id,
        server_id=server.id,
        host="matrix.example.com",
        certificate=CertificateMode.letsencrypt_http,
    )
    session.add(domain)
    database = Database(
        organization_id=org.id,
        environment_id=environment.id,
        server_id=server.id,
        name="matrix",
        engine=DatabaseEngine.postgresql,
        image="postgres:17",
        service_name=f"db-matrix-{uuid.uuid4().hex[:8]}",
        volume_name="db-matrix-data",
        database_name="matrix",
        username="matrix",
        credentials_encrypted="v1.unused",
    )
    session.add(database)
    await session.flush()
    operation = DatabaseOperation(
        organization_id=org.id,
        database_id=database.id,
        action=DatabaseAction.create,
        status=JobStatus.succeeded,
        steps=[],
    )
    link = DatabaseLink(
        organization_id=org.id,
        application_id=application.id,
        database_id=database.id,
        variable="DATABASE_URL",
    )
    session.add_all([operation, link])
    await session.flush()
    return World(
        ids={
            "organization_id": org.id,
            "project_id": project.id,
            "environment_id": environment.id,
            "token_id": viewer_token.id,
            "export_id": export.id,
            "user_id": member.id,
            "server_id": server.id,
            "setup_id": setup.id,
            "application_id": application.id,
            "deployment_id": deployment.id,
            "registry_id": registry.id,
            "domain_id": domain.id,
            "database_id": database.id,
            "operation_id": operation.id,
            "link_id": link.id,
        },
        owner=bearer(owner_secret),
        owner_read_only=bearer(owner_ro_secret),
        viewer=bearer(viewer_secret),
        outsider=bearer(outsider_secret),
    )


def _required_permissions(dependant: Dependant) -> set[Any]:
    found: set[Any] = set()
    marker = getattr(dependant.call, "required_permission", _UNSET)
    if marker is not _UNSET:
        found.add(marker)
    for sub in dependant.dependencies:
        found |= _required_permissions(sub)
    return found


@dataclass(frozen=True)
class ApiRoute:
    """A route as mounted: full path, and the dependant with router-level dependencies."""

    path: str
    dependant: Dependant


def api_routes(app: FastAPI) -> list[tuple[str, ApiRoute]]:
    # Included routers are resolved lazily in this FastAPI version: `app.routes` holds
    # router placeholders, so walk the effective route contexts instead.
    out: list[tuple[str, ApiRoute]] = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        path = context.path
        if path and path.startswith(API_PREFIX):
            route = ApiRoute(path=path, dependant=context.dependant)
            out.extend((method, route) for method in sorted(context.methods or ()))
    assert len(out) >= 30, f"route discovery found only {len(out)} routes"
    return out


def _url(route: ApiRoute, ids: dict[str, uuid.UUID]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in ids, f"{route.path}: add a factory for path parameter '{name}'"
        return str(ids[name])

    return re.sub(r"\{(\w+)\}", fill, route.path)


async def _call(
    client: httpx.AsyncClient, method: str, url: str, headers: dict[str, str]
) -> httpx.Response:
    # A JSON body on writes so that content-type or body checks can't mask the outcome.
    body: dict[str, object] | None = {} if method in {"POST", "PUT", "PATCH"} else None
    return await client.request(method, url, json=body, headers=headers)


def test_every_parametrised_route_declares_one_permission(app: FastAPI) -> None:
    for method, route in api_routes(app):
        required = _required_permissions(route.dependant)
        if (method, route.path) in SELF_ROUTES | SIGNED_ROUTES:
            continue
        assert "{" in route.path, f"{method} {route.path}: new unscoped route; add to SELF_ROUTES?"
        assert len(required) == 1, f"{method} {route.path}: declares permissions {required}"
        assert next(iter(required)) in set(Permission), f"{method} {route.path}"


async def test_unauthenticated_calls_are_refused(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    for method, route in api_routes(app):
        if route.path == "/api/v1/auth/login" or (method, route.path) in SIGNED_ROUTES:
            continue
        response = await _call(client, method, _url(route, world.ids), {})
        assert response.status_code == 401, f"{method} {route.path}: {response.status_code}"


async def test_other_organizations_members_get_404_everywhere(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    for method, route in api_routes(app):
        if (method, route.path) in SELF_ROUTES | SIGNED_ROUTES:
            continue
        response = await _call(client, method, _url(route, world.ids), world.outsider)
        assert response.status_code == 404, f"{method} {route.path}: {response.status_code}"
        assert response.headers["content-type"] == "application/problem+json"


def _expectation(route: ApiRoute) -> Permission:
    (permission,) = _required_permissions(route.dependant)
    assert isinstance(permission, Permission)
    return permission


async def test_viewers_read_but_never_write(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    for method, route in api_routes(app):
        if (method, route.path) in SELF_ROUTES | SIGNED_ROUTES:
            continue
        permission = _expectation(route)
        response = await _call(client, method, _url(route, world.ids), world.viewer)
        if permission is Permission.read:
            assert method == "GET", f"{method} {route.path} writes with only 'read'"
            assert _authorized(response), f"{method} {route.path}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{method} {route.path}: {response.status_code}"


async def test_read_scoped_tokens_cannot_write_even_for_owners(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    for method, route in api_routes(app):
        if (method, route.path) in SELF_ROUTES | SIGNED_ROUTES:
            continue
        if _expectation(route) is Permission.read:
            continue
        response = await _call(client, method, _url(route, world.ids), world.owner_read_only)
        assert response.status_code == 403, f"{method} {route.path}: {response.status_code}"


async def test_owners_can_read_everything(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    """Guards the other tests: the ids are real, so refusals above are not accidents."""
    for method, route in api_routes(app):
        if method != "GET" or (method, route.path) in SELF_ROUTES:
            continue
        response = await _call(client, method, _url(route, world.ids), world.owner)
        assert _authorized(response), f"{method} {route.path}: {response.status_code}"


def _authorized(response: httpx.Response) -> bool:
    """Past authorization: a success, or a problem about the target server (a read that
    contacts an untrusted or unreachable server), never 401/403/404."""
    if response.is_success:
        return True
    problem = str(response.json()["type"])
    about_server = "/server-" in problem or problem.endswith(
        ("/host-key-not-trusted", "/host-key-changed")
    )
    return response.status_code in (409, 502, 503) and about_server
