"""Berth's command line: `python -m api.cli <command>`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from api.kit.settings import Settings

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def _openapi_document() -> str:
    from api.main import create_app  # noqa: PLC0415 - keep CLI start-up light

    return json.dumps(create_app().openapi(), indent=2, sort_keys=False) + "\n"


def cmd_openapi(args: argparse.Namespace) -> int:
    document = _openapi_document()
    if args.check:
        current = OPENAPI_PATH.read_text() if OPENAPI_PATH.exists() else ""
        if current != document:
            print("openapi/openapi.json is out of date: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    OPENAPI_PATH.write_text(document)
    print(f"wrote {OPENAPI_PATH}")
    return 0


def cmd_migrate(_: argparse.Namespace) -> int:
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    config = Config(str(Path(__file__).resolve().parents[2] / "migrations" / "alembic.ini"))
    command.upgrade(config, "head")
    return 0


T = TypeVar("T")


async def _with_session(
    fn: Callable[[async_sessionmaker[AsyncSession], Settings], Awaitable[T]],
) -> T:
    from api.kit.db import create_engine, create_sessionmaker  # noqa: PLC0415
    from api.kit.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    engine = create_engine(settings.database, application_name="berth-cli")
    try:
        return await fn(create_sessionmaker(engine), settings)
    finally:
        await engine.dispose()


def cmd_bootstrap(_: argparse.Namespace) -> int:
    from api.cli.bootstrap import (  # noqa: PLC0415
        bootstrap_admin,
        local_docker_problem,
        register_local_server,
    )

    async def go(
        sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
    ) -> tuple[str, str | None] | None:
        async with sessionmaker() as session, session.begin():
            created = await bootstrap_admin(session, settings.bootstrap)
            if settings.servers.register_local_docker:
                # Say so when the setting can't do anything, instead of silently nothing.
                problem = await local_docker_problem()
                if problem is not None:
                    print(
                        "BERTH_SERVERS__REGISTER_LOCAL_DOCKER is on, but no local Docker daemon"
                        f" answers ({problem}): no 'local' server is registered. Start Docker"
                        " and restart, or set it to false to silence this.",
                        flush=True,
                    )
                elif await register_local_server(session) is not None:
                    print("Registered this machine's Docker daemon as server 'local'.", flush=True)
            return created

    created = asyncio.run(_with_session(go))
    if created is None:
        return 0
    email, generated = created
    print(f"\nCreated admin {email} and organization.", flush=True)
    if generated:
        print(f"  Generated password (shown once, change it): {generated}\n", flush=True)
    return 0


def cmd_rotate(_: argparse.Namespace) -> int:
    from api.cli.keys import rotate_master_key  # noqa: PLC0415
    from api.kit.crypto import keyring_from_settings  # noqa: PLC0415

    async def go(
        sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
    ) -> dict[str, int]:
        return await rotate_master_key(sessionmaker, keyring_from_settings(settings))

    for column, count in asyncio.run(_with_session(go)).items():
        print(f"{column}: re-wrapped {count}")
    return 0


def cmd_generate_key(_: argparse.Namespace) -> int:
    from api.kit.crypto import generate_master_key  # noqa: PLC0415

    print(generate_master_key())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from api.cli.run import run  # noqa: PLC0415

    return run(args.host, args.port)


def cmd_serve(args: argparse.Namespace) -> int:
    from api.kit.serving import serve  # noqa: PLC0415

    return serve(args.host, args.port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="berth", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="start the control plane on the embedded default")
    p.add_argument("--host", default=None, help="default BERTH_RUN__HOST (127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="default BERTH_RUN__PORT (8000)")
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("serve", help="run only the API server, with BERTH_HTTP__* limits")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(fn=cmd_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(fn=cmd_migrate)
    sub.add_parser("bootstrap", help="create the first admin").set_defaults(fn=cmd_bootstrap)
    sub.add_parser(
        "rotate-master-key", help="re-wrap secrets under BERTH_SECURITY__MASTER_KEY"
    ).set_defaults(fn=cmd_rotate)
    sub.add_parser("generate-master-key", help="print a new master key").set_defaults(
        fn=cmd_generate_key
    )
    p = sub.add_parser("openapi", help="write (or --check) openapi/openapi.json")
    p.add_argument("--check", action="store_true")
    p.set_defaults(fn=cmd_openapi)
    args = parser.parse_args(argv)
    return int(args.fn(args))


if __name__ == "__main__":
    sys.exit(main())
