import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_audit_event_read import PageAuditEventRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: UUID,
    *,
    action: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    target_id: None | Unset | UUID = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_target_type: None | str | Unset
    if isinstance(target_type, Unset):
        json_target_type = UNSET
    else:
        json_target_type = target_type
    params["target_type"] = json_target_type

    json_target_id: None | str | Unset
    if isinstance(target_id, Unset):
        json_target_id = UNSET
    elif isinstance(target_id, UUID):
        json_target_id = str(target_id)
    else:
        json_target_id = target_id
    params["target_id"] = json_target_id

    json_actor_id: None | str | Unset
    if isinstance(actor_id, Unset):
        json_actor_id = UNSET
    elif isinstance(actor_id, UUID):
        json_actor_id = str(actor_id)
    else:
        json_actor_id = actor_id
    params["actor_id"] = json_actor_id

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

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
        "url": "/api/v1/organizations/{organization_id}/audit-events".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAuditEventRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageAuditEventRead.from_dict(response.json())

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
) -> Response[PageAuditEventRead | Problem]:
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
    action: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    target_id: None | Unset | UUID = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageAuditEventRead | Problem]:
    """List audit events

     Who did what, when, from which request (admins).

    Args:
        organization_id (UUID):
        action (None | str | Unset):
        target_type (None | str | Unset):
        target_id (None | Unset | UUID):
        actor_id (None | Unset | UUID):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -action,
            -created_at, action, created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEventRead | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=actor_id,
        since=since,
        until=until,
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
    action: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    target_id: None | Unset | UUID = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageAuditEventRead | Problem | None:
    """List audit events

     Who did what, when, from which request (admins).

    Args:
        organization_id (UUID):
        action (None | str | Unset):
        target_type (None | str | Unset):
        target_id (None | Unset | UUID):
        actor_id (None | Unset | UUID):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -action,
            -created_at, action, created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEventRead | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        client=client,
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=actor_id,
        since=since,
        until=until,
        page=page,
        limit=limit,
        sorting=sorting,
    ).parsed


async def asyncio_detailed(
    organization_id: UUID,
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    target_id: None | Unset | UUID = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> Response[PageAuditEventRead | Problem]:
    """List audit events

     Who did what, when, from which request (admins).

    Args:
        organization_id (UUID):
        action (None | str | Unset):
        target_type (None | str | Unset):
        target_id (None | Unset | UUID):
        actor_id (None | Unset | UUID):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -action,
            -created_at, action, created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAuditEventRead | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=actor_id,
        since=since,
        until=until,
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
    action: None | str | Unset = UNSET,
    target_type: None | str | Unset = UNSET,
    target_id: None | Unset | UUID = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    page: int | Unset = 1,
    limit: int | Unset = 20,
    sorting: list[str] | None | Unset = UNSET,
) -> PageAuditEventRead | Problem | None:
    """List audit events

     Who did what, when, from which request (admins).

    Args:
        organization_id (UUID):
        action (None | str | Unset):
        target_type (None | str | Unset):
        target_id (None | Unset | UUID):
        actor_id (None | Unset | UUID):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        page (int | Unset): 1-based page number Default: 1.
        limit (int | Unset): Items per page Default: 20.
        sorting (list[str] | None | Unset): Sort keys, '-' for descending. One of: -action,
            -created_at, action, created_at

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAuditEventRead | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            action=action,
            target_type=target_type,
            target_id=target_id,
            actor_id=actor_id,
            since=since,
            until=until,
            page=page,
            limit=limit,
            sorting=sorting,
        )
    ).parsed
