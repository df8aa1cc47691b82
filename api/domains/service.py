"""Domains of applications: stored, then projected onto the server's proxy in the same request.

Why synchronously and not as a job: the write is one small file through the server's open
connection (the whole POST: median 0.26 s, bench/domains.py), and the caller learns at once
whether the route exists.
The server write happens after every check and before the commit; if it fails the request
fails and nothing is stored. If the commit fails after a successful write, the document
names a domain the database does not have until the app's next change, setup or deploy
rewrites it from the database (the document is always the whole state, see servers/proxy.py).
"""

from __future__ import annotations

import asyncio
import builtins
import uuid
from collections.abc import Sequence

import bcrypt
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.repository import ApplicationRepository
from api.audit.service import audit
from api.auth.permissions import Access
from api.domains import certificates
from api.domains.exceptions import DomainTaken, InvalidDomainChange, TooManyDomains
from api.domains.repository import DomainRepository
from api.domains.schemas import (
    BasicAuthUser,
    DomainCreate,
    DomainRead,
    DomainUpdate,
    UploadedCertificate,
)
from api.infra import traefik_domains as td
from api.infra.connections import ConnectionManager
from api.kit.crypto import Keyring
from api.kit.pagination import PaginationParams
from api.models import Application, CertificateMode, Domain, Server, WwwRedirect
from api.servers import proxy
from api.servers.repository import ServerRepository

# Traefik checks the hash on every request that carries credentials: cost 10 is ~50 ms of
# one core per request, the price of a hash that resists offline guessing if the proxy's
# volume leaks.
BCRYPT_ROUNDS = 10
# Each change rewrites the app's whole document: bounded, so is the write (~1 KB a domain).
MAX_DOMAINS_PER_APPLICATION = 500


def hash_user(username: str, password: str) -> str:
    digest = bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
    return f"{username}:{digest}"


async def hash_users(users: Sequence[BasicAuthUser]) -> builtins.list[str]:
    """In a thread: each hash is tens of milliseconds of CPU the event loop must not wait on."""
    return await asyncio.to_thread(lambda: [hash_user(u.username, u.password) for u in users])


def to_read(domain: Domain) -> DomainRead:
    return DomainRead(
        id=domain.id,
        application_id=domain.application_id,
        server_id=domain.server_id,
        host=domain.host,
        host_unicode=certificates.unicode_host(domain.host),
        path_prefix=domain.path_prefix,
        strip_prefix=domain.strip_prefix,
        port=domain.port,
        certificate=domain.certificate,
        redirect_https=domain.redirect_https,
        www_redirect=domain.www_redirect,
        basic_auth_users=[entry.split(":", 1)[0] for entry in domain.basic_auth],
        headers=dict(domain.headers),
        certificate_not_after=domain.certificate_not_after,
        created_at=domain.created_at,
    )


class DomainService:
    async def list(
        self, session: AsyncSession, app: Application, pagination: PaginationParams
    ) -> tuple[Sequence[Domain], int]:
        repo = DomainRepository(session)
        return await repo.paginate(repo.for_application_statement(app.id), pagination)

    async def create(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        connections: ConnectionManager,
        app: Application,
        body: DomainCreate,
    ) -> Domain:
        repo = DomainRepository(session)
        await repo.lock_application(app.id)
        server = await self._server(session, app)
        if await repo.count_for_application(app.id) >= MAX_DOMAINS_PER_APPLICATION:
            raise TooManyDomains(
                f"application '{app.name}' has {MAX_DOMAINS_PER_APPLICATION} domains, the most "
                "one application can have"
            )
        await self._check_free(repo, server, app, body.host, body.path_prefix, body.www_redirect)
        domain_id = uuid.uuid4()
        domain = Domain(
            id=domain_id,
            organization_id=app.organization_id,
            application_id=app.id,
            server_id=server.id,
            host=body.host,
            path_prefix=body.path_prefix,
            strip_prefix=body.strip_prefix,
            port=body.port,
            certificate=body.certificate,
            redirect_https=bool(body.redirect_https),
            www_redirect=body.www_redirect,
            basic_auth=await hash_users(body.basic_auth),
            headers=dict(body.headers),
        )
        try:
            self._set_certificate(domain, keyring, body.uploaded_certificate)
        except ValueError as exc:  # checked by the schema; only a race with the expiry is left
            raise InvalidDomainChange(str(exc)) from exc
        try:
            async with session.begin_nested():
                session.add(domain)
                await session.flush()
        except IntegrityError as exc:  # a concurrent request won the race
            raise DomainTaken(f"{body.host}{body.path_prefix} is already routed") from exc
        await proxy.apply(session, keyring, connections, app, server)
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="domain.create",
            target_type="domain",
            target_id=domain.id,
            data={
                "application_id": str(app.id),
                "host": domain.host,
                "path_prefix": domain.path_prefix,
                "certificate": domain.certificate.value,
            },
        )
        return domain

    @staticmethod
    async def _check_free(
        repo: DomainRepository,
        server: Server,
        app: Application,
        host: str,
        path_prefix: str,
        www_redirect: WwwRedirect,
        exclude: uuid.UUID | None = None,
    ) -> None:
        """Two routers with the same rule on one proxy are ambiguous (Traefik picks one by
        priority, a tie by name): the host, its www alias, and the server's generated app
        host names must all be unused for this path."""
        where = f"{host}{path_prefix if path_prefix != '/' else ''}"
        if await repo.route_taken(server.id, host, path_prefix, exclude):
            raise DomainTaken(f"{where} is already routed on server '{server.name}'")
        alias = td.www_alias(host, www_redirect.value)
        mine = {host} | ({alias} if alias else set())
        candidates = mine | {f"www.{host}", host.removeprefix("www.")}
        for other in await repo.on_server_for_hosts(server.id, path_prefix, candidates):
            if other.id == exclude:
                continue
            theirs = td.www_alias(other.host, other.www_redirect.value)
            if other.host in mine or theirs in mine:
                raise DomainTaken(
                    f"{where} overlaps domain {other.host} (www redirect) on server '{server.name}'"
                )
        base = server.base_domain
        if base and path_prefix == "/":
            for name in mine:
                label = name.removesuffix(f".{base}")
                if label != name and "." not in label:
                    owner = await ApplicationRepository(repo.session).named_on_server(
                        server.id, label, exclude=app.id
                    )
                    if owner is not None:
                        raise DomainTaken(
                            f"{name} is the generated host name of application '{label}'"
                        )

    async def update(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        connections: ConnectionManager,
        domain: Domain,
        body: DomainUpdate,
    ) -> Domain:
        changes = body.model_dump(mode="json", exclude_unset=True)
        if not changes:
            return domain
        repo = DomainRepository(session)
        await repo.lock_application(domain.application_id)
        app = await session.get(Application, domain.application_id)
        assert app is not None  # the domain cascades with its application
        server = await self._server(session, app)
        # Null leaves a field as it is, as in every other update; only `port: null` means
        # something (the application's port).
        if "port" in changes:
            domain.port = body.port
        if body.strip_prefix is not None:
            domain.strip_prefix = body.strip_prefix
        if body.headers is not None:
            domain.headers = body.headers
        if body.certificate is not None:
            domain.certificate = body.certificate
            if body.redirect_https is None:
                domain.redirect_https = body.certificate != CertificateMode.none
        if body.redirect_https is not None:
            domain.redirect_https = body.redirect_https
        if body.www_redirect is not None:
            domain.www_redirect = body.www_redirect
        if body.basic_auth is not None:
            domain.basic_auth = await hash_users(body.basic_auth)
        try:
            self._set_certificate(domain, keyring, body.uploaded_certificate)
            proxy.route_for(domain, keyring)  # the whole domain, as the proxy will get it
        except ValueError as exc:
            raise InvalidDomainChange(str(exc)) from exc
        await self._check_free(
            repo, server, app, domain.host, domain.path_prefix, domain.www_redirect, domain.id
        )
        await session.flush()
        await proxy.apply(session, keyring, connections, app, server)
        await audit.record(
            session,
            access.principal,
            organization_id=domain.organization_id,
            action="domain.update",
            target_type="domain",
            target_id=domain.id,
            data={
                k: v for k, v in changes.items() if k not in ("basic_auth", "uploaded_certificate")
            },
        )
        return domain

    @staticmethod
    def _set_certificate(
        domain: Domain, keyring: Keyring, upload: UploadedCertificate | None
    ) -> None:
        if domain.certificate != CertificateMode.uploaded:
            if upload is not None:
                raise ValueError("uploaded_certificate is only for certificate 'uploaded'")
            domain.certificate_pem = domain.private_key_encrypted = None
            domain.certificate_not_after = None
            return
        if upload is None:
            if domain.private_key_encrypted is None:
                raise ValueError("certificate 'uploaded' needs uploaded_certificate")
            return  # keep the stored pair
        info = certificates.check_pair(upload.certificate, upload.private_key, domain.host)
        domain.certificate_pem = certificates.normalized_pem(upload.certificate)
        domain.private_key_encrypted = keyring.encrypt(
            certificates.normalized_key(upload.private_key), context=proxy.key_context(domain.id)
        )
        domain.certificate_not_after = info.not_after

    async def delete(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        connections: ConnectionManager,
        domain: Domain,
    ) -> None:
        repo = DomainRepository(session)
        await repo.lock_application(domain.application_id)
        app = await session.get(Application, domain.application_id)
        await repo.delete(domain)
        if app is not None:
            await proxy.apply(session, keyring, connections, app, await self._server(session, app))
        await audit.record(
            session,
            access.principal,
            organization_id=domain.organization_id,
            action="domain.delete",
            target_type="domain",
            target_id=domain.id,
            data={"host": domain.host, "path_prefix": domain.path_prefix},
        )

    async def all_of(self, session: AsyncSession, app: Application) -> Sequence[Domain]:
        return await DomainRepository(session).for_application(app.id)

    async def server_of_application(self, session: AsyncSession, app: Application) -> Server:
        return await self._server(session, app)

    async def server_of(self, session: AsyncSession, domain: Domain) -> Server:
        server = await ServerRepository(session).get_by_id(domain.server_id)
        assert server is not None  # the foreign key restricts deleting it
        return server

    @staticmethod
    async def _server(session: AsyncSession, app: Application) -> Server:
        server = await ServerRepository(session).get_by_id(app.server_id)
        assert server is not None  # the foreign key restricts deleting it
        return server


domain_service = DomainService()
