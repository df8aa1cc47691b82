from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class ApplicationNotFound(NotFound):
    type_slug = "application-not-found"
    title = "Application not found"


class ApplicationNameTaken(Conflict):
    type_slug = "application-name-taken"
    title = "Application name already used"


class ServerNotInOrganization(BerthError):
    status = 422
    type_slug = "unknown-server"
    title = "Unknown server"


class FileRepositoriesDisabled(BerthError):
    status = 422
    type_slug = "file-repositories-disabled"
    title = "file:// repositories are disabled"


class InvalidDeployKey(BerthError):
    status = 422
    type_slug = "invalid-deploy-key"
    title = "Invalid deploy key"


class UnknownPushRegistry(BerthError):
    status = 422
    type_slug = "unknown-registry"
    title = "Unknown registry"


class HostnameTaken(Conflict):
    type_slug = "hostname-taken"
    title = "Generated host name already used on this server"


class BuildKitUnavailable(Conflict):
    """Build secrets reach a build only through BuildKit (`RUN --mount=type=secret`); on a
    server whose docker cannot run it they would fail the build, so they are refused first."""

    type_slug = "buildkit-unavailable"
    title = "The server cannot build with secrets"
