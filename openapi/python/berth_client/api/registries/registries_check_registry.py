from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.registry_check_read import RegistryCheckRead
from ...types import Response


def _get_kwargs(
    registry_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/registries/{registry_id}/check".format(
            registry_id=quote(str(registry_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RegistryCheckRead | None:
    if response.status_code == 200:
        response_200 = RegistryCheckRead.from_dict(response.json())

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
) -> Response[Problem | RegistryCheckRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    registry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | RegistryCheckRead]:
    """Check a registry's credentials

     Log in to the registry's /v2/ endpoint from the control plane, as `docker login` does.

    Args:
        registry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RegistryCheckRead]
    """

    kwargs = _get_kwargs(
        registry_id=registry_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    registry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Problem | RegistryCheckRead | None:
    """Check a registry's credentials

     Log in to the registry's /v2/ endpoint from the control plane, as `docker login` does.

    Args:
        registry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RegistryCheckRead
    """

    return sync_detailed(
        registry_id=registry_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    registry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | RegistryCheckRead]:
    """Check a registry's credentials

     Log in to the registry's /v2/ endpoint from the control plane, as `docker login` does.

    Args:
        registry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RegistryCheckRead]
    """

    kwargs = _get_kwargs(
        registry_id=registry_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    registry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Problem | RegistryCheckRead | None:
    """Check a registry's credentials

     Log in to the registry's /v2/ endpoint from the control plane, as `docker login` does.

    Args:
        registry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RegistryCheckRead
    """

    return (
        await asyncio_detailed(
            registry_id=registry_id,
            client=client,
        )
    ).parsed
