from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    application_id: UUID,
    *,
    tail: int | Unset = 100,
    since: int | None | Unset = UNSET,
    max_seconds: int | Unset = 3600,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["tail"] = tail

    json_since: int | None | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    else:
        json_since = since
    params["since"] = json_since

    params["max_seconds"] = max_seconds

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/applications/{application_id}/logs/stream".format(
            application_id=quote(str(application_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 100,
    since: int | None | Unset = UNSET,
    max_seconds: int | Unset = 3600,
) -> Response[Any | Problem]:
    """Follow an application's logs

     Server-Sent Events: one `log` event per line ({stream, timestamp, message}) as the
    containers write them; an `error` event if the server or service goes away.

    Args:
        application_id (UUID):
        tail (int | Unset): Lines from the end first Default: 100.
        since (int | None | Unset): Unix time: only newer lines
        max_seconds (int | Unset): End the stream after this long Default: 3600.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        tail=tail,
        since=since,
        max_seconds=max_seconds,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 100,
    since: int | None | Unset = UNSET,
    max_seconds: int | Unset = 3600,
) -> Any | Problem | None:
    """Follow an application's logs

     Server-Sent Events: one `log` event per line ({stream, timestamp, message}) as the
    containers write them; an `error` event if the server or service goes away.

    Args:
        application_id (UUID):
        tail (int | Unset): Lines from the end first Default: 100.
        since (int | None | Unset): Unix time: only newer lines
        max_seconds (int | Unset): End the stream after this long Default: 3600.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
        tail=tail,
        since=since,
        max_seconds=max_seconds,
    ).parsed


async def asyncio_detailed(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 100,
    since: int | None | Unset = UNSET,
    max_seconds: int | Unset = 3600,
) -> Response[Any | Problem]:
    """Follow an application's logs

     Server-Sent Events: one `log` event per line ({stream, timestamp, message}) as the
    containers write them; an `error` event if the server or service goes away.

    Args:
        application_id (UUID):
        tail (int | Unset): Lines from the end first Default: 100.
        since (int | None | Unset): Unix time: only newer lines
        max_seconds (int | Unset): End the stream after this long Default: 3600.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        tail=tail,
        since=since,
        max_seconds=max_seconds,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 100,
    since: int | None | Unset = UNSET,
    max_seconds: int | Unset = 3600,
) -> Any | Problem | None:
    """Follow an application's logs

     Server-Sent Events: one `log` event per line ({stream, timestamp, message}) as the
    containers write them; an `error` event if the server or service goes away.

    Args:
        application_id (UUID):
        tail (int | Unset): Lines from the end first Default: 100.
        since (int | None | Unset): Unix time: only newer lines
        max_seconds (int | Unset): End the stream after this long Default: 3600.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            client=client,
            tail=tail,
            since=since,
            max_seconds=max_seconds,
        )
    ).parsed
