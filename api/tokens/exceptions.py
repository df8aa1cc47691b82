from __future__ import annotations

from api.kit.errors import BerthError, NotFound


class TokenNotFound(NotFound):
    type_slug = "token-not-found"
    title = "API token not found"


class InvalidTokenRequest(BerthError):
    status = 422
    type_slug = "invalid-token-request"
    title = "Invalid token request"
