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
    database_id: UUID,
    *,
    delete_volume: bool | Unset = False,
    force: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["delete_volume"] = delete_volume

    params["force"] = force

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/databases/{database_id}".format(
            database_id=quote(str(database_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
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
    delete_volume: bool | Unset = False,
    force: bool | Unset = False,
) -> Response[Any | Problem]:
    """Delete a database

     Stop and remove its service. The volume (the data) stays on the server unless
    `delete_volume=true`. Linked applications lose the variable at their next release.

    Args:
        database_id (UUID):
        delete_volume (bool | Unset): Also delete the volume, and with it every row Default:
            False.
        force (bool | Unset): Forget it even if its server can't be reached Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        database_id=database_id,
        delete_volume=delete_volume,
        force=force,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    delete_volume: bool | Unset = False,
    force: bool | Unset = False,
) -> Any | Problem | None:
    """Delete a database

     Stop and remove its service. The volume (the data) stays on the server unless
    `delete_volume=true`. Linked applications lose the variable at their next release.

    Args:
        database_id (UUID):
        delete_volume (bool | Unset): Also delete the volume, and with it every row Default:
            False.
        force (bool | Unset): Forget it even if its server can't be reached Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        database_id=database_id,
        client=client,
        delete_volume=delete_volume,
        force=force,
    ).parsed


async def asyncio_detailed(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    delete_volume: bool | Unset = False,
    force: bool | Unset = False,
) -> Response[Any | Problem]:
    """Delete a database

     Stop and remove its service. The volume (the data) stays on the server unless
    `delete_volume=true`. Linked applications lose the variable at their next release.

    Args:
        database_id (UUID):
        delete_volume (bool | Unset): Also delete the volume, and with it every row Default:
            False.
        force (bool | Unset): Forget it even if its server can't be reached Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        database_id=database_id,
        delete_volume=delete_volume,
        force=force,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    database_id: UUID,
    *,
    client: AuthenticatedClient,
    delete_volume: bool | Unset = False,
    force: bool | Unset = False,
) -> Any | Problem | None:
    """Delete a database

     Stop and remove its service. The volume (the data) stays on the server unless
    `delete_volume=true`. Linked applications lose the variable at their next release.

    Args:
        database_id (UUID):
        delete_volume (bool | Unset): Also delete the volume, and with it every row Default:
            False.
        force (bool | Unset): Forget it even if its server can't be reached Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            database_id=database_id,
            client=client,
            delete_volume=delete_volume,
            force=force,
        )
    ).parsed
