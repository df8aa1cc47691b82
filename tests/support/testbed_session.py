"""One test bed per pytest session, shared by every directory that needs real servers.

A session fixture defined in two conftest files would be two fixtures, each bringing up its
own bed. Each `testbed` fixture (tests/servers/conftest.py, tests/infra/...) therefore
acquires this process-wide bed and releases it; the last release tears it down.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

from tests.testbed import Testbed

# Apart from a developer's bed (brtb0, 10.214.0.0/24) and the benchmark's (brtbb). Two
# clones running their suites side by side each pick their own pair through the environment.
BRIDGE = os.environ.get("BERTH_TESTBED_BRIDGE", "brtbs")
SUBNET = os.environ.get("BERTH_TESTBED_SUBNET", "10.217.0.0/24")

_lock = threading.Lock()
_bed: Testbed | None = None
_owned = False
_users = 0


def acquire() -> Testbed:
    global _bed, _owned, _users  # noqa: PLW0603 - one bed per process, by design
    with _lock:
        if _bed is None:
            if root := os.environ.get("BERTH_TESTBED_ROOT"):
                _bed, _owned = Testbed.attach(root), False
            else:
                _bed, _owned = Testbed(bridge=BRIDGE, subnet=SUBNET, hosts=2).up(), True
        _users += 1
        return _bed


def release() -> None:
    global _bed, _users  # noqa: PLW0603
    with _lock:
        _users -= 1
        if _users > 0 or _bed is None:
            return
        bed, _bed = _bed, None
        if _owned:
            bed.down()


def shared_testbed() -> Iterator[Testbed]:
    """Body of a session-scoped `testbed` fixture: `yield from shared_testbed()`."""
    bed = acquire()
    try:
        yield bed
    finally:
        release()


def unused_address(bed: Testbed) -> str:
    """An address inside the bed's subnet where nothing answers (no host is ever given it)."""
    network = bed.subnet.network
    return str(network.broadcast_address - 5)
