"""Migrations are the schema: they round-trip, have one head, and match the models."""

from __future__ import annotations

import subprocess

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine

from api.cli.embedded import EmbeddedPostgres
from api.models import Base
from tests.conftest import ROOT, alembic_config


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("postgresql+asyncpg://unused"))
    assert len(script.get_heads()) == 1


def test_migration_files_are_date_prefixed() -> None:
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        assert path.name[:8].isdigit(), path.name
        assert path.name[8] == "_", path.name


async def test_models_match_the_migrated_schema(migrated: str) -> None:
    engine = create_async_engine(migrated)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)
    await engine.dispose()
    assert differences == [], "models and migrations disagree: run `make migration m=...`"


async def test_downgrade_to_base_and_upgrade_again(
    services: tuple[EmbeddedPostgres, object],
) -> None:
    """On a scratch database, so the shared test schema stays intact."""
    pg, _ = services
    admin_url = pg.url
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text("DROP DATABASE IF EXISTS berth_roundtrip"))
        await conn.execute(text("CREATE DATABASE berth_roundtrip"))
    await engine.dispose()
    url = admin_url.rsplit("/", 1)[0] + "/berth_roundtrip"
    # Alembic's async env runs its own event loop: drive it from a subprocess-free thread.
    config = alembic_config(url)
    await _in_thread(command.upgrade, config, "head")
    await _in_thread(command.downgrade, config, "base")
    await _in_thread(command.upgrade, config, "head")
    check = create_async_engine(url)
    async with check.connect() as conn:
        tables = set(
            (
                await conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ).scalars()
        )
    await check.dispose()
    assert {"users", "organizations", "projects", "audit_events"} <= tables


async def _in_thread(fn: object, *args: object) -> None:
    import asyncio  # noqa: PLC0415

    await asyncio.to_thread(fn, *args)  # type: ignore[arg-type]


def test_offline_sql_renders() -> None:
    """`alembic upgrade --sql` lets operators review DDL before running it."""
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "alembic"),
            "-c",
            "migrations/alembic.ini",
            "upgrade",
            "head",
            "--sql",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CREATE TABLE users" in result.stdout
    assert "lock_timeout" in result.stdout
