from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.audit.dependencies import AuditExportAdmin
from api.audit.exceptions import AuditExportNotFound, AuditExportNotReady
from api.audit.schemas import AuditEventRead, AuditExportCreate, AuditExportRead
from api.audit.service import audit
from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.kit.dependencies import PaginationDep, SessionDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting

router = APIRouter(tags=["audit"], route_class=BerthRoute)

OrgAdmin = Annotated[Access, Depends(organization_access(Permission.admin))]
_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_EXPORT = (NotAuthenticated, AuditExportNotFound, PermissionDenied)


class AuditSort(enum.StrEnum):
    created_at = "created_at"
    action = "action"


class ExportSort(enum.StrEnum):
    created_at = "created_at"


@router.get(
    "/organizations/{organization_id}/audit-events",
    summary="List audit events",
    response_model=Page[AuditEventRead],
    responses=problem_responses(*_ORG),
)
async def list_audit_events(
    access: OrgAdmin,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(AuditSort, ["-created_at"]))],
    action: Annotated[str | None, Query(max_length=64)] = None,
    target_type: Annotated[str | None, Query(max_length=64)] = None,
    target_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Page[AuditEventRead]:
    """Who did what, when, from which request (admins)."""
    items, total = await audit.list_events(
        session,
        access.principal,
        access.organization_id,
        pagination,
        sorting,
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=actor_id,
        since=since,
        until=until,
    )
    return Page.build([AuditEventRead.model_validate(e) for e in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/audit-exports",
    summary="Export the audit log",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AuditExportRead,
    responses=problem_responses(*_ORG),
)
async def create_audit_export(
    body: AuditExportCreate, access: OrgAdmin, session: SessionDep, request: Request
) -> AuditExportRead:
    """Queue a background export (gzip'd NDJSON); poll it, then download it."""
    export = await audit.request_export(
        session,
        access.principal,
        access.organization_id,
        since=body.since,
        until=body.until,
        max_attempts=request.app.state.settings.jobs.max_attempts,
    )
    return AuditExportRead.model_validate(export)


@router.get(
    "/organizations/{organization_id}/audit-exports",
    summary="List audit exports",
    response_model=Page[AuditExportRead],
    responses=problem_responses(*_ORG),
)
async def list_audit_exports(
    access: OrgAdmin,
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(ExportSort, ["-created_at"]))],
) -> Page[AuditExportRead]:
    """Exports of this organization's audit log, newest first."""
    items, total = await audit.list_exports(
        session, access.principal, access.organization_id, pagination, sorting
    )
    return Page.build([AuditExportRead.model_validate(e) for e in items], total, pagination)


@router.get(
    "/audit-exports/{export_id}",
    summary="Get an audit export",
    response_model=AuditExportRead,
    responses=problem_responses(*_EXPORT),
)
async def get_audit_export(scoped: AuditExportAdmin) -> AuditExportRead:
    """An export's status, attempts and, on failure, the reason."""
    return AuditExportRead.model_validate(scoped.obj)


@router.get(
    "/audit-exports/{export_id}/download",
    summary="Download an audit export",
    response_class=Response,
    responses={
        200: {"content": {"application/gzip": {}}, "description": "gzip'd NDJSON"},
        **problem_responses(*_EXPORT, AuditExportNotReady),
    },
)
async def download_audit_export(scoped: AuditExportAdmin, session: SessionDep) -> Response:
    """The export file, once the export succeeded."""
    filename, content = await audit.export_file(session, scoped.obj)
    return Response(
        content,
        media_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
