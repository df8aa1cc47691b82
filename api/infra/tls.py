"""Whom Berth's outbound TLS trusts: the system's CAs, plus an operator's private CA."""

from __future__ import annotations

import functools
import ssl
from pathlib import Path


@functools.cache
def trust(ca_file: Path | None = None) -> ssl.SSLContext:
    """A verifying client context, built once per CA file: building one reads the whole CA
    bundle, which per request cost more CPU than the request itself (the notification
    fan-out benchmark showed it). Verification is never turned off here."""
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context
