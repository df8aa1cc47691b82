from __future__ import annotations

from fastapi import APIRouter, status

from api.applications import dependencies as app_deps
from api.applications.exceptions import ApplicationNotFound
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.domains import status as cert_status
from api.domains.dependencies import DomainReadDep, DomainWriteDep
from api.domains.exceptions import (
    DomainNotFound,
    DomainTaken,
    InvalidDomainChange,
    TooManyDomains,
)
from api.domains.schemas import CertificateStatus, DomainCreate, DomainRead, DomainUpdate
from api.domains.service import domain_service, to_read
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import PaginationDep, SessionDep
from api.kit.errors import BerthError
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.servers.dependencies import ConnectionsDep
from api.servers.exceptions import CONNECTION_PROBLEMS, DomainNotRoutable, ProxyMissing

router = APIRouter(tags=["domains"], route_class=BerthRoute)

_APP = (NotAuthenticated, ApplicationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, DomainNotFound, PermissionDenied)
_APPLY: tuple[type[BerthError], ...] = (DomainNotRoutable, ProxyMissing, *CONNECTION_PROBLEMS)


@router.get(
    "/applications/{application_id}/domains",
    summary="List an application's domains",
    response_model=Page[DomainRead],
    responses=problem_responses(*_APP),
)
async def list_domains(
    scoped: app_deps.ApplicationRead, session: SessionDep, pagination: PaginationDep
) -> Page[DomainRead]:
    """Custom domains routed to the application, oldest first."""
    items, total = await domain_service.list(session, scoped.obj, pagination)
    return Page.build([to_read(d) for d in items], total, pagination)


@router.get(
    "/applications/{application_id}/domains/certificates",
    summary="Get the certificate status of an application's domains",
    response_model=list[CertificateStatus],
    responses=problem_responses(*_APP, *CONNECTION_PROBLEMS),
)
async def list_certificate_statuses(
    scoped: app_deps.ApplicationRead,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
) -> list[CertificateStatus]:
    """Every domain's certificate (at most 500), from one read of the server's proxy state."""
    domains = await domain_service.all_of(session, scoped.obj)
    server = await domain_service.server_of_application(session, scoped.obj)
    return await cert_status.certificate_statuses(keyring, connections, server, domains)


@router.post(
    "/applications/{application_id}/domains",
    summary="Add a domain",
    status_code=status.HTTP_201_CREATED,
    response_model=DomainRead,
    responses=problem_responses(*_APP, DomainTaken, TooManyDomains, *_APPLY),
)
async def create_domain(
    body: DomainCreate,
    scoped: app_deps.ApplicationWrite,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
) -> DomainRead:
    """Route a host (and path prefix) to the application; live on the server when this returns."""
    domain = await domain_service.create(
        session, scoped.access, keyring, connections, scoped.obj, body
    )
    return to_read(domain)


@router.get(
    "/domains/{domain_id}",
    summary="Get a domain",
    response_model=DomainRead,
    responses=problem_responses(*_ITEM),
)
async def get_domain(scoped: DomainReadDep) -> DomainRead:
    """One domain; passwords and private keys are never returned."""
    return to_read(scoped.obj)


@router.patch(
    "/domains/{domain_id}",
    summary="Change a domain",
    response_model=DomainRead,
    responses=problem_responses(*_ITEM, InvalidDomainChange, DomainTaken, *_APPLY),
)
async def update_domain(
    body: DomainUpdate,
    scoped: DomainWriteDep,
    session: SessionDep,
    keyring: KeyringDep,
    connections: ConnectionsDep,
) -> DomainRead:
    """Change TLS, redirects, auth, headers or port; live on the server when this returns."""
    domain = await domain_service.update(
        session, scoped.access, keyring, connections, scoped.obj, body
    )
    return to_read(domain)


@router.delete(
    "/domains/{domain_id}",
    summary="Remove a domain",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM, *_APPLY),
)
async def delete_domain(
    scoped: DomainWriteDep, session: SessionDep, keyring: KeyringDep, connections: ConnectionsDep
) -> None:
    """Stop routing the domain; other domains and applications are not interrupted."""
    await domain_service.delete(session, scoped.access, keyring, connections, scoped.obj)


@router.get(
    "/domains/{domain_id}/certificate",
    summary="Get a domain's certificate status",
    response_model=CertificateStatus,
    responses=problem_responses(*_ITEM, *CONNECTION_PROBLEMS),
)
async def get_certificate_status(
    scoped: DomainReadDep, session: SessionDep, keyring: KeyringDep, connections: ConnectionsDep
) -> CertificateStatus:
    """Pending, issued (with expiry) or failed with the CA's reason, read from the server."""
    server = await domain_service.server_of(session, scoped.obj)
    return await cert_status.certificate_status(keyring, connections, server, scoped.obj)
