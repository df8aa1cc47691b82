from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.provider import Provider
from ...models.webhook_result import WebhookResult
from ...types import Response


def _get_kwargs(
    application_id: UUID,
    provider: Provider,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks/{application_id}/{provider}".format(
            application_id=quote(str(application_id), safe=""),
            provider=quote(str(provider), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookResult | None:
    if response.status_code == 200:
        response_200 = WebhookResult.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WebhookResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    application_id: UUID,
    provider: Provider,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | WebhookResult]:
    """Receive a push webhook

     GitHub (`X-Hub-Signature-256`), Gitea (`X-Gitea-Signature`), GitLab
    (`X-Gitlab-Token`) or generic (`X-Berth-Signature: sha256=<HMAC-SHA256 of the body>`,
    body `{"ref": "main", "commit": "<sha>"}` or `{"image": "..."}`). A push to the
    application's branch queues a deployment of the pushed commit; a redelivery returns the
    deployment it already made; any other push is acknowledged and ignored.

    Args:
        application_id (UUID):
        provider (Provider):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookResult]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        provider=provider,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: UUID,
    provider: Provider,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | WebhookResult | None:
    """Receive a push webhook

     GitHub (`X-Hub-Signature-256`), Gitea (`X-Gitea-Signature`), GitLab
    (`X-Gitlab-Token`) or generic (`X-Berth-Signature: sha256=<HMAC-SHA256 of the body>`,
    body `{"ref": "main", "commit": "<sha>"}` or `{"image": "..."}`). A push to the
    application's branch queues a deployment of the pushed commit; a redelivery returns the
    deployment it already made; any other push is acknowledged and ignored.

    Args:
        application_id (UUID):
        provider (Provider):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookResult
    """

    return sync_detailed(
        application_id=application_id,
        provider=provider,
        client=client,
    ).parsed


async def asyncio_detailed(
    application_id: UUID,
    provider: Provider,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | WebhookResult]:
    """Receive a push webhook

     GitHub (`X-Hub-Signature-256`), Gitea (`X-Gitea-Signature`), GitLab
    (`X-Gitlab-Token`) or generic (`X-Berth-Signature: sha256=<HMAC-SHA256 of the body>`,
    body `{"ref": "main", "commit": "<sha>"}` or `{"image": "..."}`). A push to the
    application's branch queues a deployment of the pushed commit; a redelivery returns the
    deployment it already made; any other push is acknowledged and ignored.

    Args:
        application_id (UUID):
        provider (Provider):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookResult]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        provider=provider,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: UUID,
    provider: Provider,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | WebhookResult | None:
    """Receive a push webhook

     GitHub (`X-Hub-Signature-256`), Gitea (`X-Gitea-Signature`), GitLab
    (`X-Gitlab-Token`) or generic (`X-Berth-Signature: sha256=<HMAC-SHA256 of the body>`,
    body `{"ref": "main", "commit": "<sha>"}` or `{"image": "..."}`). A push to the
    application's branch queues a deployment of the pushed commit; a redelivery returns the
    deployment it already made; any other push is acknowledged and ignored.

    Args:
        application_id (UUID):
        provider (Provider):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookResult
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            provider=provider,
            client=client,
        )
    ).parsed
