from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deployment_state import DeploymentState
from ...models.page_deployment_read import PageDeploymentRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    application_id: UUID,
    *,
    state: list[DeploymentState] | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: list[str] | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = []
        for state_item_data in state:
            state_item = state_item_data.value
            json_state.append(state_item)

    params["state"] = json_state

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
        "url": "/api/v1/applications/{application_id}/deployments".format(
            application_id=quote(str(application_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDeploymentRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageDeploymentRead.from_dict(response.json())

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
) -> Response[PageDeploymentRead | Problem]:
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
    state: list[DeploymentState] | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageDeploymentRead | Problem]:
    """List deployments

     An application's deployment history, newest first.

    Args:
        application_id (UUID):
        state (list[DeploymentState] | Unset): Only deployments in these states (repeat for
            several); all if unset
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeploymentRead | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        state=state,
        page=page,
        limit=limit,
        sorting=sorting,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    state: list[DeploymentState] | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageDeploymentRead | Problem | None:
    """List deployments

     An application's deployment history, newest first.

    Args:
        application_id (UUID):
        state (list[DeploymentState] | Unset): Only deployments in these states (repeat for
            several); all if unset
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeploymentRead | Problem
    """

    return sync_detailed(
        application_id=application_id,
        client=client,
        state=state,
        page=page,
        limit=limit,
        sorting=sorting,
    ).parsed


async def asyncio_detailed(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    state: list[DeploymentState] | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageDeploymentRead | Problem]:
    """List deployments

     An application's deployment history, newest first.

    Args:
        application_id (UUID):
        state (list[DeploymentState] | Unset): Only deployments in these states (repeat for
            several); all if unset
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeploymentRead | Problem]
    """

    kwargs = _get_kwargs(
        application_id=application_id,
        state=state,
        page=page,
        limit=limit,
        sorting=sorting,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    application_id: UUID,
    *,
    client: AuthenticatedClient,
    state: list[DeploymentState] | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageDeploymentRead | Problem | None:
    """List deployments

     An application's deployment history, newest first.

    Args:
        application_id (UUID):
        state (list[DeploymentState] | Unset): Only deployments in these states (repeat for
            several); all if unset
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -created_at,
            created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeploymentRead | Problem
    """

    return (
        await asyncio_detailed(
            application_id=application_id,
            client=client,
            state=state,
            page=page,
            limit=limit,
            sorting=sorting,
        )
    ).parsed
