"""The audit log: every mutation records who did what to which resource, in the same
transaction as the change itself, so the log can't disagree with the data."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.exceptions import AuditExportNotReady
from api.audit.repository import (
    AuditEventRepository,
    AuditExportRepository,
    filter_conditions,
)
from api.kit.context import get_request_id
from api.kit.jobs.durable import register_kind
from api.kit.jobs.queue import enqueue_after_commit
from api.kit.pagination import PaginationParams
from api.kit.principal import Principal
from api.kit.sorting import Sorting
from api.models import ActorType, AuditEvent, AuditExport, User
from api.models.durable import JobStatus

AUDIT_EXPORT = register_kind("audit_export.run", AuditExport)


class AuditService:
    async def record(
        self,
        session: AsyncSession,
        actor: Principal | None,
        *,
        organization_id: uuid.UUID,
        action: str,
        target_type: str,
        target_id: uuid.UUID | None,
        data: dict[str, Any] | None = None,
    ) -> AuditEvent:
        event = AuditEvent(
            organization_id=organization_id,
            actor_type=actor.actor_type if actor else ActorType.system,
            actor_id=actor.actor_id if actor else None,
            actor_label=actor.actor_label if actor else "system",
            action=action,
            target_type=target_type,
            target_id=target_id,
            data=data or {},
            request_id=get_request_id(),
            client_address=actor.client_address if actor else None,
        )
        session.add(event)
        return event

    def record_login(
        self,
        session: AsyncSession,
        user: User,
        *,
        succeeded: bool,
        client_address: str,
        user_agent: str,
        reason: str | None = None,
    ) -> AuditEvent:
        """A login to `user`'s account, in that person's own log (no organisation's).

        A failure names no actor: whoever sent it only claimed to be the owner.
        """
        data: dict[str, Any] = {"user_agent": user_agent[:256]}
        if reason:
            data["reason"] = reason
        event = AuditEvent(
            organization_id=None,
            actor_type=ActorType.user,
            actor_id=user.id if succeeded else None,
            actor_label=user.email if succeeded else "unauthenticated client",
            action="auth.login" if succeeded else "auth.login_failed",
            target_type="user",
            target_id=user.id,
            data=data,
            request_id=get_request_id(),
            client_address=client_address[:64],
        )
        session.add(event)
        return event

    async def list_personal_events(
        self,
        session: AsyncSession,
        principal: Principal,
        pagination: PaginationParams,
        sorting: Sorting,
        **filters: Any,
    ) -> tuple[Sequence[AuditEvent], int]:
        """The caller's own security events (logins to their account), newest first."""
        repo = AuditEventRepository(session)
        statement = repo.personal_statement(principal.user_id).where(*filter_conditions(**filters))
        return await repo.paginate(statement, pagination, sorting)

    async def list_events(
        self,
        session: AsyncSession,
        principal: Principal,
        organization_id: uuid.UUID,
        pagination: PaginationParams,
        sorting: Sorting,
        **filters: Any,
    ) -> tuple[Sequence[AuditEvent], int]:
        return await AuditEventRepository(session).paginate_readable(
            principal,
            pagination,
            sorting,
            AuditEvent.organization_id == organization_id,
            *filter_conditions(**filters),
        )

    async def request_export(
        self,
        session: AsyncSession,
        principal: Principal,
        organization_id: uuid.UUID,
        *,
        since: datetime | None,
        until: datetime | None,
        max_attempts: int,
    ) -> AuditExport:
        export = await AuditExportRepository(session).add(
            AuditExport(
                organization_id=organization_id,
                requested_by=principal.actor_label,
                since=since,
                until=until,
                request_id=get_request_id(),
                max_attempts=max_attempts,
                status=JobStatus.queued,
            )
        )
        await self.record(
            session,
            principal,
            organization_id=organization_id,
            action="audit_export.create",
            target_type="audit_export",
            target_id=export.id,
        )
        enqueue_after_commit(
            session,
            AUDIT_EXPORT.function,
            AUDIT_EXPORT.job_id(export.id, export.attempts),
            export.id,
        )
        return export

    async def list_exports(
        self,
        session: AsyncSession,
        principal: Principal,
        organization_id: uuid.UUID,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[AuditExport], int]:
        return await AuditExportRepository(session).paginate_readable(
            principal, pagination, sorting, AuditExport.organization_id == organization_id
        )

    async def export_file(self, session: AsyncSession, export: AuditExport) -> tuple[str, bytes]:
        if export.status is not JobStatus.succeeded:
            raise AuditExportNotReady(f"export is {export.status}; download it once succeeded")
        loaded = await AuditExportRepository(session).get_with_content(export.id)
        if loaded is None or loaded.content is None:
            raise AuditExportNotReady("export content is missing; request a new export")
        return f"audit-{export.organization_id}-{export.id}.ndjson.gz", loaded.content

    async def build_export(self, session: AsyncSession, export: AuditExport) -> tuple[bytes, int]:
        """gzip'd NDJSON of the export's window, oldest first."""
        repo = AuditEventRepository(session)
        count = 0
        chunks: list[bytes] = []
        async for batch in repo.stream_for_export(
            export.organization_id, export.since, export.until
        ):
            for event in batch:
                chunks.append(json.dumps(_event_record(event), separators=(",", ":")).encode())
                count += 1
        body = b"\n".join(chunks) + (b"\n" if chunks else b"")
        return gzip.compress(body, compresslevel=6), count


def _event_record(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "created_at": event.created_at.isoformat(),
        "actor_type": str(event.actor_type),
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": str(event.target_id) if event.target_id else None,
        "data": event.data,
        "request_id": event.request_id,
        "client_address": event.client_address,
    }


audit = AuditService()
