from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, or_, select

from api.kit.repository import OrgScopedRepository, Repository
from api.models import (
    DeliveryStatus,
    Environment,
    NotificationChannel,
    NotificationDelivery,
    NotificationSubscription,
    Project,
)


class ChannelRepository(OrgScopedRepository[NotificationChannel]):
    model = NotificationChannel


class SubscriptionRepository(OrgScopedRepository[NotificationSubscription]):
    model = NotificationSubscription

    async def list_for_channel(self, channel_id: uuid.UUID) -> Sequence[NotificationSubscription]:
        return await self.get_all(
            select(NotificationSubscription)
            .where(NotificationSubscription.channel_id == channel_id)
            .order_by(NotificationSubscription.created_at)
        )

    async def subscribed_channels(
        self,
        organization_id: uuid.UUID,
        event_type: str,
        project_id: uuid.UUID | None,
        environment_id: uuid.UUID | None,
    ) -> list[uuid.UUID]:
        """Enabled channels with a subscription matching the event: one id per channel,
        however many of its subscriptions match (one message per channel)."""
        s = NotificationSubscription
        rows = await self.session.scalars(
            select(s.channel_id)
            .join(NotificationChannel, NotificationChannel.id == s.channel_id)
            .where(
                s.organization_id == organization_id,
                NotificationChannel.enabled.is_(True),
                s.event_types.contains([event_type]),
                or_(s.project_id.is_(None), s.project_id == project_id),
                or_(s.environment_id.is_(None), s.environment_id == environment_id),
            )
            .distinct()
        )
        return list(rows.all())

    async def project_in_organization(
        self, organization_id: uuid.UUID, project_id: uuid.UUID
    ) -> bool:
        return bool(
            await self.session.scalar(
                select(func.count()).where(
                    Project.id == project_id, Project.organization_id == organization_id
                )
            )
        )

    async def environment_project(
        self, organization_id: uuid.UUID, environment_id: uuid.UUID
    ) -> uuid.UUID | None:
        """The environment's project, if the environment is in the organization."""
        return await self.session.scalar(
            select(Environment.project_id)
            .join(Project, Project.id == Environment.project_id)
            .where(Environment.id == environment_id, Project.organization_id == organization_id)
        )


class DeliveryRepository(Repository[NotificationDelivery]):
    model = NotificationDelivery

    def for_channel_statement(self, channel_id: uuid.UUID) -> Select[NotificationDelivery]:
        return select(NotificationDelivery).where(NotificationDelivery.channel_id == channel_id)

    async def lock_due(self, now: datetime, limit: int) -> Sequence[NotificationDelivery]:
        """Pending rows due now, locked; rows another dispatcher holds are skipped."""
        d = NotificationDelivery
        return await self.get_all(
            select(d)
            .where(d.status == DeliveryStatus.pending, d.next_attempt_at <= now)
            .order_by(d.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    async def lock_lost(self, now: datetime, limit: int) -> Sequence[NotificationDelivery]:
        """Rows whose sender's lease ran out: that worker died mid-send."""
        d = NotificationDelivery
        return await self.get_all(
            select(d)
            .where(d.status == DeliveryStatus.sending, d.lease_until < now)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    async def last_sent_at(
        self, channel_id: uuid.UUID, coalesce_key: str, exclude: uuid.UUID
    ) -> datetime | None:
        d = NotificationDelivery
        return await self.session.scalar(
            select(func.max(d.sent_at)).where(
                d.channel_id == channel_id, d.coalesce_key == coalesce_key, d.id != exclude
            )
        )

    async def lock_waiting_same_key(
        self, channel_id: uuid.UUID, coalesce_key: str, exclude: uuid.UUID
    ) -> Sequence[NotificationDelivery]:
        """Not yet attempted rows of the same key: they merge into the one being sent."""
        d = NotificationDelivery
        return await self.get_all(
            select(d)
            .where(
                d.channel_id == channel_id,
                d.coalesce_key == coalesce_key,
                d.id != exclude,
                d.status == DeliveryStatus.pending,
                d.attempts == 0,
            )
            .order_by(d.created_at)
            .with_for_update(skip_locked=True)
        )

    async def prune_finished(self, before: datetime) -> int:
        """Forget finished deliveries older than `before`: the log is for recent history,
        and the table must not grow with every event ever sent."""
        d = NotificationDelivery
        result = await self.session.execute(
            delete(d).where(
                d.created_at < before,
                d.status.in_(
                    [DeliveryStatus.delivered, DeliveryStatus.failed, DeliveryStatus.coalesced]
                ),
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
