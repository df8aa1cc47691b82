"""The OpenAPI document, made to tell the truth about error responses.

FastAPI documents every extra response under the route's own media type (`application/json`)
and adds a 422 with its own `HTTPValidationError` body, while every error Berth sends is an
RFC 9457 `application/problem+json` document. Generated clients (the web UI's, the SDK) pick
their parsers from the document, so it is rewritten here, once, after FastAPI built it:

- each 4xx/5xx answer is `application/problem+json` with the `Problem` schema;
- the answers many operations share (400, 401, 403, 413, 415, 422, 429) are defined once under
  `components/responses` and referenced;
- the answers that come from the app's machinery rather than from a route's own problems are
  added where that machinery runs: a JSON body brings 400 (unparsable), 413 (too large), 415
  (not JSON) and 422; any parameter brings 422; an authenticated operation brings 401, and 403
  when it changes state (a browser session's CSRF check runs on every such call).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.kit.problems import PROBLEM_MEDIA_TYPE, PROBLEM_SCHEMA_REF, Problem

_STATE_CHANGING = frozenset({"post", "put", "patch", "delete"})
_METHODS = frozenset({"get", "head", "options", *_STATE_CHANGING})

# status -> (components/responses name, description)
SHARED_RESPONSES: dict[str, tuple[str, str]] = {
    "400": (
        "BadRequest",
        "Bad request: the body is not valid JSON",
    ),
    "401": ("Unauthorized", "Authentication required: no valid token or session"),
    "403": (
        "Forbidden",
        "Forbidden: the caller's role or token scope does not allow this, or a browser "
        "session failed the CSRF check",
    ),
    "413": ("PayloadTooLarge", "The request body exceeds the server's limit"),
    "415": ("UnsupportedMediaType", "The body was not sent as application/json"),
    "422": (
        "ValidationFailed",
        "The request is well-formed but invalid: `errors` lists each failing field when "
        "the payload failed validation",
    ),
    "429": ("TooManyRequests", "Too many requests: retry after the `Retry-After` seconds"),
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer"},
    }
}


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}}


def _shared_components() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status, (name, description) in SHARED_RESPONSES.items():
        entry: dict[str, Any] = {"description": description, "content": _problem_content()}
        if status == "429":
            entry["headers"] = _RETRY_AFTER
        out[name] = entry
    return out


def _problem_schemas() -> dict[str, Any]:
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    # As FastAPI renders response models: a `null` default says nothing a client can use,
    # and openapi-typescript would turn each defaulted field into a required one.
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None:
            del prop["default"]
    return {**defs, "Problem": schema}


def _takes_json_body(operation: dict[str, Any]) -> bool:
    content = operation.get("requestBody", {}).get("content", {})
    return any(m == "application/json" or m.endswith("+json") for m in content)


_ERROR_SCHEMAS = frozenset({PROBLEM_SCHEMA_REF, "#/components/schemas/HTTPValidationError"})


def _describes_other_body(response: dict[str, Any]) -> bool:
    for media in response.get("content", {}).values():
        schema = media.get("schema")
        if schema and schema.get("$ref") not in _ERROR_SCHEMAS:
            return True
    return False


def _document_errors(method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    implied: set[str] = set()
    if _takes_json_body(operation):
        implied |= {"400", "413", "415", "422"}
    if operation.get("parameters"):
        implied.add("422")
    if operation.get("security"):
        implied.add("401")
        if method in _STATE_CHANGING:
            implied.add("403")
    for status in implied:
        responses.setdefault(status, {})
    for status, response in list(responses.items()):
        if not status.isdigit() or int(status) < 400:
            continue
        if _describes_other_body(response):
            continue  # a deliberate non-problem body, such as /readyz's 503 health report
        if status in SHARED_RESPONSES:
            name = SHARED_RESPONSES[status][0]
            responses[status] = {"$ref": f"#/components/responses/{name}"}
        else:
            response["content"] = _problem_content()
            response.setdefault("description", "Problem")
    operation["responses"] = dict(sorted(responses.items()))


def _drop_unreferenced(document: dict[str, Any], names: tuple[str, ...]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    for name in names:
        text = _dumps_without(document, name)
        if f"#/components/schemas/{name}" not in text:
            schemas.pop(name, None)


def _dumps_without(document: dict[str, Any], name: str) -> str:
    import json  # noqa: PLC0415 - only at document build time

    schemas = document.get("components", {}).get("schemas", {})
    held = schemas.pop(name, None)
    try:
        return json.dumps(document)
    finally:
        if held is not None:
            schemas[name] = held


def rewrite_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a FastAPI-built document in place (see the module docstring); returns it."""
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method in _METHODS:
                _document_errors(method, operation)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {}).update(_problem_schemas())
    components["schemas"] = dict(sorted(components["schemas"].items()))
    components["responses"] = _shared_components()
    # FastAPI's own 422 body, replaced above by the Problem every 422 really is.
    _drop_unreferenced(document, ("HTTPValidationError", "ValidationError"))
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve (and let `api.cli openapi` write) the rewritten document.

    FastAPI builds and caches the document itself (and rebuilds it when routes change); the
    rewrite runs once per document it builds.
    """
    build = app.openapi
    rewritten: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        document = build()
        if not rewritten or rewritten[0] is not document:
            rewritten[:] = [rewrite_errors(document)]
        return document

    app.openapi = openapi  # type: ignore[method-assign]
