"""Events of domains below the ones that have their own builder: servers (and, with their
issues, backups and databases build theirs the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.settings import NotificationSettings
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


# The flag kept in a server's facts between refreshes: the last measurement's own fields
# are replaced by each refresh, the flag is what remembers "already announced".
DISK_FLAG = "disk_nearly_full"


@dataclass(frozen=True)
class DiskThreshold:
    """From the operator's settings (BERTH_NOTIFICATIONS__DISK_NEARLY_FULL_PERCENT)."""

    percent: float
    rearm_points: float

    @classmethod
    def from_settings(cls, settings: NotificationSettings) -> DiskThreshold:
        return cls(settings.disk_nearly_full_percent, settings.disk_rearm_points)


def disk_used_percent(facts: dict[str, Any]) -> float | None:
    total, free = facts.get("disk_total_bytes"), facts.get("disk_free_bytes")
    if not isinstance(total, int) or not isinstance(free, int) or total <= 0:
        return None
    return 100.0 * (total - free) / total


def with_disk_state(
    facts: dict[str, Any], was_full: bool, threshold: float | None, rearm_points: float
) -> dict[str, Any]:
    """`facts` with the nearly-full flag set from this measurement.

    Hysteresis: once full, the flag stays until usage falls `rearm_points` below the
    threshold, so a disk hovering at the line is one alert, not one per refresh. Without
    a threshold (a check that was not given one) or a measurement, the flag is kept as it
    was: a manual check must neither re-arm nor fire the alert.
    """
    used = disk_used_percent(facts)
    if threshold is None or used is None:
        full = was_full
    elif was_full:
        full = used >= threshold - rearm_points
    else:
        full = used >= threshold
    return {**facts, DISK_FLAG: full}


async def announce_disk_nearly_full(session: AsyncSession, server: Server) -> int:
    used = disk_used_percent(server.facts)
    free = server.facts.get("disk_free_bytes")
    facts = {"Host": server.host}
    if used is not None:
        facts["Used"] = f"{used:.0f}%"
    if isinstance(free, int):
        facts["Free"] = f"{free / 2**30:.1f} GiB"
    return await announce(
        session,
        Event(
            type=EventType.server_disk_nearly_full,
            organization_id=server.organization_id,
            target_type="server",
            target_id=server.id,
            subject=server.name,
            path=f"/orgs/{server.organization_id}/servers/{server.id}",
            reason=(f"the Docker data disk is {used:.0f}% full" if used is not None else None),
            facts=facts,
        ),
    )
