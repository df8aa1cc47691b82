from __future__ import annotations

from api.kit.errors import Forbidden, Unauthorized


class InvalidCredentials(Unauthorized):
    type_slug = "invalid-credentials"
    title = "Invalid credentials"


class NotAuthenticated(Unauthorized):
    type_slug = "not-authenticated"
    title = "Authentication required"


class CsrfFailed(Forbidden):
    type_slug = "csrf-failed"
    title = "CSRF check failed"


class PermissionDenied(Forbidden):
    type_slug = "permission-denied"
    title = "Permission denied"
