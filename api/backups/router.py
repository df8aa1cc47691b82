from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.backups.keys import backup_key_service, reveal_private_key
from api.backups.schemas import BackupKeyExport, BackupKeyRead
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import SessionDep
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute

router = APIRouter(tags=["backups"], route_class=BerthRoute)

_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/backup-key",
    summary="Get the organization's backup public key",
    response_model=BackupKeyRead,
    responses=problem_responses(*_ORG),
)
async def get_backup_key(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    keyring: KeyringDep,
) -> BackupKeyRead:
    """The age public key backups are encrypted to (made on first use)."""
    key = await backup_key_service.get_or_create(session, keyring, access.organization_id)
    return BackupKeyRead.model_validate(key)


@router.post(
    "/organizations/{organization_id}/backup-key/export",
    summary="Export the organization's backup private key",
    response_model=BackupKeyExport,
    responses=problem_responses(*_ORG),
)
async def export_backup_key(
    access: Annotated[Access, Depends(organization_access(Permission.admin))],
    session: SessionDep,
    keyring: KeyringDep,
) -> BackupKeyExport:
    """The private key, for disaster recovery: admins only, and every export is audited."""
    key = await backup_key_service.export(session, access, keyring)
    return BackupKeyExport(
        organization_id=key.organization_id,
        public_key=key.public_key,
        created_at=key.created_at,
        exported_at=key.exported_at,
        private_key=reveal_private_key(keyring, key),
    )
