"""Project an application's domain rows onto its server's proxy.

Under servers/ because the proxy belongs to the server: its setup writes every document,
a deployment rewrites its application's, and the domains API (the higher package) calls in.

The document is the whole truth for one application, rebuilt from the database on every
change: writing it is idempotent, so a retry, a re-run of setup or a deploy heals any drift
(a write that succeeded before its transaction failed to commit, a volume wiped by hand).
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra import proxy_files
from api.infra import traefik_domains as td
from api.infra.connections import ConnectionManager
from api.infra.errors import InfraError
from api.kit.crypto import Keyring
from api.models import Application, Domain, Server
from api.servers.connectivity import connection_target, problem_for
from api.servers.exceptions import DomainNotRoutable, ProxyMissing
from api.servers.repository import RoutedDomainRepository

log = structlog.get_logger("berth.domains")


def key_context(domain_id: object) -> str:
    return f"domain:{domain_id}:private_key"


def route_for(domain: Domain, keyring: Keyring | None) -> td.DomainRoute:
    """A validated route; the key is decrypted only when a document is being written."""
    key = None
    if domain.private_key_encrypted is not None and keyring is not None:
        key = keyring.decrypt(domain.private_key_encrypted, context=key_context(domain.id))
    return td.DomainRoute(
        id=domain.id,
        host=domain.host,
        path_prefix=domain.path_prefix,
        strip_prefix=domain.strip_prefix,
        port=domain.port,
        certificate=domain.certificate.value,
        redirect_https=domain.redirect_https,
        www_redirect=domain.www_redirect.value,
        basic_auth=list(domain.basic_auth),
        headers=dict(domain.headers),
        certificate_pem=domain.certificate_pem if key is not None else None,
        private_key_pem=key,
    )


def document_for(
    app: Application, server: Server, domains: Sequence[Domain], keyring: Keyring
) -> str:
    port = app.runtime.get("port")
    try:
        document = td.application_document(
            app.service_name,
            port,
            [route_for(d, keyring) for d in domains],
            # The app's labels define `<service>@swarm` only when it has a generated route.
            swarm_routed=bool(server.base_domain and port),
        )
    except ValueError as exc:
        raise DomainNotRoutable(f"application '{app.name}': {exc}") from exc
    return td.render(document)


async def apply(
    session: AsyncSession,
    keyring: Keyring,
    connections: ConnectionManager,
    app: Application,
    server: Server,
) -> bool:
    """Write the app's document to its server; False when the server has no proxy yet (its
    setup applies every document). Raises a problem when the server cannot be written."""
    domains = await RoutedDomainRepository(session).for_application(app.id)
    content = document_for(app, server, domains, keyring)  # validated before any I/O
    if not server.is_set_up:
        return False
    try:
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            await proxy_files.write_document(conn.docker, td.file_name(app.service_name), content)
    except proxy_files.ProxyNotInstalled as exc:
        raise ProxyMissing(f"server '{server.name}': {exc}") from exc
    except InfraError as exc:
        raise problem_for(server, exc) from exc
    log.info("domains applied", application=str(app.id), domains=len(domains))
    return True


async def reapply_after_release(
    session: AsyncSession,
    keyring: Keyring,
    connections: ConnectionManager,
    app: Application,
    server: Server,
) -> None:
    """After a deployment: the app's port may have changed, and a document lost or edited
    on the server is restored. Never fails the release: the new version already serves, and
    the domain API reports routing problems on its own."""
    if not await RoutedDomainRepository(session).for_application(app.id):
        return
    try:
        await apply(session, keyring, connections, app, server)
    except Exception:  # a deployment's outcome is about the release, not the domains
        log.warning("re-applying domains after a release failed", exc_info=True)


async def apply_server(
    session: AsyncSession, keyring: Keyring, connections: ConnectionManager, server: Server
) -> int:
    """Every application's document on one server (after setup). Returns how many."""
    apps = await RoutedDomainRepository(session).applications_on_server(server.id)
    for app in apps:
        await apply(session, keyring, connections, app, server)
    await _empty_orphans(keyring, connections, server, {td.file_name(a.service_name) for a in apps})
    return len(apps)


async def _empty_orphans(
    keyring: Keyring, connections: ConnectionManager, server: Server, wanted: set[str]
) -> None:
    """Documents of applications deleted since (or of another control plane's past): their
    routes would keep answering and their uploaded keys would stay on the server. The archive
    API cannot delete a file, so each is replaced by an empty document."""
    empty = td.render({})
    try:
        async with connections.connect(server.id, connection_target(server, keyring)) as conn:
            for name in await proxy_files.list_documents(conn.docker):
                if name not in wanted:
                    await proxy_files.write_document(conn.docker, name, empty)
                    log.info("emptied an orphaned proxy document", file=name)
    except InfraError as exc:
        raise problem_for(server, exc) from exc
