from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.dependencies import OrganizationNotFound, organization_access
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.auth.permissions import Access, Permission
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import PaginationDep, SessionDep, SettingsDep, sorting_dependency
from api.kit.pagination import Page
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.kit.sorting import Sorting
from api.notifications import dependencies as deps
from api.notifications.exceptions import (
    ChannelKindChange,
    ChannelNameTaken,
    ChannelNotFound,
    DestinationRefused,
    SubscriptionNotFound,
    SubscriptionScopeInvalid,
)
from api.notifications.schemas import (
    ChannelCreate,
    ChannelRead,
    ChannelTestRead,
    ChannelUpdate,
    DeliveryRead,
    SubscriptionCreate,
    SubscriptionRead,
)
from api.notifications.service import notification_service

router = APIRouter(tags=["notifications"], route_class=BerthRoute)


class ChannelSort(enum.StrEnum):
    created_at = "created_at"
    name = "name"
    kind = "kind"


_ORG = (NotAuthenticated, OrganizationNotFound, PermissionDenied)
_ITEM = (NotAuthenticated, ChannelNotFound, PermissionDenied)


@router.get(
    "/organizations/{organization_id}/notification-channels",
    summary="List notification channels",
    response_model=Page[ChannelRead],
    responses=problem_responses(*_ORG),
)
async def list_notification_channels(
    access: Annotated[Access, Depends(organization_access(Permission.read))],
    session: SessionDep,
    pagination: PaginationDep,
    sorting: Annotated[Sorting, Depends(sorting_dependency(ChannelSort, ["name"]))],
) -> Page[ChannelRead]:
    """Where the organization's events are sent (secrets shown only as hints)."""
    items, total = await notification_service.list_channels(session, access, pagination, sorting)
    return Page.build([ChannelRead.model_validate(c) for c in items], total, pagination)


@router.post(
    "/organizations/{organization_id}/notification-channels",
    summary="Add a notification channel",
    status_code=status.HTTP_201_CREATED,
    response_model=ChannelRead,
    responses=problem_responses(*_ORG, ChannelNameTaken, DestinationRefused),
)
async def create_notification_channel(
    body: ChannelCreate,
    access: Annotated[Access, Depends(organization_access(Permission.admin))],
    session: SessionDep,
    keyring: KeyringDep,
    settings: deps.NotificationSettingsDep,
) -> ChannelRead:
    """Slack, Discord, Telegram, e-mail or a signed webhook; secrets are stored encrypted."""
    channel = await notification_service.create_channel(session, access, keyring, settings, body)
    return ChannelRead.model_validate(channel)


@router.get(
    "/notification-channels/{channel_id}",
    summary="Get a notification channel",
    response_model=ChannelRead,
    responses=problem_responses(*_ITEM),
)
async def get_notification_channel(scoped: deps.ChannelRead) -> ChannelRead:
    """One channel, its state and last error."""
    return ChannelRead.model_validate(scoped.obj)


@router.patch(
    "/notification-channels/{channel_id}",
    summary="Update a notification channel",
    response_model=ChannelRead,
    responses=problem_responses(*_ITEM, ChannelNameTaken, DestinationRefused, ChannelKindChange),
)
async def update_notification_channel(
    body: ChannelUpdate,
    scoped: deps.ChannelAdmin,
    session: SessionDep,
    keyring: KeyringDep,
    settings: deps.NotificationSettingsDep,
) -> ChannelRead:
    """Rename, enable or disable, or replace the settings (secrets included)."""
    channel = await notification_service.update_channel(
        session, scoped.access, keyring, settings, scoped.obj, body
    )
    return ChannelRead.model_validate(channel)


@router.delete(
    "/notification-channels/{channel_id}",
    summary="Delete a notification channel",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*_ITEM),
)
async def delete_notification_channel(scoped: deps.ChannelAdmin, session: SessionDep) -> None:
    """Forget the channel, its subscriptions and its delivery log."""
    await notification_service.delete_channel(session, scoped.access, scoped.obj)


@router.post(
    "/notification-channels/{channel_id}/test",
    summary="Send a test notification",
    response_model=ChannelTestRead,
    responses=problem_responses(*_ITEM),
)
async def test_notification_channel(
    scoped: deps.ChannelAdmin, keyring: KeyringDep, settings: SettingsDep
) -> ChannelTestRead:
    """Send a real message now; a failure returns the provider's answer verbatim."""
    return await notification_service.test_channel(keyring, settings, scoped.obj)


@router.get(
    "/notification-channels/{channel_id}/subscriptions",
    summary="List a channel's subscriptions",
    response_model=list[SubscriptionRead],
    responses=problem_responses(*_ITEM),
)
async def list_notification_subscriptions(
    scoped: deps.ChannelRead, session: SessionDep
) -> list[SubscriptionRead]:
    """Which events the channel hears, and for which project or environment."""
    rows = await notification_service.list_subscriptions(session, scoped.obj)
    return [SubscriptionRead.model_validate(s) for s in rows]


@router.post(
    "/notification-channels/{channel_id}/subscriptions",
    summary="Subscribe a channel to events",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionRead,
    responses=problem_responses(*_ITEM, SubscriptionScopeInvalid),
)
async def create_notification_subscription(
    body: SubscriptionCreate, scoped: deps.ChannelAdmin, session: SessionDep
) -> SubscriptionRead:
    """Events of these types (optionally of one project or environment) reach the channel."""
    subscription = await notification_service.subscribe(session, scoped.access, scoped.obj, body)
    return SubscriptionRead.model_validate(subscription)


@router.delete(
    "/notification-subscriptions/{subscription_id}",
    summary="Delete a subscription",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(NotAuthenticated, SubscriptionNotFound, PermissionDenied),
)
async def delete_notification_subscription(
    scoped: deps.SubscriptionAdmin, session: SessionDep
) -> None:
    """The channel stops hearing these events."""
    await notification_service.unsubscribe(session, scoped.access, scoped.obj)


@router.get(
    "/notification-channels/{channel_id}/deliveries",
    summary="List a channel's deliveries",
    response_model=Page[DeliveryRead],
    responses=problem_responses(*_ITEM),
)
async def list_notification_deliveries(
    scoped: deps.ChannelRead, session: SessionDep, pagination: PaginationDep
) -> Page[DeliveryRead]:
    """The delivery log, newest first: every attempt with the provider's answer."""
    items, total = await notification_service.list_deliveries(session, scoped.obj, pagination)
    return Page.build(items, total, pagination)
