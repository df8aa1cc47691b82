"""Heavy adapters are imported on first use, so an idle API or worker never pays for them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from api.kit.lazy import lazy_module

ROOT = Path(__file__).resolve().parents[2]
DEFERRED = ("asyncssh", "aiodocker", "aiohttp", "aiosmtplib", "httpx", "alembic", "fastapi")


def executed_after(module: str) -> dict[str, bool]:
    """In a fresh interpreter: which of DEFERRED ran their code once `module` is imported."""
    code = textwrap.dedent(f"""
        import importlib, json, sys, types
        importlib.import_module({module!r})
        out = {{}}
        for name in {DEFERRED!r}:
            m = sys.modules.get(name)
            # A lazy module keeps its LazyLoader's class until its first attribute access.
            out[name] = m is not None and type(m) is types.ModuleType
        print(json.dumps(out))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, bool] = json.loads(result.stdout)
    return loaded


def test_the_api_starts_without_the_server_adapters() -> None:
    loaded = executed_after("api.main")
    assert {k: v for k, v in loaded.items() if k != "fastapi"} == dict.fromkeys(
        set(DEFERRED) - {"fastapi"}, False
    )


def test_the_worker_starts_without_the_server_adapters_or_fastapi() -> None:
    assert executed_after("worker.main") == dict.fromkeys(DEFERRED, False)


def test_a_lazy_module_loads_on_first_attribute_access() -> None:
    code = textwrap.dedent("""
        import sys, types
        from api.kit.lazy import lazy_module
        shlex = lazy_module("shlex")
        assert sys.modules["shlex"] is shlex and type(shlex) is not types.ModuleType
        assert shlex.join(["a", "b c"]) == "a 'b c'"
        assert type(shlex) is types.ModuleType
        import shlex as again
        assert again is shlex
    """)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_an_imported_module_is_returned_as_it_is() -> None:
    assert lazy_module("pathlib") is sys.modules["pathlib"]


def test_a_missing_module_fails_at_once() -> None:
    with pytest.raises(ModuleNotFoundError, match="berth_no_such_module"):
        lazy_module("berth_no_such_module")
