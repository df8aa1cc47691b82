from __future__ import annotations

from api.kit.errors import BerthError, NotFound, Unauthorized


class WebhookNotFound(NotFound):
    type_slug = "webhook-not-found"
    title = "Webhook not found"


class BadSignature(Unauthorized):
    type_slug = "bad-webhook-signature"
    title = "Webhook signature does not match"


class UnusablePayload(BerthError):
    status = 422
    type_slug = "unusable-webhook-payload"
    title = "Webhook payload not understood"
