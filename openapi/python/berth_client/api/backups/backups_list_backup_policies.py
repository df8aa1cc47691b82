from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_backup_policy_read import PageBackupPolicyRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    database_id: UUID,
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
        "url": "/api/v1/databases/{database_id}/backup-policies".format(
            database_id=quote(str(database_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageBackupPolicyRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageBackupPolicyRead.from_dict(response.json())

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
) -> Response[PageBackupPolicyRead | Problem]:
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
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageBackupPolicyRead | Problem]:
    """List a database's backup policies

     What of this database is backed up, where to, when, and how many are kept.

    Args:
        database_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -name, created_at, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBackupPolicyRead | Problem]
    """

    kwargs = _get_kwargs(
        database_id=database_id,
        page=page,
        limit=limit,
        sorting=sorting,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageBackupPolicyRead | Problem | None:
    """List a database's backup policies

     What of this database is backed up, where to, when, and how many are kept.

    Args:
        database_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -name, created_at, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBackupPolicyRead | Problem
    """

    return sync_detailed(
        database_id=database_id,
        client=client,
        page=page,
        limit=limit,
        sorting=sorting,
    ).parsed


async def asyncio_detailed(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageBackupPolicyRead | Problem]:
    """List a database's backup policies

     What of this database is backed up, where to, when, and how many are kept.

    Args:
        database_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -name, created_at, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBackupPolicyRead | Problem]
    """

    kwargs = _get_kwargs(
        database_id=database_id,
        page=page,
        limit=limit,
        sorting=sorting,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageBackupPolicyRead | Problem | None:
    """List a database's backup policies

     What of this database is backed up, where to, when, and how many are kept.

    Args:
        database_id (UUID):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            -name, created_at, name

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBackupPolicyRead | Problem
    """

    return (
        await asyncio_detailed(
            database_id=database_id,
            client=client,
            page=page,
            limit=limit,
            sorting=sorting,
        )
    ).parsed
