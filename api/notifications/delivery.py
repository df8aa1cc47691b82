"""Claiming, sending and recording deliveries (run by the worker's dispatcher).

Not an arq durable job: a delivery waits for a *time* (its backoff, a receiver's
Retry-After, the end of a coalescing window), which the generic job rows cannot express,
and thousands of them must not cost a Redis job each. The same guarantees hold: a row is
claimed with a lease and a bumped attempt number, every later write is fenced on that
attempt, and a row whose worker died (lease run out) is tried again. Delivery is at least
once: a worker killed after the receiver got the message but before it recorded that sends
it again (webhook receivers deduplicate by `X-Berth-Delivery`).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.crypto import Keyring, SecretDecryptionError
from api.kit.settings import Settings
from api.models import (
    ChannelState,
    DeliveryStatus,
    NotificationChannel,
    NotificationDelivery,
)
from api.models.base import utcnow
from api.notifications import providers, render
from api.notifications.repository import DeliveryRepository
from api.notifications.secrets import reveal
from api.notifications.service import public_url

log = structlog.get_logger("berth.notifications")


@dataclass(frozen=True)
class Claim:
    delivery_id: uuid.UUID
    attempt: int


def lease_for(settings: Settings) -> timedelta:
    # A send takes at most the name's resolution (5 s) plus the request's timeout; past
    # this margin the worker holding it is presumed dead and the row is tried again.
    return timedelta(seconds=settings.notifications.timeout_seconds + 10)


def backoff(settings: Settings, attempt: int, retry_after: float | None) -> float:
    n = settings.notifications
    if retry_after is not None:
        return float(min(retry_after, n.max_retry_after_seconds))
    delay = min(n.retry_base_seconds * 2 ** (attempt - 1), n.retry_max_seconds)
    return float(delay) * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


async def claim_due(session: AsyncSession, settings: Settings, limit: int) -> list[Claim]:
    """Lock due rows, coalesce where a window says so, and lease the rest (one transaction)."""
    now = utcnow()
    repo = DeliveryRepository(session)
    await _recover_lost(session, repo, now, limit)
    window = timedelta(seconds=settings.notifications.coalesce_window_seconds)
    claims: list[Claim] = []
    for row in await repo.lock_due(now, limit):
        if row.status is not DeliveryStatus.pending:
            continue  # merged into another row earlier in this batch
        if row.attempts == 0 and row.coalesce_key is not None:
            last = await repo.last_sent_at(row.channel_id, row.coalesce_key, row.id)
            if last is not None and last + window > now:
                # A message about this target went out moments ago: hold this one until
                # the window ends; whatever else happens meanwhile joins it.
                row.next_attempt_at = last + window
                continue
            await _absorb(repo, row)
        channel = await session.get(NotificationChannel, row.channel_id)
        if channel is None:
            continue  # deleted meanwhile: the cascade removes the row
        if row.attempts == 0:
            # A failing channel gets one try per event instead of a retry budget each.
            failing = channel.state is ChannelState.failing
            row.max_attempts = 1 if failing else settings.notifications.max_attempts
            row.sent_at = now
        row.attempts += 1
        row.status = DeliveryStatus.sending
        row.lease_until = now + lease_for(settings)
        claims.append(Claim(row.id, row.attempts))
    await session.flush()
    return claims


async def _absorb(repo: DeliveryRepository, row: NotificationDelivery) -> None:
    """Merge the key's other waiting rows into `row`: it says where things stand now (the
    newest event) and how many events it stands for."""
    assert row.coalesce_key is not None
    others = await repo.lock_waiting_same_key(row.channel_id, row.coalesce_key, row.id)
    if not others:
        return
    rows = sorted([row, *others], key=lambda r: r.created_at)
    newest = rows[-1]
    row.events_count = sum(r.events_count for r in rows)
    row.event_type = newest.event_type
    row.payload = {**newest.payload, "first_at": rows[0].payload.get("occurred_at")}
    for other in others:
        other.status = DeliveryStatus.coalesced
        other.coalesced_into_id = row.id
        other.last_error = None


async def _recover_lost(
    session: AsyncSession, repo: DeliveryRepository, now: datetime, limit: int
) -> None:
    for row in await repo.lock_lost(now, limit):
        entry = {
            "number": row.attempts,
            "at": now.isoformat(),
            "outcome": "lost",
            "error": "the worker sending it stopped before recording an answer",
        }
        row.attempt_log = [*row.attempt_log, entry]
        row.lease_until = None
        if row.attempts >= row.max_attempts:
            row.status = DeliveryStatus.failed
            row.last_error = f"{entry['error']}; gave up after {row.attempts} attempts"
        else:
            row.status, row.next_attempt_at = DeliveryStatus.pending, now
    await session.flush()


async def send_claimed(
    sessionmaker: async_sessionmaker[AsyncSession],
    keyring: Keyring,
    settings: Settings,
    claim: Claim,
) -> DeliveryStatus | None:
    """Send one claimed delivery and record the answer; returns the row's new status."""
    async with sessionmaker() as session:
        row = await session.get(NotificationDelivery, claim.delivery_id)
        channel = await session.get(NotificationChannel, row.channel_id) if row else None
        if row is None or channel is None:
            return None
        message = render.Message.from_payload(
            row.payload, public_url(settings), row.events_count, row.payload.get("first_at")
        )
        kind, config = channel.kind, dict(channel.config)
        try:
            secrets = reveal(keyring, channel)
        except SecretDecryptionError as exc:
            secrets = None
            failure = providers.SendResult("failed", error=f"channel secrets unreadable: {exc}")
    # No session (and no connection) is held while waiting for a provider.
    if secrets is not None:
        result = await providers.send(
            kind,
            config,
            secrets,
            message,
            delivery_id=str(row.id),
            payload=row.payload,
            settings=settings.notifications,
        )
    else:
        result = failure
    async with sessionmaker() as session, session.begin():
        return await record(session, settings, claim, result)


async def record(
    session: AsyncSession, settings: Settings, claim: Claim, result: providers.SendResult
) -> DeliveryStatus | None:
    row = await session.get(NotificationDelivery, claim.delivery_id, with_for_update=True)
    if row is None or row.status is not DeliveryStatus.sending or row.attempts != claim.attempt:
        log.warning("delivery result discarded: lease lost", delivery_id=str(claim.delivery_id))
        return None
    now = utcnow()
    entry: dict[str, Any] = {
        "number": claim.attempt,
        "at": now.isoformat(),
        "outcome": result.outcome,
        "status_code": result.status_code,
        "error": result.error,
        "duration_ms": result.duration_ms,
    }
    row.attempt_log = [*row.attempt_log, entry]
    row.lease_until = None
    channel_values: dict[str, Any]
    if result.outcome == "delivered":
        row.status, row.delivered_at = DeliveryStatus.delivered, now
        channel_values = {
            "state": ChannelState.healthy,
            "consecutive_failures": 0,
            "last_delivered_at": now,
        }
    elif result.outcome == "retry" and claim.attempt < row.max_attempts:
        delay = backoff(settings, claim.attempt, result.retry_after)
        row.status, row.last_error = DeliveryStatus.pending, result.error
        row.next_attempt_at = now + timedelta(seconds=delay)
        log.info("delivery will be retried", delivery_id=str(row.id), in_seconds=round(delay, 1))
        return row.status
    else:
        spent = result.outcome == "retry"
        row.status = DeliveryStatus.failed
        row.last_error = (
            f"{result.error}; gave up after {claim.attempt} attempts" if spent else result.error
        )
        c = NotificationChannel
        failures = c.consecutive_failures + 1
        channel_values = {
            "consecutive_failures": failures,
            "last_error": row.last_error,
            "last_failure_at": now,
        }
        await session.execute(
            update(c)
            .where(c.id == row.channel_id, failures >= settings.notifications.failing_after)
            .values(state=ChannelState.failing)
        )
    await session.execute(
        update(NotificationChannel)
        .where(NotificationChannel.id == row.channel_id)
        .values(**channel_values)
    )
    return row.status
