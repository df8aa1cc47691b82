"""API tests of databases reuse the applications' setting: an organisation with a member
and a viewer, an environment and a trusted (unreachable) server."""

from __future__ import annotations

from tests.applications.conftest import create_server, setting

__all__ = ["create_server", "setting"]
