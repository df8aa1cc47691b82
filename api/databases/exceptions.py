from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class DatabaseNotFound(NotFound):
    type_slug = "database-not-found"
    title = "Database not found"


class DatabaseOperationNotFound(NotFound):
    type_slug = "database-operation-not-found"
    title = "Database operation not found"


class DatabaseLinkNotFound(NotFound):
    type_slug = "database-link-not-found"
    title = "Database link not found"


class DatabaseNameTaken(Conflict):
    type_slug = "database-name-taken"
    title = "Database name already used"


class ExternalPortTaken(Conflict):
    """A host-mode port is the server's: Swarm would leave the second task pending
    forever (a peer fails silently there), so the clash is refused up front."""

    type_slug = "external-port-taken"
    title = "Port already published on this server"


class MajorVersionChange(Conflict):
    """An engine's data files belong to its major version: in-place is refused."""

    type_slug = "database-major-version-change"
    title = "Changing the major version needs a dump and restore"


class LinkNotAllowed(Conflict):
    type_slug = "database-link-not-allowed"
    title = "This database cannot be linked to this application"


class LinkVariableTaken(Conflict):
    type_slug = "database-link-variable-taken"
    title = "The application already has this variable"


class DatabaseBusy(Conflict):
    type_slug = "database-busy"
    title = "Another operation on this database is waiting or running"


class InvalidDatabaseImage(BerthError):
    status = 422
    type_slug = "invalid-database-image"
    title = "Invalid database image or version"


class DatabaseOperationFailed(Exception):
    """An operation's step failed for a reason worth showing as is (not retried)."""
