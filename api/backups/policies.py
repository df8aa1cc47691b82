"""Backup policies: what of a database is backed up, where to, when, and how many kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.backups.exceptions import (
    BackupDestinationNotFound,
    BackupEngineUnsupported,
    BackupPolicyNameTaken,
    BackupScheduleInvalid,
)
from api.backups.repository import BackupPolicyRepository
from api.backups.schedules import next_run
from api.backups.schemas import BackupPolicyCreate, BackupPolicyRead, BackupPolicyUpdate
from api.destinations.repository import DestinationRepository
from api.kit.pagination import PaginationParams
from api.kit.sorting import Sorting
from api.models import BackupPolicy, Database, DatabaseEngine
from api.models.backup_policy import BackupSchedule
from api.models.base import utcnow

# The engines whose dump/restore the pipeline implements; the others follow (issue #13).
SUPPORTED_ENGINES = frozenset({DatabaseEngine.postgresql})


def read_model(policy: BackupPolicy) -> BackupPolicyRead:
    upcoming = (
        next_run(policy.schedule, policy.cron, policy.timezone, utcnow())
        if policy.enabled
        else None
    )
    fields = {
        name: getattr(policy, name)
        for name in BackupPolicyRead.model_fields
        if name != "next_run_at"
    }
    return BackupPolicyRead(**fields, next_run_at=upcoming)


class BackupPolicyService:
    async def list(
        self,
        session: AsyncSession,
        access: Access,
        database: Database,
        pagination: PaginationParams,
        sorting: Sorting,
    ) -> tuple[Sequence[BackupPolicy], int]:
        return await BackupPolicyRepository(session).paginate_readable(
            access.principal, pagination, sorting, BackupPolicy.database_id == database.id
        )

    async def create(
        self, session: AsyncSession, access: Access, database: Database, body: BackupPolicyCreate
    ) -> BackupPolicy:
        if database.engine not in SUPPORTED_ENGINES:
            raise BackupEngineUnsupported(
                f"database '{database.name}' runs {database.engine}; backups support "
                f"{', '.join(sorted(SUPPORTED_ENGINES))} so far"
            )
        await self._ensure_destination(session, database, body.destination_id)
        await self._ensure_free(session, database, body.name)
        policy = BackupPolicy(
            organization_id=database.organization_id,
            database_id=database.id,
            **body.model_dump(),
        )
        await BackupPolicyRepository(session).add(policy)
        await self._audit(
            session, access, policy, "backup_policy.create", body.model_dump(mode="json")
        )
        return policy

    async def update(
        self, session: AsyncSession, access: Access, policy: BackupPolicy, body: BackupPolicyUpdate
    ) -> BackupPolicy:
        changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude_none=True)
        if "cron" in body.model_fields_set and body.cron is None:
            changes["cron"] = None  # an explicit null clears it (switching to a preset)
        if not changes:
            return policy
        database = await session.get(Database, policy.database_id)
        assert database is not None  # the policy cascades with its database
        if "destination_id" in changes:
            await self._ensure_destination(session, database, changes["destination_id"])
        if "name" in changes:
            await self._ensure_free(session, database, changes["name"], exclude=policy)
        schedule = changes.get("schedule", policy.schedule)
        cron = changes.get("cron", policy.cron)
        if schedule is not BackupSchedule.cron:
            changes["cron"] = cron = None
        if (schedule is BackupSchedule.cron) != (cron is not None):
            raise BackupScheduleInvalid("schedule 'cron' needs a `cron` expression")
        for field, value in changes.items():
            setattr(policy, field, value)
        policy.updated_at = utcnow()
        await session.flush()
        await self._audit(
            session,
            access,
            policy,
            "backup_policy.update",
            body.model_dump(mode="json", exclude_unset=True),
        )
        return policy

    async def delete(self, session: AsyncSession, access: Access, policy: BackupPolicy) -> None:
        await BackupPolicyRepository(session).delete(policy)
        await self._audit(session, access, policy, "backup_policy.delete", {"name": policy.name})

    @staticmethod
    async def _ensure_destination(
        session: AsyncSession, database: Database, destination_id: Any
    ) -> None:
        # Within the database's own organization: an id from another one is "not found",
        # never a way to send this organization's data elsewhere.
        found = await DestinationRepository(session).get_in_organization(
            database.organization_id, destination_id
        )
        if found is None:
            raise BackupDestinationNotFound(
                f"destination {destination_id} not found in this organization"
            )

    @staticmethod
    async def _ensure_free(
        session: AsyncSession, database: Database, name: str, exclude: BackupPolicy | None = None
    ) -> None:
        taken = await BackupPolicyRepository(session).name_taken(
            database.id, name, exclude=exclude.id if exclude else None
        )
        if taken:
            raise BackupPolicyNameTaken(
                f"database '{database.name}' already has a backup policy named '{name}'"
            )

    @staticmethod
    async def _audit(
        session: AsyncSession,
        access: Access,
        policy: BackupPolicy,
        action: str,
        data: dict[str, Any],
    ) -> None:
        await audit.record(
            session,
            access.principal,
            organization_id=policy.organization_id,
            action=action,
            target_type="backup_policy",
            target_id=policy.id,
            data=data,
        )


backup_policy_service = BackupPolicyService()
