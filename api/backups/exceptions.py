from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class BackupPolicyNotFound(NotFound):
    type_slug = "backup-policy-not-found"
    title = "Backup policy not found"


class BackupPolicyNameTaken(Conflict):
    type_slug = "backup-policy-name-taken"
    title = "Backup policy name already used on this database"


class BackupDestinationNotFound(BerthError):
    status = 422
    type_slug = "backup-destination-not-found"
    title = "No such destination in this organization"


class BackupEngineUnsupported(BerthError):
    status = 422
    type_slug = "backup-engine-unsupported"
    title = "Backups of this database engine are not supported yet"


class BackupScheduleInvalid(BerthError):
    status = 422
    type_slug = "backup-schedule-invalid"
    title = "Schedule and cron expression do not fit together"
