from __future__ import annotations

from api.kit.errors import BerthError


class InvalidDotenv(BerthError):
    """A payload validation failure found while parsing the `.env` text (hence 422 with
    the same type and `errors` shape as any other validation error)."""

    status = 422
    type_slug = "validation-error"
    title = "Request validation failed"
