from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.backups import dependencies as deps
from api.backups.exceptions import (
    BackupDestinationNotFound,
    BackupEngineUnsupported,
    BackupPolicyNameTaken,
    BackupPolicyNotFound,
    BackupScheduleInvalid,
)
from api.backups.keys import backup_key_service, reveal_private_key
from api.backups.policies import backup_policy_service
from api.backups.policies import read_model as policy_read
from api.backups.schemas import (
    BackupKeyExport,
    BackupKeyRead,
    BackupPolicyCreate,
    BackupPolicyRead,
    BackupPolicyUpdate,
)
from api.databases.dependencies import DatabaseRead, DatabaseWrite
from api.databases.exceptions import DatabaseNotFound
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting

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


class PolicySort(enum.StrEnum):
    created_at = "created_at"
    name = "name"


_DB = (NotAuthenticated, DatabaseNotFound, PermissionDenied)
_POLICY = (NotAuthenticated, BackupPolicyNotFound, PermissionDenied)
_POLICY_INPUT = (
    BackupPolicyNameTaken,
    BackupDestinationNotFound,
    BackupEngineUnsupported,
    BackupScheduleInvalid,
)


@router.get(
    "/databases/{database_id}/backup-policies",
    summary="List a database's backup policies",
    response_model=Page[BackupPolicyRead],
    responses=problem_responses(*_DB),
)
async def list_backup_policies(
    scoped: DatabaseRead,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(PolicySort, ["name"]))],
) -> Page[BackupPolicyRead]:
    """What of this database is backed up, where to, when, and how many are kept."""
    items, total = await backup_policy_service.list(
        session, scoped.access, scoped.obj, pagination, sorting
    )
    return Page.build([policy_read(p) for p in items], total, pagination)


@router.post(
    "/databases/{database_id}/backup-policies",
    summary="Add a backup policy to a database",
    status_code=status.HTTP_201_CREATED,
    response_model=BackupPolicyRead,
    responses=problem_responses(*_DB, *_POLICY_INPUT),
)
async def create_backup_policy(
    body: BackupPolicyCreate, scoped: DatabaseWrite, session: SessionDep
) -> BackupPolicyRead:
    """Back this database up to one of the organization's destinations on a schedule."""
    policy = await backup_policy_service.create(session, scoped.access, scoped.obj, body)
    return policy_read(policy)


@router.get(
    "/backup-policies/{policy_id}",
    summary="Get a backup policy",
    response_model=BackupPolicyRead,
    responses=problem_responses(*_POLICY),
)
async def get_backup_policy(scoped: deps.PolicyRead) -> BackupPolicyRead:
    """One policy, with when it runs next."""
    return policy_read(scoped.obj)


@router.patch(
    "/backup-policies/{policy_id}",
    summary="Update a backup policy",
    response_model=BackupPolicyRead,
    responses=problem_responses(*_POLICY, *_POLICY_INPUT),
)
async def update_backup_policy(
    body: BackupPolicyUpdate, scoped: deps.PolicyWrite, session: SessionDep
) -> BackupPolicyRead:
    """Change the schedule, retention, destination or enabled flag."""
    policy = await backup_policy_service.update(session, scoped.access, scoped.obj, body)
    return policy_read(policy)


@router.delete(
    "/backup-policies/{policy_id}",
    summary="Delete a backup policy",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_POLICY),
)
async def delete_backup_policy(scoped: deps.PolicyWrite, session: SessionDep) -> None:
    """Stop backing up by this policy; backups already stored stay at the destination."""
    await backup_policy_service.delete(session, scoped.access, scoped.obj)
