from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deployment_read import DeploymentRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    deployment_id: UUID,
    *,
    wait_seconds: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["wait_seconds"] = wait_seconds

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/deployments/{deployment_id}".format(
            deployment_id=quote(str(deployment_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeploymentRead | Problem | None:
    if response.status_code == 200:
        response_200 = DeploymentRead.from_dict(response.json())

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
) -> Response[DeploymentRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    deployment_id: UUID,
    *,
    client: AuthenticatedClient,
    wait_seconds: int | Unset = 0,
) -> Response[DeploymentRead | Problem]:
    """Get a deployment

     Status, outcome, per-step durations and the released image. CI can await the end
    with `?wait_seconds=120` in a loop.

    Args:
        deployment_id (UUID):
        wait_seconds (int | Unset): Long-poll: answer once it ended, or after this many seconds
            Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeploymentRead | Problem]
    """

    kwargs = _get_kwargs(
        deployment_id=deployment_id,
        wait_seconds=wait_seconds,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    deployment_id: UUID,
    *,
    client: AuthenticatedClient,
    wait_seconds: int | Unset = 0,
) -> DeploymentRead | Problem | None:
    """Get a deployment

     Status, outcome, per-step durations and the released image. CI can await the end
    with `?wait_seconds=120` in a loop.

    Args:
        deployment_id (UUID):
        wait_seconds (int | Unset): Long-poll: answer once it ended, or after this many seconds
            Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeploymentRead | Problem
    """

    return sync_detailed(
        deployment_id=deployment_id,
        client=client,
        wait_seconds=wait_seconds,
    ).parsed


async def asyncio_detailed(
    deployment_id: UUID,
    *,
    client: AuthenticatedClient,
    wait_seconds: int | Unset = 0,
) -> Response[DeploymentRead | Problem]:
    """Get a deployment

     Status, outcome, per-step durations and the released image. CI can await the end
    with `?wait_seconds=120` in a loop.

    Args:
        deployment_id (UUID):
        wait_seconds (int | Unset): Long-poll: answer once it ended, or after this many seconds
            Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeploymentRead | Problem]
    """

    kwargs = _get_kwargs(
        deployment_id=deployment_id,
        wait_seconds=wait_seconds,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    deployment_id: UUID,
    *,
    client: AuthenticatedClient,
    wait_seconds: int | Unset = 0,
) -> DeploymentRead | Problem | None:
    """Get a deployment

     Status, outcome, per-step durations and the released image. CI can await the end
    with `?wait_seconds=120` in a loop.

    Args:
        deployment_id (UUID):
        wait_seconds (int | Unset): Long-poll: answer once it ended, or after this many seconds
            Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeploymentRead | Problem
    """

    return (
        await asyncio_detailed(
            deployment_id=deployment_id,
            client=client,
            wait_seconds=wait_seconds,
        )
    ).parsed
