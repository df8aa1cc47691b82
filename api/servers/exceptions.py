from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound, ServiceUnavailable


class ServerNotFound(NotFound):
    type_slug = "server-not-found"
    title = "Server not found"


class ServerSetupNotFound(NotFound):
    type_slug = "server-setup-not-found"
    title = "Server setup not found"


class ServerNameTaken(Conflict):
    type_slug = "server-name-taken"
    title = "Server name already used"


class HostKeyNotTrusted(Conflict):
    type_slug = "host-key-not-trusted"
    title = "Host key not trusted yet"


class HostKeyChanged(Conflict):
    type_slug = "host-key-changed"
    title = "Host key changed"


class FingerprintMismatch(Conflict):
    type_slug = "fingerprint-mismatch"
    title = "Fingerprint does not match the scanned key"


class ServerUnreachableProblem(ServiceUnavailable):
    type_slug = "server-unreachable"
    title = "Server unreachable"


class ServerAuthenticationFailed(BerthError):
    status = 502
    type_slug = "server-authentication-failed"
    title = "The server refused our SSH key"


class ServerDockerError(BerthError):
    status = 502
    type_slug = "server-docker-error"
    title = "The server's Docker Engine returned an error"


class LocalServersDisabled(BerthError):
    status = 403
    type_slug = "local-servers-disabled"
    title = "Local servers are disabled"


class InvalidSSHKey(BerthError):
    status = 422
    type_slug = "invalid-ssh-key"
    title = "Invalid SSH key"


# Everything a request that contacts a server can answer besides its own result.
CONNECTION_PROBLEMS: tuple[type[BerthError], ...] = (
    HostKeyNotTrusted,
    HostKeyChanged,
    ServerUnreachableProblem,
    ServerAuthenticationFailed,
    ServerDockerError,
)


# Raised while writing a server proxy's routing documents (servers/proxy.py).
class ProxyMissing(Conflict):
    type_slug = "proxy-missing"
    title = "The server has no proxy"


class DomainNotRoutable(BerthError):
    status = 422
    type_slug = "domain-not-routable"
    title = "Domain cannot be routed"


class SetupFailed(Exception):
    """A setup step found something the operator must fix; the message says what. Recorded
    on the setup row (a job outcome), never answered to a request."""
