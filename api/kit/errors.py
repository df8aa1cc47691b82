"""The error hierarchy services raise. Free of FastAPI: the worker and services use it too;
`api.kit.problems` renders these as RFC 9457 problem documents."""

from __future__ import annotations

from typing import Any, ClassVar


class BerthError(Exception):
    """Base of every error the API reports to clients."""

    status: ClassVar[int] = 400
    type_slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions
        self.headers: dict[str, str] = {}


class NotFound(BerthError):
    status = 404
    type_slug = "not-found"
    title = "Resource not found"


class Conflict(BerthError):
    status = 409
    type_slug = "conflict"
    title = "Conflict"


class Forbidden(BerthError):
    status = 403
    type_slug = "forbidden"
    title = "Forbidden"


class Unauthorized(BerthError):
    status = 401
    type_slug = "unauthorized"
    title = "Authentication required"


class TooManyRequests(BerthError):
    status = 429
    type_slug = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.headers["Retry-After"] = str(retry_after)


class UnsupportedMediaType(BerthError):
    status = 415
    type_slug = "unsupported-media-type"
    title = "Unsupported media type"


class PayloadTooLarge(BerthError):
    status = 413
    type_slug = "payload-too-large"
    title = "Payload too large"


class MalformedBody(BerthError):
    status = 400
    type_slug = "malformed-body"
    title = "Malformed request body"


class ServiceUnavailable(BerthError):
    status = 503
    type_slug = "service-unavailable"
    title = "Service unavailable"
