from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.destinations import dependencies as deps
from api.destinations.exceptions import (
    CHECK_PROBLEMS,
    DestinationAddressRefused,
    DestinationHostKeyMismatch,
    DestinationHostKeyNotApplicable,
    DestinationInsecureTransport,
    DestinationInUse,
    DestinationKindChange,
    DestinationNameTaken,
    DestinationNotFound,
    DestinationUnreachable,
)
from api.destinations.schemas import (
    DestinationCheckRead,
    DestinationCreate,
    DestinationHostKeyConfirm,
    DestinationRead,
    DestinationUpdate,
)
from api.destinations.service import destination_service, read_model
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting

router = APIRouter(tags=["destinations"], route_class=BerthRoute)


class DestinationSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"
    kind = "kind"


_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, DestinationNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/destinations",
    summary="List backup destinations",
    response_model=Page[DestinationRead],
    responses=problem_responses(*_ORG),
)
async def list_destinations(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(DestinationSort, ["name"]))],
) -> Page[DestinationRead]:
    """Where the organization's backups go (credentials are never shown)."""
    items, total = await destination_service.list(session, access, pagination, sorting)
    return Page.build([read_model(d) for d in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/destinations",
    summary="Add a backup destination",
    status_code=status.HTTP_201_CREATED,
    response_model=DestinationRead,
    responses=problem_responses(
        *_ORG, DestinationNameTaken, DestinationAddressRefused, DestinationInsecureTransport
    ),
)
async def create_destination(
    body: DestinationCreate,
    access: Annotated[Access, Depends(organization_access(Permission.admin))],
    session: SessionDep,
    keyring: KeyringDep,
    settings: deps.BackupSettingsDep,
) -> DestinationRead:
    """Store a bucket, container or remote folder and its credentials (encrypted)."""
    destination = await destination_service.create(session, access, keyring, settings, body)
    return read_model(destination)


@router.get(
    "/destinations/{destination_id}",
    summary="Get a backup destination",
    response_model=DestinationRead,
    responses=problem_responses(*_ITEM),
)
async def get_destination(scoped: deps.DestinationRead) -> DestinationRead:
    """One destination: its settings and which credentials are stored."""
    return read_model(scoped.obj)


@router.patch(
    "/destinations/{destination_id}",
    summary="Update a backup destination",
    response_model=DestinationRead,
    responses=problem_responses(
        *_ITEM,
        DestinationNameTaken,
        DestinationKindChange,
        DestinationAddressRefused,
        DestinationInsecureTransport,
    ),
)
async def update_destination(
    body: DestinationUpdate,
    scoped: deps.DestinationAdmin,
    session: SessionDep,
    keyring: KeyringDep,
    settings: deps.BackupSettingsDep,
) -> DestinationRead:
    """Rename, or replace the settings together with the credentials."""
    destination = await destination_service.update(
        session, scoped.access, keyring, settings, scoped.obj, body
    )
    return read_model(destination)


@router.delete(
    "/destinations/{destination_id}",
    summary="Delete a backup destination",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM, DestinationInUse),
)
async def delete_destination(scoped: deps.DestinationAdmin, session: SessionDep) -> None:
    """Forget the destination and its credentials; objects already written stay where they are."""
    await destination_service.delete(session, scoped.access, scoped.obj)


@router.post(
    "/destinations/{destination_id}/check",
    summary="Check a backup destination",
    response_model=DestinationCheckRead,
    responses=problem_responses(*_ITEM, *CHECK_PROBLEMS),
)
async def check_destination(
    scoped: deps.DestinationAdmin, keyring: KeyringDep, settings: deps.BackupSettingsDep
) -> DestinationCheckRead:
    """Write, read back and delete a probe object with the backups' own rclone configuration."""
    return await destination_service.check(keyring, settings, scoped.obj)


@router.post(
    "/destinations/{destination_id}/host-key/scan",
    summary="Scan an SFTP destination's host key",
    response_model=DestinationRead,
    responses=problem_responses(*_ITEM, DestinationHostKeyNotApplicable, DestinationUnreachable),
)
async def scan_destination_host_key(
    scoped: deps.DestinationAdmin, session: SessionDep
) -> DestinationRead:
    """Fetch the key the SFTP server presents; compare its fingerprint, then confirm it."""
    destination = await destination_service.scan_host_key(session, scoped.access, scoped.obj)
    return read_model(destination)


@router.post(
    "/destinations/{destination_id}/host-key/confirm",
    summary="Confirm an SFTP destination's host key",
    response_model=DestinationRead,
    responses=problem_responses(
        *_ITEM, DestinationHostKeyNotApplicable, DestinationHostKeyMismatch
    ),
)
async def confirm_destination_host_key(
    body: DestinationHostKeyConfirm, scoped: deps.DestinationAdmin, session: SessionDep
) -> DestinationRead:
    """Pin the scanned key; the fingerprint must match what the scan recorded."""
    destination = await destination_service.confirm_host_key(
        session, scoped.access, scoped.obj, body.fingerprint
    )
    return read_model(destination)
