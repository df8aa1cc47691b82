"""Registries: organization-wide credentials for pulling and pushing images."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.infra import registry as registry_api
from api.infra import tls
from api.kit.crypto import Keyring
from api.kit.errors import BerthError
from api.kit.pagination import PaginationParams
from api.kit.settings import RegistrySettings
from api.kit.sorting import Sorting
from api.models import Registry
from api.models.base import utcnow
from api.registries.exceptions import (
    RegistryAddressTaken,
    RegistryCredentialsRejected,
    RegistryNameTaken,
    RegistryPasswordRequired,
    RegistryProtocolError,
    RegistryUnreachableProblem,
)
from api.registries.references import parse_address
from api.registries.repository import RegistryRepository
from api.registries.schemas import RegistryCheckRead, RegistryCreate, RegistryUpdate
from api.registries.secrets import reveal_password, seal_password


class RegistryService:
    async def list(
        self, session: AsyncSession, access: Access, pagination: PaginationParams, sorting: Sorting
    ) -> tuple[Sequence[Registry], int]:
        return await RegistryRepository(session).paginate_readable(
            access.principal,
            pagination,
            sorting,
            Registry.organization_id == access.organization_id,
        )

    async def create(
        self, session: AsyncSession, access: Access, keyring: Keyring, body: RegistryCreate
    ) -> Registry:
        host, namespace = parse_address(body.address)
        await self._ensure_free(session, access.organization_id, body.name, host, namespace)
        registry = Registry(
            id=uuid.uuid4(),  # the encryption context needs the id before the insert
            organization_id=access.organization_id,
            name=body.name,
            host=host,
            namespace=namespace,
            username=body.username,
        )
        seal_password(keyring, registry, body.password)
        await RegistryRepository(session).add(registry)
        await self._audit(session, access, registry, "registry.create", self._described(registry))
        return registry

    async def update(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        registry: Registry,
        body: RegistryUpdate,
    ) -> Registry:
        changes = body.model_dump(exclude_unset=True, exclude_none=True)
        if not changes:
            return registry
        password = changes.pop("password", None)
        host, namespace = registry.host, registry.namespace
        if "address" in changes:
            host, namespace = parse_address(changes.pop("address"))
            if host != registry.host and password is None:
                # Otherwise whoever may edit (but never read) the password could point it
                # at a host of their own and have Berth deliver it there.
                raise RegistryPasswordRequired(
                    f"moving the credentials from {registry.host} to {host} needs the "
                    "password in the same request: a stored password is only ever sent to "
                    "the host it was entered for"
                )
        await self._ensure_free(
            session,
            registry.organization_id,
            changes.get("name", registry.name),
            host,
            namespace,
            exclude=registry.id,
        )
        registry.host, registry.namespace = host, namespace
        for field, value in changes.items():
            setattr(registry, field, value)
        if password is not None:
            seal_password(keyring, registry, password)
        await session.flush()
        audited: dict[str, Any] = {**changes, "address": registry.address}
        if password is not None:
            audited["password"] = "replaced"  # noqa: S105 - a marker, never the value
        await self._audit(session, access, registry, "registry.update", audited)
        return registry

    async def delete(self, session: AsyncSession, access: Access, registry: Registry) -> None:
        await RegistryRepository(session).delete(registry)
        await self._audit(session, access, registry, "registry.delete", self._described(registry))

    async def check(
        self, keyring: Keyring, settings: RegistrySettings, registry: Registry
    ) -> RegistryCheckRead:
        """Log in to the registry as Docker would; a problem says why it failed."""
        try:
            result = await registry_api.check_credentials(
                registry.host,
                registry.username,
                reveal_password(keyring, registry),
                verify=tls.trust(settings.ca_file),  # the system CAs + a private registry CA
                timeout=settings.check_timeout_seconds,
            )
        except registry_api.RegistryError as exc:
            raise _problem_for(registry, exc) from exc
        return RegistryCheckRead(
            registry_id=registry.id,
            address=registry.address,
            auth_scheme=result.auth_scheme,
            detail=result.detail,
            checked_at=utcnow(),
        )

    @staticmethod
    async def _ensure_free(
        session: AsyncSession,
        organization_id: uuid.UUID,
        name: str,
        host: str,
        namespace: str,
        exclude: uuid.UUID | None = None,
    ) -> None:
        repo = RegistryRepository(session)
        if await repo.name_taken(organization_id, name, exclude=exclude):
            raise RegistryNameTaken(f"a registry named '{name}' already exists")
        if await repo.address_taken(organization_id, host, namespace, exclude=exclude):
            address = f"{host}/{namespace}" if namespace else host
            raise RegistryAddressTaken(
                f"this organization already has credentials for {address}; change those "
                "instead (pulls could not tell two apart)"
            )

    @staticmethod
    def _described(registry: Registry) -> dict[str, Any]:
        return {"name": registry.name, "address": registry.address, "username": registry.username}

    @staticmethod
    async def _audit(
        session: AsyncSession, access: Access, registry: Registry, action: str, data: dict[str, Any]
    ) -> None:
        await audit.record(
            session,
            access.principal,
            organization_id=registry.organization_id,
            action=action,
            target_type="registry",
            target_id=registry.id,
            data=data,
        )


def _problem_for(registry: Registry, exc: registry_api.RegistryError) -> BerthError:
    detail = f"registry '{registry.name}' ({registry.address}): {exc}"
    if isinstance(exc, registry_api.CredentialsRejected):
        return RegistryCredentialsRejected(
            f"{detail}. Check the username and password (or token and its scopes)"
        )
    if isinstance(exc, registry_api.RegistryProtocolError):
        return RegistryProtocolError(detail)
    return RegistryUnreachableProblem(detail)


registry_service = RegistryService()
