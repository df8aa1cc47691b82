"""API tests of databases reuse the applications' setting (an organisation with a member
and a viewer, an environment and a trusted, unreachable server); the end-to-end ones get
database server images built from Debian's packages (tests/testbed/dbimages.py)."""

from __future__ import annotations

import pytest

from tests.applications.conftest import create_server, setting
from tests.testbed import Testbed
from tests.testbed.dbimages import build_database_images

__all__ = ["create_server", "setting"]


@pytest.fixture(scope="session")
def database_images(testbed: Testbed) -> dict[str, str]:
    """{engine: image in the test registry}; the root file system is cached across runs,
    so only the first run on a machine pays for debootstrap."""
    return build_database_images(
        testbed.host(1), testbed.registry, testbed.root / "images", testbed.cache_dir
    )
