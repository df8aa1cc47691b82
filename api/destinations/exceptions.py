from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class DestinationNotFound(NotFound):
    type_slug = "destination-not-found"
    title = "Destination not found"


class DestinationNameTaken(Conflict):
    type_slug = "destination-name-taken"
    title = "Destination name already used"


class DestinationInUse(Conflict):
    type_slug = "destination-in-use"
    title = "Backup policies still use this destination"


class DestinationKindChange(BerthError):
    status = 422
    type_slug = "destination-kind-change"
    title = "A destination's kind cannot change"


class DestinationAddressRefused(BerthError):
    """An endpoint or host the operator's policy does not let Berth reach (SSRF guard)."""

    status = 422
    type_slug = "destination-address-refused"
    title = "Destination address refused"


class DestinationInsecureTransport(BerthError):
    status = 422
    type_slug = "destination-insecure-transport"
    title = "Destination transport not allowed"


class DestinationHostKeyUnconfirmed(Conflict):
    type_slug = "destination-host-key-unconfirmed"
    title = "The SFTP server's host key is not confirmed"


class DestinationHostKeyMismatch(Conflict):
    type_slug = "destination-host-key-mismatch"
    title = "Fingerprint does not match the scanned host key"


class DestinationHostKeyNotApplicable(BerthError):
    status = 422
    type_slug = "destination-host-key-not-applicable"
    title = "Only SFTP destinations have a host key"


class DestinationCheckFailed(BerthError):
    """The storage refused or failed the probe; `detail` carries its own error text."""

    status = 502
    type_slug = "destination-check-failed"
    title = "The destination failed the check"


class DestinationUnreachable(BerthError):
    status = 503
    type_slug = "destination-unreachable"
    title = "Destination unreachable"


CHECK_PROBLEMS: tuple[type[BerthError], ...] = (
    DestinationAddressRefused,
    DestinationInsecureTransport,
    DestinationHostKeyUnconfirmed,
    DestinationCheckFailed,
)
