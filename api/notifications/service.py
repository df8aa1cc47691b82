"""Channels and subscriptions: CRUD with secrets sealed, destinations checked, and a real
test send."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.infra import outbound
from api.kit.crypto import Keyring
from api.kit.pagination import PaginationParams
from api.kit.settings import NotificationSettings, Settings
from api.kit.sorting import Sorting
from api.models import (
    ChannelKind,
    ChannelState,
    NotificationChannel,
    NotificationDelivery,
    NotificationSubscription,
)
from api.models.base import utcnow
from api.notifications import providers, render
from api.notifications.events import TITLES, EventType
from api.notifications.exceptions import (
    ChannelKindChange,
    ChannelNameTaken,
    DestinationRefused,
    SubscriptionScopeInvalid,
)
from api.notifications.repository import (
    ChannelRepository,
    DeliveryRepository,
    SubscriptionRepository,
)
from api.notifications.schemas import (
    ChannelCreate,
    ChannelSettings,
    ChannelTestRead,
    ChannelUpdate,
    DeliveryRead,
    EmailSettings,
    SubscriptionCreate,
)
from api.notifications.secrets import SECRET_FIELDS, reveal, seal


def public_url(settings: Settings) -> str:
    """Links in messages start here (BERTH_NOTIFICATIONS__PUBLIC_URL)."""
    if settings.notifications.public_url:
        return settings.notifications.public_url.rstrip("/")
    return f"http://{settings.run.host}:{settings.run.port}"


async def check_destination(settings: NotificationSettings, values: ChannelSettings) -> None:
    """Refuse, when saved, what delivery would refuse (delivery checks again: DNS changes)."""
    rules = providers.policy(settings)
    try:
        match values.kind:
            case "slack":
                _under(values.webhook_url, [settings.slack_webhook_base], "Slack")
                outbound.check_url(values.webhook_url, rules)
            case "discord":
                _under(values.webhook_url, settings.discord_webhook_bases, "Discord")
                outbound.check_url(values.webhook_url, rules)
            case "webhook":
                _, host, port = outbound.check_url(values.url, rules)
                await _resolvable_or_later(host, port, rules)
            case "email":
                _check_smtp(values, rules)
                await _resolvable_or_later(values.host, values.port, rules)
            case "telegram":
                pass  # the API base is the operator's setting; only the token is ours
    except ValueError as exc:
        raise DestinationRefused(f"{_field(values)} {exc}") from exc
    except outbound.AddressRefused as exc:
        raise DestinationRefused(f"{_field(values)}: {exc}") from exc


def _field(values: ChannelSettings) -> str:
    return {"webhook": "url", "email": "host"}.get(values.kind, "webhook_url")


def _under(url: str, bases: Sequence[str], provider: str) -> None:
    if not any(url.startswith(base) for base in bases):
        raise ValueError(f"must be a {provider} webhook URL, starting with {' or '.join(bases)}")


def _check_smtp(values: EmailSettings, rules: outbound.AddressPolicy) -> None:
    if values.tls == "none" and not rules.allow_insecure:
        raise ValueError(
            "needs TLS (starttls or tls): plain-text SMTP is allowed only when the operator "
            "sets BERTH_NOTIFICATIONS__ALLOW_INSECURE_TRANSPORT"
        )
    literal = outbound.literal_address(values.host)
    if literal is not None and (reason := rules.refusal(literal)) is not None:
        raise ValueError(f"points at a refused address: {reason}")


async def _resolvable_or_later(host: str, port: int, rules: outbound.AddressPolicy) -> None:
    # A name that does not resolve now may tomorrow (it is checked at every delivery); a
    # name that resolves to a refused address is refused now, with the reason.
    try:
        await outbound.resolve_checked(host, port, rules)
    except outbound.AddressRefused:
        raise
    except outbound.OutboundError:
        return


_SETTINGS: TypeAdapter[ChannelSettings] = TypeAdapter(ChannelSettings)


def _with_kept_secrets(
    keyring: Keyring, channel: NotificationChannel, values: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """An edit's settings with each secret it left out taken from the stored ones; and
    the names of the secrets it did replace (for the audit log, never their values)."""
    stored = reveal(keyring, channel)
    replaced = []
    for name in SECRET_FIELDS[channel.kind]:
        if values.get(name) is not None:
            replaced.append(name)
        elif name in stored:
            values[name] = stored[name]
    if channel.kind is ChannelKind.email and not values.get("username"):
        values["password"] = None  # no login: a kept password would be sent to nobody
    return values, replaced


class NotificationService:
    async def list_channels(
        self, session: AsyncSession, access: Access, pagination: PaginationParams, sorting: Sorting
    ) -> tuple[Sequence[NotificationChannel], int]:
        return await ChannelRepository(session).paginate_readable(
            access.principal,
            pagination,
            sorting,
            NotificationChannel.organization_id == access.organization_id,
        )

    async def create_channel(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        settings: NotificationSettings,
        body: ChannelCreate,
    ) -> NotificationChannel:
        await check_destination(settings, body.settings)
        repo = ChannelRepository(session)
        if await repo.name_taken(access.organization_id, body.name):
            raise ChannelNameTaken(f"a notification channel named '{body.name}' already exists")
        channel = NotificationChannel(
            id=uuid.uuid4(),  # the encryption context needs the id before the insert
            organization_id=access.organization_id,
            name=body.name,
            kind=ChannelKind(body.settings.kind),
            enabled=body.enabled,
        )
        seal(keyring, channel, body.settings.model_dump())
        await repo.add(channel)
        await self._audit(session, access, channel, "notification_channel.create", {})
        return channel

    async def update_channel(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        settings: NotificationSettings,
        channel: NotificationChannel,
        body: ChannelUpdate,
    ) -> NotificationChannel:
        changes: dict[str, Any] = {}
        if body.name is not None and body.name != channel.name:
            if await ChannelRepository(session).name_taken(
                channel.organization_id, body.name, exclude=channel.id
            ):
                raise ChannelNameTaken(f"a notification channel named '{body.name}' already exists")
            channel.name = changes["name"] = body.name
        if body.enabled is not None:
            channel.enabled = changes["enabled"] = body.enabled
        if body.settings is not None:
            if body.settings.kind != channel.kind:
                raise ChannelKindChange(
                    f"channel '{channel.name}' is a {channel.kind} channel; create a new "
                    f"channel for {body.settings.kind}"
                )
            values, replaced = _with_kept_secrets(keyring, channel, body.settings.model_dump())
            full = _SETTINGS.validate_python(values)
            await check_destination(settings, full)
            seal(keyring, channel, full.model_dump())
            # New settings deserve a fresh start: the failures were the old ones'.
            channel.state, channel.consecutive_failures = ChannelState.healthy, 0
            changes["settings"] = "replaced"
            changes["secrets_replaced"] = replaced
        await session.flush()
        if changes:
            await self._audit(session, access, channel, "notification_channel.update", changes)
        return channel

    async def delete_channel(
        self, session: AsyncSession, access: Access, channel: NotificationChannel
    ) -> None:
        await ChannelRepository(session).delete(channel)
        await self._audit(session, access, channel, "notification_channel.delete", {})

    async def test_channel(
        self, keyring: Keyring, settings: Settings, channel: NotificationChannel
    ) -> ChannelTestRead:
        """Send a real message now, bypassing subscriptions and the outbox."""
        message = render.Message(
            type="test",
            title="Test notification",
            subject=f"channel {channel.name}",
            reason=None,
            facts={},
            url=public_url(settings) + f"/orgs/{channel.organization_id}/notifications",
            occurred_at=utcnow().isoformat(),
            events_count=1,
            first_at=None,
        )
        result = await providers.send(
            channel.kind,
            channel.config,
            reveal(keyring, channel),
            message,
            delivery_id=f"test-{uuid.uuid4()}",
            payload={"target": {"type": "notification_channel", "id": str(channel.id)}},
            settings=settings.notifications,
        )
        return ChannelTestRead(
            delivered=result.outcome == "delivered",
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )

    async def list_subscriptions(
        self, session: AsyncSession, channel: NotificationChannel
    ) -> Sequence[NotificationSubscription]:
        return await SubscriptionRepository(session).list_for_channel(channel.id)

    async def subscribe(
        self,
        session: AsyncSession,
        access: Access,
        channel: NotificationChannel,
        body: SubscriptionCreate,
    ) -> NotificationSubscription:
        repo = SubscriptionRepository(session)
        org = channel.organization_id
        if body.project_id is not None and not await repo.project_in_organization(
            org, body.project_id
        ):
            raise SubscriptionScopeInvalid(f"project {body.project_id} not found")
        if body.environment_id is not None:
            project = await repo.environment_project(org, body.environment_id)
            if project is None:
                raise SubscriptionScopeInvalid(f"environment {body.environment_id} not found")
            if body.project_id is not None and project != body.project_id:
                raise SubscriptionScopeInvalid(
                    f"environment {body.environment_id} is not in project {body.project_id}"
                )
        subscription = NotificationSubscription(
            organization_id=org,
            channel_id=channel.id,
            event_types=sorted({str(t) for t in body.event_types}),
            project_id=body.project_id,
            environment_id=body.environment_id,
        )
        await repo.add(subscription)
        await self._audit(
            session,
            access,
            channel,
            "notification_subscription.create",
            {"event_types": subscription.event_types, "subscription_id": str(subscription.id)},
        )
        return subscription

    async def unsubscribe(
        self, session: AsyncSession, access: Access, subscription: NotificationSubscription
    ) -> None:
        await SubscriptionRepository(session).delete(subscription)
        await audit.record(
            session,
            access.principal,
            organization_id=subscription.organization_id,
            action="notification_subscription.delete",
            target_type="notification_channel",
            target_id=subscription.channel_id,
            data={"subscription_id": str(subscription.id)},
        )

    async def list_deliveries(
        self, session: AsyncSession, channel: NotificationChannel, pagination: PaginationParams
    ) -> tuple[list[DeliveryRead], int]:
        repo = DeliveryRepository(session)
        statement = repo.for_channel_statement(channel.id).order_by(
            NotificationDelivery.created_at.desc(), NotificationDelivery.id
        )
        rows, total = await repo.paginate(statement, pagination)
        return [delivery_read(row) for row in rows], total

    @staticmethod
    async def _audit(
        session: AsyncSession,
        access: Access,
        channel: NotificationChannel,
        action: str,
        data: dict[str, Any],
    ) -> None:
        await audit.record(
            session,
            access.principal,
            organization_id=channel.organization_id,
            action=action,
            target_type="notification_channel",
            target_id=channel.id,
            data={"name": channel.name, "kind": str(channel.kind), **data},
        )


def delivery_read(row: NotificationDelivery) -> DeliveryRead:
    payload = row.payload
    try:
        title = TITLES[EventType(row.event_type)]
    except ValueError:
        title = str(payload.get("title", row.event_type))
    return DeliveryRead(
        id=row.id,
        channel_id=row.channel_id,
        event_type=row.event_type,
        target_type=row.target_type,
        target_id=row.target_id,
        title=title,
        subject=str(payload.get("subject", "")),
        reason=payload.get("reason"),
        events_count=row.events_count,
        status=row.status,
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
        attempt_log=row.attempt_log,
        created_at=row.created_at,
    )


notification_service = NotificationService()
