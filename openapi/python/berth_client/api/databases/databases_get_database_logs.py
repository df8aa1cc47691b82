from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.database_logs import DatabaseLogs
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    database_id: UUID,
    *,
    tail: int | Unset = 200,
    since: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["tail"] = tail

    json_since: int | None | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    else:
        json_since = since
    params["since"] = json_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/databases/{database_id}/logs".format(
            database_id=quote(str(database_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DatabaseLogs | Problem | None:
    if response.status_code == 200:
        response_200 = DatabaseLogs.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DatabaseLogs | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 200,
    since: int | None | Unset = UNSET,
) -> Response[DatabaseLogs | Problem]:
    """Read a database's logs

     The last lines the engine wrote (stdout and stderr), read from the server.

    Args:
        database_id (UUID):
        tail (int | Unset): Lines from the end Default: 200.
        since (int | None | Unset): Unix time: only newer lines

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseLogs | Problem]
    """

    kwargs = _get_kwargs(
        database_id=database_id,
        tail=tail,
        since=since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 200,
    since: int | None | Unset = UNSET,
) -> DatabaseLogs | Problem | None:
    """Read a database's logs

     The last lines the engine wrote (stdout and stderr), read from the server.

    Args:
        database_id (UUID):
        tail (int | Unset): Lines from the end Default: 200.
        since (int | None | Unset): Unix time: only newer lines

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseLogs | Problem
    """

    return sync_detailed(
        database_id=database_id,
        client=client,
        tail=tail,
        since=since,
    ).parsed


async def asyncio_detailed(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 200,
    since: int | None | Unset = UNSET,
) -> Response[DatabaseLogs | Problem]:
    """Read a database's logs

     The last lines the engine wrote (stdout and stderr), read from the server.

    Args:
        database_id (UUID):
        tail (int | Unset): Lines from the end Default: 200.
        since (int | None | Unset): Unix time: only newer lines

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatabaseLogs | Problem]
    """

    kwargs = _get_kwargs(
        database_id=database_id,
        tail=tail,
        since=since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    tail: int | Unset = 200,
    since: int | None | Unset = UNSET,
) -> DatabaseLogs | Problem | None:
    """Read a database's logs

     The last lines the engine wrote (stdout and stderr), read from the server.

    Args:
        database_id (UUID):
        tail (int | Unset): Lines from the end Default: 200.
        since (int | None | Unset): Unix time: only newer lines

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatabaseLogs | Problem
    """

    return (
        await asyncio_detailed(
            database_id=database_id,
            client=client,
            tail=tail,
            since=since,
        )
    ).parsed
