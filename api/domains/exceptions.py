from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class DomainNotFound(NotFound):
    type_slug = "domain-not-found"
    title = "Domain not found"


class DomainTaken(Conflict):
    type_slug = "domain-taken"
    title = "Host and path already routed on this server"


class InvalidDomainChange(BerthError):
    """A change that is well-formed alone but not with the domain's other settings."""

    status = 422
    type_slug = "invalid-domain-change"
    title = "Invalid domain change"


class TooManyDomains(Conflict):
    type_slug = "too-many-domains"
    title = "Too many domains on this application"
