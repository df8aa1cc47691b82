"""Berth talks to Docker in one folder: no module of `api/` outside `api/infra/` spells an
Engine API path. Every Engine operation is a named method of `DockerClient`, so a new one
is added there (typed, its errors mapped), not written inline where it is needed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "api"
# The Engine API's resources (https://docs.docker.com/reference/api/engine/): a string that
# starts with one of them followed by `/` (or is `/<resource>`) is a path, such as
# `images/json`, f"services/{id}/update", `/tasks`.
_RESOURCES = (
    "build|configs|containers|distribution|events|exec|images|networks|nodes|plugins|"
    "secrets|services|session|swarm|system|tasks|volumes"
)
ENGINE_PATH = re.compile(rf"^(?:/?(?:{_RESOURCES})/|/(?:{_RESOURCES})$)")


def engine_paths(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal, or f-string's leading text, that is a path."""
    found = []
    tree = ast.parse(source)
    # An f-string's later text (`f"{root}/secrets"`) is no path of its own: only its start.
    inner = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             for part in node.values}  # fmt: skip
    for node in ast.walk(tree):
        text = None
        if not isinstance(node, ast.expr):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value if id(node) not in inner else None
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                text = first.value
        if text is not None and ENGINE_PATH.match(text):
            found.append((node.lineno, text))
    return found


def test_the_scan_finds_engine_paths_in_every_spelling() -> None:
    sample = (
        'a = "images/json"\n'
        'b = f"services/{sid}/update"\n'
        'c = "/tasks"\n'
        "d = f'/distribution/{image}/json'\n"
        'e = "containers/create"\n'
    )
    assert [line for line, _ in engine_paths(sample)] == [1, 2, 3, 4, 5]
    # Words that are only names (a runtime's `volumes`, a route) are not paths.
    assert engine_paths('x = runtime.get("volumes")\ny = "/applications/{id}"\nz = "tasks"') == []
    # And the adapter itself, where the paths belong, is found full of them.
    assert len(engine_paths((API / "infra" / "docker.py").read_text())) >= 10


def test_no_engine_api_path_outside_api_infra() -> None:
    offenders = [
        f"{path.relative_to(API.parent)}:{line}: {text!r}"
        for path in sorted(API.rglob("*.py"))
        if "infra" not in path.relative_to(API).parts[:1]
        for line, text in engine_paths(path.read_text())
    ]
    assert offenders == [], "Engine API paths belong in api/infra/docker.py:\n" + "\n".join(
        offenders
    )
