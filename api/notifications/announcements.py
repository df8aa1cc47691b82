"""Events of domains below the ones that have their own builder: servers (and, with their
issues, backups and databases build theirs the same way)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Server, ServerStatus
from api.notifications.events import Event, EventType
from api.notifications.outbox import announce


async def announce_server_status(
    session: AsyncSession, server: Server, previous: ServerStatus, reason: str | None
) -> int:
    """Unreachable, or reachable *again* (from unknown to reachable is no news)."""
    if server.status is ServerStatus.unreachable:
        event_type = EventType.server_unreachable
    elif server.status is ServerStatus.reachable and previous is ServerStatus.unreachable:
        event_type = EventType.server_reachable
    else:
        return 0
    return await announce(
        session,
        Event(
            type=event_type,
            organization_id=server.organization_id,
            target_type="server",
            target_id=server.id,
            subject=server.name,
            path=f"/orgs/{server.organization_id}/servers/{server.id}",
            reason=reason,
            facts={"Host": server.host},
        ),
    )
