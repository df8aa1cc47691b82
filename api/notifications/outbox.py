"""`announce`: the one call a domain makes at an outcome, inside its own transaction.

It writes one delivery row per subscribed channel (the outbox) and asks PostgreSQL to wake
the worker's dispatcher: `pg_notify` is transactional, delivered only if the transaction
commits, so a rolled-back change announces nothing and a committed one is picked up at
once, from the API and the worker alike. A dispatcher that missed the wake-up (not running,
restarted) finds the rows by polling.
"""

from __future__ import annotations

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.context import get_request_id
from api.models import NotificationDelivery
from api.notifications.events import Event
from api.notifications.repository import SubscriptionRepository

log = structlog.get_logger("berth.notifications")

WAKE_CHANNEL = "berth_notifications"


async def announce(session: AsyncSession, event: Event) -> int:
    """Queue `event` for every channel subscribed to it; returns how many. Cheap when
    nobody listens: one indexed query."""
    channel_ids = await SubscriptionRepository(session).subscribed_channels(
        event.organization_id, str(event.type), event.project_id, event.environment_id
    )
    if not channel_ids:
        return 0
    payload = event.payload()
    session.add_all(
        NotificationDelivery(
            organization_id=event.organization_id,
            channel_id=channel_id,
            event_type=str(event.type),
            target_type=event.target_type,
            target_id=event.target_id,
            coalesce_key=event.coalesce_key,
            payload=payload,
            next_attempt_at=event.occurred_at,
            request_id=get_request_id(),
        )
        for channel_id in channel_ids
    )
    await session.flush()
    # PostgreSQL folds identical notifications of one transaction into one.
    await session.execute(select(func.pg_notify(WAKE_CHANNEL, "")))
    log.info("event announced", event_type=str(event.type), channels=len(channel_ids))
    return len(channel_ids)
