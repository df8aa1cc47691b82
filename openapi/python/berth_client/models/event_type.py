from enum import StrEnum


class EventType(StrEnum):
    BACKUP_FAILED = "backup.failed"
    BACKUP_SUCCEEDED = "backup.succeeded"
    BACKUP_VERIFICATION_FAILED = "backup.verification_failed"
    CERTIFICATE_FAILED = "certificate.failed"
    DATABASE_UNHEALTHY = "database.unhealthy"
    DEPLOYMENT_CANCELLED = "deployment.cancelled"
    DEPLOYMENT_FAILED = "deployment.failed"
    DEPLOYMENT_ROLLED_BACK = "deployment.rolled_back"
    DEPLOYMENT_SUCCEEDED = "deployment.succeeded"
    SERVER_DISK_NEARLY_FULL = "server.disk_nearly_full"
    SERVER_REACHABLE = "server.reachable"
    SERVER_UNREACHABLE = "server.unreachable"

    def __str__(self) -> str:
        return str(self.value)
