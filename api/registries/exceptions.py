from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound, ServiceUnavailable


class RegistryNotFound(NotFound):
    type_slug = "registry-not-found"
    title = "Registry not found"


class RegistryNameTaken(Conflict):
    type_slug = "registry-name-taken"
    title = "Registry name already used"


class RegistryAddressTaken(Conflict):
    type_slug = "registry-address-taken"
    title = "Credentials for this registry address already exist"


class RegistryPasswordRequired(BerthError):
    status = 422
    type_slug = "registry-password-required"
    title = "A new registry address needs the password again"


class RegistryCredentialsRejected(BerthError):
    status = 502
    type_slug = "registry-credentials-rejected"
    title = "The registry refused the credentials"


class RegistryProtocolError(BerthError):
    status = 502
    type_slug = "registry-protocol-error"
    title = "The registry answered unexpectedly"


class RegistryUnreachableProblem(ServiceUnavailable):
    type_slug = "registry-unreachable"
    title = "Registry unreachable"


CHECK_PROBLEMS: tuple[type[BerthError], ...] = (
    RegistryCredentialsRejected,
    RegistryProtocolError,
    RegistryUnreachableProblem,
)
