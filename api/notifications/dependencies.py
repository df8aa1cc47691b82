from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.auth.dependencies import CurrentPrincipal, Scoped, load_scoped, requires
from api.auth.permissions import Permission
from api.kit.dependencies import SessionDep
from api.kit.settings import NotificationSettings, Settings
from api.models import NotificationChannel, NotificationSubscription
from api.notifications.exceptions import ChannelNotFound, SubscriptionNotFound
from api.notifications.repository import ChannelRepository, SubscriptionRepository


def _channel_loader(permission: Permission) -> Callable[..., Any]:
    @requires(permission)
    async def load(
        channel_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
    ) -> Scoped[NotificationChannel]:
        return await load_scoped(
            ChannelRepository(session),
            principal,
            channel_id,
            permission,
            ChannelNotFound(f"notification channel {channel_id} not found"),
        )

    return load


@requires(Permission.admin)
async def _subscription_admin(
    subscription_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Scoped[NotificationSubscription]:
    return await load_scoped(
        SubscriptionRepository(session),
        principal,
        subscription_id,
        Permission.admin,
        SubscriptionNotFound(f"notification subscription {subscription_id} not found"),
    )


async def _notification_settings(request: Request) -> NotificationSettings:
    settings: Settings = request.app.state.settings
    return settings.notifications


ChannelRead = Annotated[Scoped[NotificationChannel], Depends(_channel_loader(Permission.read))]
# A channel holds credentials and decides where the organization's events go: admins only,
# like registries and servers.
ChannelAdmin = Annotated[Scoped[NotificationChannel], Depends(_channel_loader(Permission.admin))]
SubscriptionAdmin = Annotated[Scoped[NotificationSubscription], Depends(_subscription_admin)]
NotificationSettingsDep = Annotated[NotificationSettings, Depends(_notification_settings)]
