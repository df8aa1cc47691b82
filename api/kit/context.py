"""Per-request (or per-job) correlation id, carried through logs and enqueued jobs."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

import structlog

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# A client may pass its own id (e.g. a CI run id); accept only a bounded, log-safe token.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(candidate: str | None) -> str:
    if candidate and _VALID_REQUEST_ID.match(candidate):
        return candidate
    return new_request_id()


def set_request_id(request_id: str | None) -> None:
    _request_id.set(request_id)
    structlog.contextvars.bind_contextvars(request_id=request_id)


def get_request_id() -> str | None:
    return _request_id.get()
