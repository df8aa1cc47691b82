from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_destination_read import PageDestinationRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: UUID,
    *,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["limit"] = limit

    json_sorting: list[str] | None | Unset
    if isinstance(sorting, Unset):
        json_sorting = UNSET
    elif isinstance(sorting, list):
        json_sorting = sorting

    else:
        json_sorting = sorting
    params["sorting"] = json_sorting

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/organizations/{organization_id}/destinations".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDestinationRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageDestinationRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageDestinationRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    organization_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageDestinationRead | Problem]:
    """List backup destinations

     Where the organization's backups go (credentials are never shown).

    Args:
        organization_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -kind, -name, created_at, kind, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDestinationRead | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        page=page,
        limit=limit,
        sorting=sorting,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageDestinationRead | Problem | None:
    """List backup destinations

     Where the organization's backups go (credentials are never shown).

    Args:
        organization_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -kind, -name, created_at, kind, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDestinationRead | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        client=client,
        page=page,
        limit=limit,
        sorting=sorting,
    ).parsed


async def asyncio_detailed(
    organization_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageDestinationRead | Problem]:
    """List backup destinations

     Where the organization's backups go (credentials are never shown).

    Args:
        organization_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -kind, -name, created_at, kind, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDestinationRead | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        page=page,
        limit=limit,
        sorting=sorting,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageDestinationRead | Problem | None:
    """List backup destinations

     Where the organization's backups go (credentials are never shown).

    Args:
        organization_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -kind, -name, created_at, kind, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDestinationRead | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            page=page,
            limit=limit,
            sorting=sorting,
        )
    ).parsed
