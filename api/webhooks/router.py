"""Push webhooks. The receiving endpoint is public: the signature is the authentication."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from api.applications import dependencies as app_deps
from api.applications.exceptions import ApplicationNotFound
from api.auth.exceptions import NotAuthenticated, PermissionDenied
from api.environments.dependencies import KeyringDep
from api.kit.dependencies import SessionDep
from api.kit.problems import problem_responses
from api.kit.routing import BerthRoute
from api.webhooks.exceptions import BadSignature, UnusablePayload, WebhookNotFound
from api.webhooks.providers import Provider
from api.webhooks.schemas import WebhookResult, WebhookSecret
from api.webhooks.service import webhook_service

router = APIRouter(tags=["webhooks"], route_class=BerthRoute)


@router.post(
    "/applications/{application_id}/webhook",
    summary="Create or rotate the push webhook secret",
    response_model=WebhookSecret,
    responses=problem_responses(NotAuthenticated, ApplicationNotFound, PermissionDenied),
)
async def rotate_webhook_secret(
    scoped: app_deps.ApplicationWrite, session: SessionDep, keyring: KeyringDep, request: Request
) -> WebhookSecret:
    """A new secret, shown once, and the payload URL for each git host. The previous
    secret stops working at once."""
    secret = await webhook_service.rotate_secret(session, scoped.access, keyring, scoped.obj)
    base = str(request.url_for("receive_webhook", application_id=scoped.obj.id, provider="x"))
    urls = {p.value: base.removesuffix("/x") + f"/{p.value}" for p in Provider}
    return WebhookSecret(secret=secret, urls=urls)


@router.post(
    "/webhooks/{application_id}/{provider}",
    name="receive_webhook",
    summary="Receive a push webhook",
    response_model=WebhookResult,
    responses=problem_responses(WebhookNotFound, BadSignature, UnusablePayload),
)
async def receive_webhook(
    application_id: uuid.UUID,
    provider: Provider,
    request: Request,
    session: SessionDep,
    keyring: KeyringDep,
) -> WebhookResult:
    """GitHub (`X-Hub-Signature-256`), Gitea (`X-Gitea-Signature`), GitLab
    (`X-Gitlab-Token`) or generic (`X-Berth-Signature: sha256=<HMAC-SHA256 of the body>`,
    body `{"ref": "main", "commit": "<sha>"}` or `{"image": "..."}`). A push to the
    application's branch queues a deployment of the pushed commit; a redelivery returns the
    deployment it already made; any other push is acknowledged and ignored."""
    body = await request.body()
    return await webhook_service.receive(
        session, keyring, application_id, provider, body, request.headers
    )
