"""Push webhooks: verify, filter by branch, and queue a deployment of the pushed commit.

Redeliveries are idempotent: the delivery id is unique per application on the deployment
row, so a provider retrying (or a replayed request) finds the deployment it already made.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.repository import ApplicationRepository
from api.audit.service import audit
from api.auth.permissions import Access
from api.deployments.service import deployment_service
from api.infra.git import validate_commit
from api.kit.crypto import Keyring
from api.kit.identifiers import validate_image_ref
from api.models import Application, Deployment
from api.webhooks import providers
from api.webhooks.exceptions import WebhookNotFound
from api.webhooks.providers import Provider, Push
from api.webhooks.schemas import WebhookResult


def webhook_secret_context(app_id: uuid.UUID) -> str:
    return f"application_webhook:{app_id}"


class WebhookService:
    async def rotate_secret(
        self, session: AsyncSession, access: Access, keyring: Keyring, app: Application
    ) -> str:
        """A new secret (the old one stops working at once)."""
        secret = secrets.token_urlsafe(32)
        app.webhook_secret_encrypted = keyring.encrypt(
            secret, context=webhook_secret_context(app.id)
        )
        await session.flush()
        await audit.record(
            session,
            access.principal,
            organization_id=app.organization_id,
            action="application.webhook.rotate",
            target_type="application",
            target_id=app.id,
        )
        return secret

    async def receive(
        self,
        session: AsyncSession,
        keyring: Keyring,
        application_id: uuid.UUID,
        provider: Provider,
        body: bytes,
        headers: Mapping[str, str],
    ) -> WebhookResult:
        app = await ApplicationRepository(session).get_by_id(application_id)
        if app is None or app.webhook_secret_encrypted is None:
            # The same answer for "no such app" and "no webhook": ids are not probed.
            raise WebhookNotFound("no webhook is configured at this URL")
        secret = keyring.decrypt(
            app.webhook_secret_encrypted, context=webhook_secret_context(app.id)
        )
        providers.verify(provider, secret, body, headers)
        if not providers.is_push(provider, headers):
            return WebhookResult(status="ignored", detail="not a push event")
        push = providers.parse(provider, body)
        source, reason = _source_for_push(app, push)
        if source is None:
            return WebhookResult(status="ignored", detail=reason)
        delivery = providers.delivery_id(provider, headers, body)
        if existing := await _delivered(session, app.id, delivery):
            return WebhookResult(
                status="duplicate", detail="already delivered", deployment_id=existing
            )
        try:
            async with session.begin_nested():
                deployment = await deployment_service.from_webhook(
                    session, app, source, delivery=delivery, sender=push.sender
                )
        except IntegrityError:
            # The same delivery raced us in another request: it made the deployment.
            existing = await _delivered(session, app.id, delivery)
            return WebhookResult(
                status="duplicate", detail="already delivered", deployment_id=existing
            )
        return WebhookResult(status="queued", detail=reason, deployment_id=deployment.id)


def _source_for_push(app: Application, push: Push) -> tuple[dict[str, object] | None, str]:
    """The source to deploy for this push, or None and why the push doesn't concern us."""
    source: dict[str, object] = dict(app.source)
    if source.get("type") == "image":
        return _image_source(source, push)
    wanted = str(source.get("ref") or "main")
    pushed = push.ref or ""
    if pushed not in (f"refs/heads/{wanted}", f"refs/tags/{wanted}"):
        return None, f"push to {pushed or 'an unknown ref'}; this application deploys {wanted}"
    if push.deleted:
        return None, f"{pushed} was deleted"
    source.pop("commit", None)  # a push moves the app to what was pushed
    if push.commit is not None:
        try:
            source["commit"] = validate_commit(push.commit)
        except ValueError:
            return None, "the pushed commit id is malformed"
    return source, f"deploying {wanted} at {push.commit or 'its tip'}"


def _image_source(source: dict[str, object], push: Push) -> tuple[dict[str, object] | None, str]:
    if push.image is None:
        return None, "an image application deploys on a generic hook carrying `image`"
    try:
        source["image"] = validate_image_ref(push.image)
    except ValueError as exc:
        return None, f"invalid image: {exc}"
    return source, f"deploying {source['image']}"


async def _delivered(session: AsyncSession, app_id: uuid.UUID, delivery: str) -> uuid.UUID | None:
    return await session.scalar(
        select(Deployment.id).where(
            Deployment.application_id == app_id, Deployment.webhook_delivery == delivery
        )
    )


webhook_service = WebhookService()
