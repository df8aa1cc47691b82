"""Liveness and readiness probes (Kubernetes, load balancers, `make run` wait loops)."""

from __future__ import annotations

import ast
import asyncio
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

router = APIRouter(tags=["health"])

_CHECK_TIMEOUT = 2.0
_MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The revisions this code expects the schema at (read once: the files ship with it).

    Read from each revision file's `revision` / `down_revision` literals, not through
    alembic's ScriptDirectory: that imports every migration module (alembic, Mako and the
    migrations themselves), ~8 MiB that the API would keep for one set of ids. A test
    checks that both always agree.
    """
    return heads_of(_MIGRATIONS / "versions")


def heads_of(versions: Path) -> frozenset[str]:
    """The revisions in `versions` that no other revision names as its parent."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        found = _revision_literals(ast.parse(path.read_text(), str(path)))
        if "revision" not in found:
            continue
        revisions.add(str(found["revision"]))
        down = found.get("down_revision")
        parents.update((down,) if isinstance(down, str) else down or ())
    return frozenset(revisions - parents)


def _revision_literals(tree: ast.Module) -> dict[str, str | tuple[str, ...] | None]:
    """`revision = "…"` and `down_revision = "…" | ("…", "…") | None`, as alembic writes them."""
    found: dict[str, str | tuple[str, ...] | None] = {}
    for node in tree.body:
        target: ast.expr | None = None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        names = ("revision", "down_revision")
        if isinstance(target, ast.Name) and target.id in names and value is not None:
            literal = ast.literal_eval(value)
            found[target.id] = tuple(literal) if isinstance(literal, list | tuple) else literal
    return found


class SchemaNotAtHead(Exception):
    def __init__(self, current: frozenset[str]) -> None:
        at = ", ".join(sorted(current)) or "none"
        super().__init__(f"schema at {at}, code expects {', '.join(sorted(migration_heads()))}")


class Health(BaseModel):
    status: str
    checks: dict[str, str] = {}


@router.get("/healthz", summary="Liveness", response_model=Health)
async def healthz() -> Health:
    """The process is up (no dependencies checked, so a DB outage doesn't restart pods)."""
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Readiness",
    response_model=Health,
    responses={503: {"model": Health, "description": "A dependency is down"}},
)
async def readyz(request: Request) -> JSONResponse:
    """PostgreSQL and Redis answer in bounded time, and the schema is at the migrations' head."""
    # The schema check: during a rolling upgrade a new replica takes no traffic before its
    # migrations ran (the old replicas, on a schema extended compatibly, keep serving).
    checks: dict[str, str] = {}

    async def database() -> None:
        async with request.app.state.engine.connect() as conn:
            # A missing alembic_version table (nothing migrated yet) fails here too.
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            current = frozenset(str(r[0]) for r in rows)
        if current != migration_heads():
            raise SchemaNotAtHead(current)

    async def redis() -> None:
        await request.app.state.redis.ping()

    for name, probe in (("database", database), ("redis", redis)):
        try:
            await asyncio.wait_for(probe(), _CHECK_TIMEOUT)
            checks[name] = "ok"
        except SchemaNotAtHead as exc:
            checks[name] = f"error: {exc}"
        except Exception as exc:  # any failure means not ready; the reason is reported
            checks[name] = f"error: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    body = Health(status="ok" if ok else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
