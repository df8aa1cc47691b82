"""What can be announced, and the one call every domain makes when it happens.

An event carries names, a reason and a link: never a variable, credential or secret. The
domain that knows the outcome builds it (deployments, servers, domains; backups and
databases with their own issues) and passes it to `announce` in the transaction that
records the outcome.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from api.models.base import utcnow


class EventType(enum.StrEnum):
    deployment_succeeded = "deployment.succeeded"
    deployment_failed = "deployment.failed"
    deployment_rolled_back = "deployment.rolled_back"
    deployment_cancelled = "deployment.cancelled"
    backup_succeeded = "backup.succeeded"
    backup_failed = "backup.failed"
    backup_verification_failed = "backup.verification_failed"
    server_unreachable = "server.unreachable"
    server_reachable = "server.reachable"
    server_disk_nearly_full = "server.disk_nearly_full"
    certificate_failed = "certificate.failed"
    database_unhealthy = "database.unhealthy"


# What a message says happened, before the subject's name.
TITLES: dict[EventType, str] = {
    EventType.deployment_succeeded: "Deployment succeeded",
    EventType.deployment_failed: "Deployment failed",
    EventType.deployment_rolled_back: "Deployment rolled back",
    EventType.deployment_cancelled: "Deployment cancelled",
    EventType.backup_succeeded: "Backup succeeded",
    EventType.backup_failed: "Backup failed",
    EventType.backup_verification_failed: "Backup verification failed",
    EventType.server_unreachable: "Server unreachable",
    EventType.server_reachable: "Server reachable again",
    EventType.server_disk_nearly_full: "Server disk nearly full",
    EventType.certificate_failed: "Certificate issuance or renewal failed",
    EventType.database_unhealthy: "Database unhealthy",
}

# Events of one group for one target within the coalescing window become one message that
# says where things stand now: a server flapping up and down is one alert, not a storm.
COALESCE_GROUPS: dict[EventType, str] = {
    EventType.server_unreachable: "server.availability",
    EventType.server_reachable: "server.availability",
    EventType.server_disk_nearly_full: "server.disk",
    EventType.certificate_failed: "certificate",
    EventType.database_unhealthy: "database.health",
}

# A reason is the recorded one (the CA's words, the failed step's error), cut so a message
# stays short; the full text is on the linked page.
MAX_REASON = 500


@dataclass(frozen=True)
class Event:
    type: EventType
    organization_id: uuid.UUID
    target_type: str  # deployment, server, domain, backup, database
    target_id: uuid.UUID
    # Where it happened, as people name it: "shop / production / api".
    subject: str
    # The web UI page, relative to the public URL: "/orgs/<org>/deployments/<id>".
    path: str
    reason: str | None = None
    project_id: uuid.UUID | None = None
    environment_id: uuid.UUID | None = None
    # A few short labelled lines (commit, server); user text, escaped when rendered.
    facts: dict[str, str] = field(default_factory=dict)
    occurred_at: datetime = field(default_factory=utcnow)

    @property
    def coalesce_key(self) -> str | None:
        group = COALESCE_GROUPS.get(self.type)
        return f"{group}:{self.target_id}" if group else None

    def payload(self) -> dict[str, object]:
        """What the delivery row stores; rendered per provider when sent."""
        reason = self.reason.strip() if self.reason else None
        if reason and len(reason) > MAX_REASON:
            reason = reason[: MAX_REASON - 1] + "…"
        return {
            "type": str(self.type),
            "title": TITLES[self.type],
            "subject": self.subject,
            "reason": reason,
            "path": self.path,
            "facts": dict(self.facts),
            "target": {"type": self.target_type, "id": str(self.target_id)},
            "project_id": str(self.project_id) if self.project_id else None,
            "environment_id": str(self.environment_id) if self.environment_id else None,
            "occurred_at": self.occurred_at.isoformat(),
        }
