"""The periodic certificate check: a failed issuance or renewal is announced once.

Traefik obtains and renews certificates on its own, so nobody hears of a failure unless
something reads the proxy's state: this job does, for every set-up server with ACME
domains, one read of its storage and log per server (api/domains/status.py). The last
state seen is kept on the domain; a failure is announced on the change into it, so a
certificate that cannot be issued is one message, not one per period, and a new one
follows only after it was issued (or renewed) in between.

"Pending" (nothing obtained, no error logged yet, or the failure has scrolled out of the
log tail) is no news either way: it keeps the last state, so a failure that falls out of
the tail and is logged again on Traefik's next attempt is not announced twice.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.domains import status as cert_status
from api.domains.schemas import CertificateStatus
from api.infra import traefik_domains as td
from api.infra.connections import ConnectionManager
from api.infra.errors import InfraError
from api.kit.crypto import Keyring
from api.kit.errors import BerthError
from api.models import Application, CertificateMode, Domain, Environment, Project, Server
from api.models.base import utcnow
from api.notifications.events import Event, EventType
from api.notifications.outbox import announce
from api.servers.repository import ServerRepository

log = structlog.get_logger("berth.domains")

FAILED = "failed"
RENEWAL_FAILED = "renewal_failed"
ISSUED = "issued"
_ACME_MODES = [CertificateMode(mode) for mode in td.RESOLVERS]


def tracked_state(status: CertificateStatus) -> str | None:
    """The state worth remembering, or None for "no news" (pending, not ACME)."""
    if status.status == "failed":
        return FAILED
    if status.status == "issued":
        return RENEWAL_FAILED if status.reason else ISSUED
    return None


@dataclass(frozen=True)
class ServerCheck:
    server_id: uuid.UUID
    checked: int = 0
    announced: int = 0
    error: str | None = None


async def check_server(
    sessionmaker: async_sessionmaker[AsyncSession],
    keyring: Keyring,
    connections: ConnectionManager,
    server_id: uuid.UUID,
) -> ServerCheck:
    # Read what to check, then close the transaction: the proxy read goes over SSH and
    # may take seconds, which no transaction (nor row lock) should be held open for.
    async with sessionmaker() as session:
        server = await session.get(Server, server_id)
        if server is None or not server.is_set_up:
            return ServerCheck(server_id)
        domains = list(
            await session.scalars(
                select(Domain).where(
                    Domain.server_id == server_id, Domain.certificate.in_(_ACME_MODES)
                )
            )
        )
    if not domains:
        return ServerCheck(server_id)
    try:
        statuses = await cert_status.certificate_statuses(keyring, connections, server, domains)
    except (BerthError, InfraError) as exc:
        # Unreachable is the servers refresh's news, not a certificate's.
        return ServerCheck(server_id, error=str(exc))
    seen = {d.id: s for d, s in zip(domains, statuses, strict=True)}
    announced = 0
    async with sessionmaker() as session, session.begin():
        # Locked and re-read: a second check running at the same time (a leader change
        # inside one period) waits here and then sees this one's state, so the change is
        # announced once.
        locked = await session.scalars(
            select(Domain).where(Domain.id.in_(list(seen))).order_by(Domain.id).with_for_update()
        )
        for domain in locked:
            state = tracked_state(seen[domain.id])
            domain.certificate_checked_at = utcnow()
            if state is None or state == domain.certificate_check_state:
                continue
            domain.certificate_check_state = state
            if state in (FAILED, RENEWAL_FAILED):
                announced += await announce_certificate_failure(
                    session, server, domain, seen[domain.id]
                )
    return ServerCheck(server_id, checked=len(seen), announced=announced)


async def announce_certificate_failure(
    session: AsyncSession, server: Server, domain: Domain, status: CertificateStatus
) -> int:
    app = await session.get(Application, domain.application_id)
    environment = await session.get(Environment, app.environment_id) if app else None
    project = await session.get(Project, environment.project_id) if environment else None
    names = [n for n in (project and project.name, environment and environment.name) if n]
    facts = {"Server": server.name}
    if app is not None:
        facts["Application"] = " / ".join([*names, app.name])
    if status.not_after is not None:
        facts["Expires"] = status.not_after.isoformat(timespec="minutes")
    return await announce(
        session,
        Event(
            type=EventType.certificate_failed,
            organization_id=domain.organization_id,
            target_type="domain",
            target_id=domain.id,
            subject=domain.host,
            path=f"/orgs/{domain.organization_id}/applications/{domain.application_id}/domains",
            # The CA's own words, as the status page shows them.
            reason=status.reason,
            project_id=environment.project_id if environment else None,
            environment_id=app.environment_id if app else None,
            facts=facts,
        ),
    )


async def check_certificates(
    sessionmaker: async_sessionmaker[AsyncSession],
    keyring: Keyring,
    connections: ConnectionManager,
    concurrency: int,
) -> list[ServerCheck]:
    """Every connectable, set-up server with ACME domains, a bounded number at a time."""
    async with sessionmaker() as session:
        servers = await ServerRepository(session).list_connectable()
        with_acme = set(
            await session.scalars(
                select(Domain.server_id).where(Domain.certificate.in_(_ACME_MODES)).distinct()
            )
        )
    ids = [s.id for s in servers if s.is_set_up and s.id in with_acme]
    limit = asyncio.Semaphore(concurrency)

    async def one(server_id: uuid.UUID) -> ServerCheck:
        async with limit:
            return await check_server(sessionmaker, keyring, connections, server_id)

    results = await asyncio.gather(*(one(i) for i in ids), return_exceptions=True)
    out: list[ServerCheck] = []
    for server_id, result in zip(ids, results, strict=True):
        if isinstance(result, BaseException):
            log.error("certificate check failed", server_id=str(server_id), error=repr(result))
            out.append(ServerCheck(server_id, error=repr(result)))
        else:
            out.append(result)
    return out
