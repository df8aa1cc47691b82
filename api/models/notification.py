"""Notification channels, what they subscribe to, and one row per message to deliver.

A delivery row is the outbox: it is written in the same transaction as the change that
caused the event, so an event is never announced for a change that rolled back, nor lost
for one that committed. The worker sends it after commit and records every attempt on it.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum, utcnow


class ChannelKind(enum.StrEnum):
    slack = "slack"
    discord = "discord"
    telegram = "telegram"
    email = "email"
    webhook = "webhook"


class ChannelState(enum.StrEnum):
    healthy = "healthy"
    # Deliveries kept failing after their retries: new events get one attempt each (so
    # the channel heals by itself once the receiver is back) instead of a retry budget.
    failing = "failing"


class DeliveryStatus(enum.StrEnum):
    pending = "pending"  # waiting for its next attempt (`next_attempt_at`)
    sending = "sending"  # a worker holds it until `lease_until`
    delivered = "delivered"
    failed = "failed"  # the retry budget is spent, or the receiver refused it for good
    coalesced = "coalesced"  # merged into a later message about the same target


class NotificationChannel(IdMixin, TimestampMixin, Base):
    __tablename__ = "notification_channels"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(63))
    kind: Mapped[ChannelKind] = mapped_column(str_enum(ChannelKind, "channel_kind"))
    enabled: Mapped[bool] = mapped_column(default=True)
    # What read APIs may show (chat id, SMTP host and recipients, a webhook's URL).
    config: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # A JSON object of the kind's secret fields (a Slack URL *is* a credential), sealed
    # with api.kit.crypto and bound to the row and its kind; never returned.
    secrets_encrypted: Mapped[str] = mapped_column(Text)
    # {field: masked hint}, what reads show of each secret.
    secret_hints: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    state: Mapped[ChannelState] = mapped_column(
        str_enum(ChannelState, "channel_state"), default=ChannelState.healthy
    )
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    last_failure_at: Mapped[datetime | None] = mapped_column(default=None)
    last_delivered_at: Mapped[datetime | None] = mapped_column(default=None)


class NotificationSubscription(IdMixin, TimestampMixin, Base):
    """A channel hears these events, optionally only for one project or environment."""

    __tablename__ = "notification_subscriptions"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notification_channels.id", ondelete="CASCADE"), index=True
    )
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), default=None
    )
    environment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("environments.id", ondelete="CASCADE"), default=None
    )


class NotificationDelivery(IdMixin, TimestampMixin, Base):
    __tablename__ = "notification_deliveries"
    __table_args__ = (
        # What the dispatcher polls: only rows still to send, by due time.
        Index(
            "ix_notification_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
        # The delivery log of a channel, newest first; and the coalescing look-up.
        Index("ix_notification_deliveries_channel_created", "channel_id", "created_at"),
        Index(
            "ix_notification_deliveries_coalesce",
            "channel_id",
            "coalesce_key",
            "created_at",
            postgresql_where=text("coalesce_key IS NOT NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notification_channels.id", ondelete="CASCADE")
    )
    event_type: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[uuid.UUID]
    # Events with the same key (one server's availability) within the coalescing window
    # become one message saying how often it changed and where it stands now.
    coalesce_key: Mapped[str | None] = mapped_column(String(200), default=None)
    events_count: Mapped[int] = mapped_column(default=1)
    # The event as it happened (names, reason, link), rendered per provider when sent:
    # never a secret, since it is stored and shown in the delivery log.
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "delivery_status"), default=DeliveryStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=6)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    # [{number, at, duration_ms, outcome, status_code, error}]
    attempt_log: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # When its first attempt started: the coalescing window counts from here.
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    coalesced_into_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    request_id: Mapped[str | None] = mapped_column(String(64), default=None)
