"""RFC 9457 problem details: one exception hierarchy, one renderer.

Services raise `BerthError` subclasses (never HTTP exceptions); the handlers here turn them,
validation errors and Starlette's own HTTP errors into `application/problem+json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.kit.context import get_request_id
from api.kit.errors import BerthError, MalformedBody

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://berth.dev/problems/"
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"

log = structlog.get_logger(__name__)


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is: body/query/path then the field")
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = Field(
        default=None, description="On a 422 for an invalid payload: each failing field"
    )


def problem_response(
    request: Request,
    *,
    status: int,
    type_slug: str,
    title: str,
    detail: str | None,
    extensions: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": get_request_id(),
    }
    if extensions:
        body.update(extensions)
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=dict(headers or {})
    )


def problem_responses(*errors: type[BerthError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entry documenting the problems a route can return.

    The schema is a reference, not `model=Problem`: FastAPI would file a model under the
    route's own media type (application/json, text/event-stream), which no error is sent as.
    `api.kit.openapi` defines the schema and swaps the shared statuses for references.
    """
    out: dict[int | str, dict[str, Any]] = {}
    for err in errors:
        entry = out.setdefault(
            err.status,
            {
                "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
                "description": "",
            },
        )
        entry["description"] = (
            f"{entry['description']}; {err.title}" if entry["description"] else err.title
        )
    return out


def _field_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]


async def _berth_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BerthError)
    return problem_response(
        request,
        status=exc.status,
        type_slug=exc.type_slug,
        title=exc.title,
        detail=exc.detail,
        extensions=exc.extensions,
        headers=exc.headers,
    )


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    # Malformed JSON is not a validation failure of a well-formed payload: report 400.
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        ctx = first.get("ctx") or {}
        return problem_response(
            request,
            status=400,
            type_slug=MalformedBody.type_slug,
            title=MalformedBody.title,
            detail=f"The request body is not valid JSON: {ctx.get('error', 'parse error')}",
        )
    fields = _field_errors(errors)
    summary = "; ".join(f"{'.'.join(str(p) for p in f['loc'])}: {f['msg']}" for f in fields[:5])
    return problem_response(
        request,
        status=422,
        type_slug="validation-error",
        title="Request validation failed",
        detail=summary,
        extensions={"errors": fields},
    )


async def _http_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    return problem_response(
        request,
        status=exc.status_code,
        type_slug=phrase.lower().replace(" ", "-"),
        title=phrase,
        detail=str(exc.detail) if exc.detail != phrase else None,
        headers=exc.headers,
    )


# PostgreSQL SQLSTATEs: a concurrent request won the race past the service's own check.
_UNIQUE_VIOLATION = "23505"
_FOREIGN_KEY_VIOLATION = "23503"


async def _integrity_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntegrityError)
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None)
    if code == _UNIQUE_VIOLATION:
        detail = "a resource with the same unique value already exists"
    elif code == _FOREIGN_KEY_VIOLATION:
        detail = "a referenced resource does not exist (or was deleted meanwhile)"
    else:
        return await _unhandled_handler(request, exc)
    return problem_response(
        request,
        status=409,
        type_slug="conflict",
        title="Conflict",
        detail=f"{detail} ({constraint})" if constraint else detail,
    )


async def _unhandled_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(
        request,
        status=500,
        type_slug="internal-error",
        title="Internal server error",
        detail="An unexpected error occurred; the request id identifies it in the server logs.",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BerthError, _berth_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_exception_handler)
    app.add_exception_handler(IntegrityError, _integrity_handler)
    app.add_exception_handler(Exception, _unhandled_handler)
