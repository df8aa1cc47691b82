"""Serve the built web UI (frontend/dist) from the API process, so `make run` starts one thing.

Registered after every API router. A client-side route such as `/projects/42` gets
index.html (the SPA routes it) and a built asset gets its file. The catch-all's path
pattern excludes the API's own prefixes, so an unknown or wrong-method API call keeps its
problem+json 404/405 instead of turning into an HTML page a script would choke on.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from starlette.convertors import PathConvertor, register_url_convertor

from api.kit.errors import NotFound

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"

# Hashed file names never change content, so browsers may keep them for a year; the
# index must be revalidated or a deploy of the UI would keep serving stale bundles.
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


class SpaPathConvertor(PathConvertor):
    """Any path except the ones the SPA must never shadow (`/api…`, `/healthz`, `/readyz`)."""

    regex = r"(?!api(?:/|$)|healthz$|readyz$).*"


register_url_convertor("spa", SpaPathConvertor())


def install_spa(app: FastAPI, dist: Path | None = None) -> bool:
    """Mount the UI if it was built; an API-only checkout (no `make frontend`) still boots."""
    dist = dist or DIST
    index = dist / "index.html"
    if not index.is_file():
        return False
    root = dist.resolve()

    @app.api_route("/{path:spa}", methods=["GET", "HEAD"], include_in_schema=False)
    async def spa(path: str) -> Response:
        if path:
            candidate = (root / path).resolve()
            # resolve() + is_relative_to: `..` segments can't reach outside the build.
            if candidate.is_relative_to(root) and candidate.is_file():
                immutable = candidate.parent.name == "assets"
                return FileResponse(
                    candidate, headers={"Cache-Control": _IMMUTABLE if immutable else _REVALIDATE}
                )
            if path.startswith("assets/"):
                # A stale index asking for a removed bundle must fail loudly, not get HTML.
                raise NotFound(f"no asset /{path}")
        return FileResponse(index, headers={"Cache-Control": _REVALIDATE})

    return True
