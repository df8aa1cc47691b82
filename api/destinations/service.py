"""Destinations: organization-wide places backups are written to, and their check."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.destinations.exceptions import (
    DestinationAddressRefused,
    DestinationCheckFailed,
    DestinationHostKeyMismatch,
    DestinationHostKeyNotApplicable,
    DestinationHostKeyUnconfirmed,
    DestinationInsecureTransport,
    DestinationInUse,
    DestinationKindChange,
    DestinationNameTaken,
    DestinationUnreachable,
)
from api.destinations.remotes import remote_for, seal_credentials, settings_of
from api.destinations.repository import DestinationRepository
from api.destinations.schemas import (
    DestinationCheckRead,
    DestinationCreate,
    DestinationRead,
    DestinationSettings,
    DestinationSpec,
    DestinationUpdate,
    FtpSettings,
    SftpSettings,
)
from api.infra import outbound
from api.infra.errors import InfraError
from api.infra.rclone import RcloneError, RcloneRunner
from api.infra.ssh import scan_host_key
from api.kit.crypto import Keyring
from api.kit.pagination import PaginationParams
from api.kit.settings import BackupSettings
from api.kit.sorting import Sorting
from api.models import Destination
from api.models.base import utcnow
from api.models.destination import DestinationKind, FtpTls, HostKeyState

_DEFAULT_PORTS = {"https": 443, "http": 80}


def policy_of(settings: BackupSettings) -> outbound.AddressPolicy:
    return outbound.AddressPolicy(
        allowed_private=tuple(settings.allowed_private_networks),
        allow_insecure=settings.allow_insecure_transport,
    )


def addresses_of(settings: DestinationSettings) -> list[tuple[str, int]]:
    """(host, port) the destination connects to; [] for the providers' own endpoints."""
    if isinstance(settings, SftpSettings | FtpSettings):
        return [(settings.host, settings.port)]
    endpoint = getattr(settings, "endpoint", None)
    if endpoint is None:
        return []
    parts = urlsplit(endpoint)
    assert parts.hostname is not None  # the schema requires a host
    return [(parts.hostname, parts.port or _DEFAULT_PORTS[parts.scheme])]


def warnings_of(destination: Destination) -> list[str]:
    settings = settings_of(destination)
    found = []
    if isinstance(settings, FtpSettings) and settings.tls is FtpTls.none:
        found.append("plain FTP: the password and file names cross the network in clear")
    endpoint = getattr(settings, "endpoint", None)
    if endpoint is not None and endpoint.startswith("http://"):
        found.append("http:// endpoint: requests are not encrypted in transit")
    if destination.kind is DestinationKind.sftp and destination.host_key_state is not (
        HostKeyState.trusted
    ):
        found.append("the SFTP host key is not confirmed yet: backups cannot use it")
    return found


def read_model(destination: Destination) -> DestinationRead:
    return DestinationRead(
        id=destination.id,
        organization_id=destination.organization_id,
        name=destination.name,
        kind=destination.kind,
        settings=settings_of(destination),
        credentials_set=list(destination.credentials_set),
        host_key_state=destination.host_key_state,
        host_key_fingerprint=destination.host_key_fingerprint,
        pending_host_key_fingerprint=destination.pending_host_key_fingerprint,
        warnings=warnings_of(destination),
        created_at=destination.created_at,
        updated_at=destination.updated_at,
    )


class DestinationService:
    async def list(
        self, session: AsyncSession, access: Access, pagination: PaginationParams, sorting: Sorting
    ) -> tuple[Sequence[Destination], int]:
        return await DestinationRepository(session).paginate_readable(
            access.principal,
            pagination,
            sorting,
            Destination.organization_id == access.organization_id,
        )

    async def create(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        settings: BackupSettings,
        body: DestinationCreate,
    ) -> Destination:
        self._allowed(body.spec, settings)
        await self._ensure_free(session, access.organization_id, body.name)
        destination = Destination(
            id=uuid.uuid4(),  # the encryption context needs the id before the insert
            organization_id=access.organization_id,
            name=body.name,
            kind=DestinationKind(body.spec.kind),
            host_key_state=(
                HostKeyState.unknown
                if body.spec.kind is DestinationKind.sftp
                else HostKeyState.not_applicable
            ),
        )
        self._apply_spec(keyring, destination, body.spec)
        await DestinationRepository(session).add(destination)
        await self._audit(
            session, access, destination, "destination.create", self._described(destination)
        )
        return destination

    async def update(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        settings: BackupSettings,
        destination: Destination,
        body: DestinationUpdate,
    ) -> Destination:
        audited: dict[str, Any] = {}
        if body.name is not None and body.name != destination.name:
            await self._ensure_free(
                session, destination.organization_id, body.name, exclude=destination.id
            )
            destination.name = audited["name"] = body.name
        if body.spec is not None:
            if body.spec.kind != destination.kind:
                raise DestinationKindChange(
                    f"destination '{destination.name}' is {destination.kind}; create a new "
                    f"destination for {body.spec.kind} (backups refer to this one)"
                )
            self._allowed(body.spec, settings)
            before = settings_of(destination)
            self._apply_spec(keyring, destination, body.spec)
            after = settings_of(destination)
            if (
                isinstance(before, SftpSettings)
                and isinstance(after, SftpSettings)
                and (before.host, before.port) != (after.host, after.port)
            ):
                # Another machine: the key pinned for the old one proves nothing about it.
                self._forget_host_key(destination)
            audited["settings"] = destination.settings
            audited["credentials"] = "replaced"
        if audited:
            destination.updated_at = utcnow()
            await session.flush()
            await self._audit(session, access, destination, "destination.update", audited)
        return destination

    async def delete(self, session: AsyncSession, access: Access, destination: Destination) -> None:
        repository = DestinationRepository(session)
        if used := await repository.policies_using(destination.id):
            # Deleting it would leave policies writing nowhere (and backups unfindable).
            raise DestinationInUse(
                f"{used} backup polic{'y uses' if used == 1 else 'ies use'} destination "
                f"'{destination.name}': point them elsewhere or delete them first"
            )
        await repository.delete(destination)
        await self._audit(
            session, access, destination, "destination.delete", self._described(destination)
        )

    async def check(
        self, keyring: Keyring, settings: BackupSettings, destination: Destination
    ) -> DestinationCheckRead:
        """Write, read back and delete a probe object through the pipeline's own rclone
        configuration; a failure carries the storage's own error text."""
        if destination.kind is DestinationKind.sftp and (
            destination.host_key_state is not HostKeyState.trusted or destination.host_key is None
        ):
            raise DestinationHostKeyUnconfirmed(
                f"destination '{destination.name}': scan the SFTP server's host key and "
                "confirm its fingerprint first; Berth never sends backups to an unverified host"
            )
        destination_settings = settings_of(destination)
        self._allowed_transport(destination_settings, settings)
        policy = policy_of(settings)
        for host, port in addresses_of(destination_settings):
            # Names are resolved now, at each check: an endpoint whose name later points
            # into the control plane's network is refused then, not trusted from creation.
            try:
                await outbound.resolve_checked(host, port, policy)
            except outbound.AddressRefused as exc:
                raise DestinationAddressRefused(f"destination '{destination.name}': {exc}") from exc
            except outbound.OutboundError as exc:
                raise DestinationCheckFailed(f"destination '{destination.name}': {exc}") from exc
        runner = RcloneRunner(
            binary=settings.rclone_binary or RcloneRunner.default_binary(),
            ca_file=settings.ca_file,
            timeout=settings.check_timeout_seconds,
        )
        try:
            result = await runner.probe(remote_for(keyring, destination))
        except RcloneError as exc:
            raise DestinationCheckFailed(f"destination '{destination.name}': {exc}") from exc
        return DestinationCheckRead(
            destination_id=destination.id,
            detail=(
                f"wrote, read back and deleted {result.bytes} bytes at {result.object_key} "
                f"in {result.duration_ms} ms"
            ),
            probe_object=result.object_key,
            duration_ms=result.duration_ms,
            checked_at=utcnow(),
        )

    async def scan_host_key(
        self, session: AsyncSession, access: Access, destination: Destination
    ) -> Destination:
        settings = settings_of(destination)
        if not isinstance(settings, SftpSettings):
            raise DestinationHostKeyNotApplicable(
                f"destination '{destination.name}' is {destination.kind}, not sftp"
            )
        try:
            scanned = await scan_host_key(settings.host, settings.port)
        except InfraError as exc:
            raise DestinationUnreachable(f"destination '{destination.name}': {exc}") from exc
        if (
            destination.host_key_state is HostKeyState.trusted
            and scanned.public_key == destination.host_key
        ):
            destination.pending_host_key = destination.pending_host_key_fingerprint = None
        else:
            destination.pending_host_key = scanned.public_key
            destination.pending_host_key_fingerprint = scanned.fingerprint
            if destination.host_key_state is HostKeyState.trusted:
                destination.host_key_state = HostKeyState.changed
            elif destination.host_key_state is HostKeyState.unknown:
                destination.host_key_state = HostKeyState.pending
        await session.flush()
        await self._audit(
            session,
            access,
            destination,
            "destination.host_key.scan",
            {"fingerprint": scanned.fingerprint, "state": str(destination.host_key_state)},
        )
        return destination

    async def confirm_host_key(
        self, session: AsyncSession, access: Access, destination: Destination, fingerprint: str
    ) -> Destination:
        if destination.kind is not DestinationKind.sftp:
            raise DestinationHostKeyNotApplicable(
                f"destination '{destination.name}' is {destination.kind}, not sftp"
            )
        if (
            destination.pending_host_key is None
            or destination.pending_host_key_fingerprint != fingerprint
        ):
            raise DestinationHostKeyMismatch(
                f"{fingerprint} is not the fingerprint of the last scanned key "
                f"({destination.pending_host_key_fingerprint or 'no scan yet'}); scan again"
            )
        destination.host_key = destination.pending_host_key
        destination.host_key_fingerprint = destination.pending_host_key_fingerprint
        destination.pending_host_key = destination.pending_host_key_fingerprint = None
        destination.host_key_state = HostKeyState.trusted
        await session.flush()
        await self._audit(
            session,
            access,
            destination,
            "destination.host_key.confirm",
            {"fingerprint": fingerprint},
        )
        return destination

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _apply_spec(keyring: Keyring, destination: Destination, spec: DestinationSpec) -> None:
        destination.settings = spec.model_dump(mode="json", exclude={"credentials"})
        # The context binds the blob to the settings just written (remotes.py says why).
        seal_credentials(keyring, destination, spec.credentials.model_dump())

    def _allowed(self, spec: DestinationSpec, settings: BackupSettings) -> None:
        self._allowed_transport(spec, settings)
        policy = policy_of(settings)
        for host, _port in addresses_of(spec):
            literal = outbound.literal_address(host)
            if literal is not None and (reason := policy.refusal(literal)) is not None:
                raise DestinationAddressRefused(
                    f"{host} is refused: {reason.replace('NOTIFICATIONS', 'BACKUPS')}"
                )

    @staticmethod
    def _allowed_transport(spec: DestinationSettings, settings: BackupSettings) -> None:
        if (
            isinstance(spec, FtpSettings)
            and spec.tls is FtpTls.none
            and not settings.allow_plain_ftp
        ):
            raise DestinationInsecureTransport(
                "plain FTP sends the password in clear: use tls 'explicit' or 'implicit', or "
                "have the operator set BERTH_BACKUPS__ALLOW_PLAIN_FTP for a trusted network"
            )
        endpoint = getattr(spec, "endpoint", None)
        if (
            endpoint is not None
            and endpoint.startswith("http://")
            and not (settings.allow_insecure_transport)
        ):
            raise DestinationInsecureTransport(
                f"{endpoint} is plain http: use https://, or have the operator set "
                "BERTH_BACKUPS__ALLOW_INSECURE_TRANSPORT for a trusted network"
            )

    @staticmethod
    def _forget_host_key(destination: Destination) -> None:
        destination.host_key = destination.host_key_fingerprint = None
        destination.pending_host_key = destination.pending_host_key_fingerprint = None
        destination.host_key_state = HostKeyState.unknown

    @staticmethod
    async def _ensure_free(
        session: AsyncSession,
        organization_id: uuid.UUID,
        name: str,
        exclude: uuid.UUID | None = None,
    ) -> None:
        if await DestinationRepository(session).name_taken(organization_id, name, exclude=exclude):
            raise DestinationNameTaken(f"a destination named '{name}' already exists")

    @staticmethod
    def _described(destination: Destination) -> dict[str, Any]:
        return {
            "name": destination.name,
            "kind": str(destination.kind),
            "settings": destination.settings,
        }

    @staticmethod
    async def _audit(
        session: AsyncSession,
        access: Access,
        destination: Destination,
        action: str,
        data: dict[str, Any],
    ) -> None:
        await audit.record(
            session,
            access.principal,
            organization_id=destination.organization_id,
            action=action,
            target_type="destination",
            target_id=destination.id,
            data=data,
        )


destination_service = DestinationService()
