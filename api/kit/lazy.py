"""Deferred imports for heavy adapters that an idle process never calls.

asyncssh, aiodocker (with aiohttp), aiosmtplib and httpx cost the API and the worker
~30 MiB of RSS each when imported at start-up, yet an idle control plane with no server
to reach never runs a line of them (see bench/idle_memory.py). A module that pays such a
cost writes

    if TYPE_CHECKING:
        import asyncssh
    else:
        asyncssh = lazy_module("asyncssh")

so mypy still sees the real module, and the library is executed on the first attribute
access (`asyncssh.connect`, `except asyncssh.Error` while an exception is matched). Only
attribute access triggers it: a module-level constant built from the library would undo
the deferral, so such constants become small functions in the importing module.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """`name`, as imported if it already is, else registered to execute on first use.

    The adapters that use this run on the event loop's thread; Python 3.11's LazyLoader
    swaps the module's class before executing it, so a second access never runs it twice.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
