"""Route class and id generation shared by every router."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from api.kit.errors import UnsupportedMediaType

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class BerthRoute(APIRoute):
    """Rejects non-JSON bodies with 415 instead of guessing at them.

    A form-encoded cross-site POST is the classic CSRF vector; refusing every body that is
    not `application/json` closes it for routes that take JSON at all.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_body = self.body_field is not None

        async def checked(request: Request) -> Response:
            if takes_body and request.method in _BODY_METHODS:
                content_type = request.headers.get("content-type", "")
                media = content_type.split(";", 1)[0].strip().lower()
                if media != "application/json" and not media.endswith("+json"):
                    got = content_type or "no content type"
                    raise UnsupportedMediaType(f"send the body as application/json (got {got})")
            return await handler(request)

        return checked


def operation_id(route: APIRoute) -> str:
    """Stable ids (`{tag}-{function}`) keep generated SDK method names stable."""
    tag = str(route.tags[0]) if route.tags else "default"
    return f"{tag}-{route.name}"
