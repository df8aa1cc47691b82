"""Every ORM model, imported here so Alembic and relationships see one metadata."""

from api.models.api_token import ApiToken, TokenScope
from api.models.application import Application, DesiredState
from api.models.application_variable import ApplicationVariable, VariableScope
from api.models.audit_event import ActorType, AuditEvent
from api.models.audit_export import AuditExport
from api.models.backup_key import BackupKey
from api.models.backup_policy import BackupPolicy, BackupSchedule
from api.models.base import Base
from api.models.database import (
    Database,
    DatabaseAction,
    DatabaseEngine,
    DatabaseLink,
    DatabaseOperation,
    DatabaseStatus,
)
from api.models.deployment import Deployment, DeploymentOutcome, DeploymentTrigger
from api.models.destination import Destination, DestinationKind, FtpTls, HostKeyState
from api.models.domain import CertificateMode, Domain, WwwRedirect
from api.models.durable import ACTIVE_JOB_STATUSES, JobStatus
from api.models.environment import Environment
from api.models.environment_variable import EnvironmentVariable
from api.models.membership import Membership, Role
from api.models.notification import (
    ChannelKind,
    ChannelState,
    DeliveryStatus,
    NotificationChannel,
    NotificationDelivery,
    NotificationSubscription,
)
from api.models.organization import Organization
from api.models.project import Project
from api.models.registry import Registry
from api.models.server import HostKeyStatus, Server, ServerKind, ServerStatus
from api.models.server_setup import ServerSetup
from api.models.user import User
from api.models.user_session import UserSession

__all__ = [
    "ACTIVE_JOB_STATUSES",
    "ActorType",
    "ApiToken",
    "Application",
    "ApplicationVariable",
    "AuditEvent",
    "AuditExport",
    "BackupKey",
    "BackupPolicy",
    "BackupSchedule",
    "Base",
    "CertificateMode",
    "ChannelKind",
    "ChannelState",
    "Database",
    "DatabaseAction",
    "DatabaseEngine",
    "DatabaseLink",
    "DatabaseOperation",
    "DatabaseStatus",
    "DeliveryStatus",
    "Deployment",
    "DeploymentOutcome",
    "DeploymentTrigger",
    "DesiredState",
    "Destination",
    "DestinationKind",
    "Domain",
    "Environment",
    "EnvironmentVariable",
    "FtpTls",
    "HostKeyState",
    "HostKeyStatus",
    "JobStatus",
    "Membership",
    "NotificationChannel",
    "NotificationDelivery",
    "NotificationSubscription",
    "Organization",
    "Project",
    "Registry",
    "Role",
    "Server",
    "ServerKind",
    "ServerSetup",
    "ServerStatus",
    "TokenScope",
    "User",
    "UserSession",
    "VariableScope",
    "WwwRedirect",
]
