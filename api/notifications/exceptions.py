from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class ChannelNotFound(NotFound):
    type_slug = "notification-channel-not-found"
    title = "Notification channel not found"


class ChannelNameTaken(Conflict):
    type_slug = "notification-channel-name-taken"
    title = "Notification channel name already used"


class DestinationRefused(BerthError):
    status = 422
    type_slug = "notification-destination-refused"
    title = "Berth will not send notifications there"


class ChannelKindChange(BerthError):
    status = 422
    type_slug = "notification-channel-kind-change"
    title = "A channel's kind cannot change"


class SubscriptionNotFound(NotFound):
    type_slug = "notification-subscription-not-found"
    title = "Notification subscription not found"


class SubscriptionScopeInvalid(BerthError):
    status = 422
    type_slug = "notification-subscription-scope-invalid"
    title = "The project or environment filter does not fit"
