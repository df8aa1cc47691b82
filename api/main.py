"""Application factory and lifespan: engine, Redis/arq pool and keyring live on app.state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from arq import create_pool
from arq.connections import ArqRedis
from arq.connections import RedisSettings as ArqRedisSettings
from fastapi import APIRouter, FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.applications.router import router as applications_router
from api.audit.router import router as audit_router
from api.auth.router import router as auth_router
from api.backups.router import router as backups_router
from api.databases.router import router as databases_router
from api.deployments.router import router as deployments_router
from api.destinations.router import router as destinations_router
from api.domains.router import router as domains_router
from api.environments.router import project_router as project_creation_router
from api.environments.router import router as environments_router
from api.health.router import router as health_router
from api.infra.connections import ConnectionManager
from api.kit.crypto import keyring_from_settings
from api.kit.db import create_engine, create_sessionmaker
from api.kit.logging import configure_logging
from api.kit.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from api.kit.openapi import install_openapi
from api.kit.problems import install_problem_handlers
from api.kit.routing import operation_id
from api.kit.settings import Settings, get_settings
from api.kit.spa import install_spa
from api.notifications.router import router as notifications_router
from api.organizations.router import router as organizations_router
from api.projects.router import router as projects_router
from api.registries.router import router as registries_router
from api.servers.router import router as servers_router
from api.tokens.router import router as tokens_router
from api.webhooks.router import router as webhooks_router

API_PREFIX = "/api/v1"


def build_api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for domain in (
        auth_router,
        organizations_router,
        tokens_router,
        projects_router,
        project_creation_router,
        environments_router,
        audit_router,
        servers_router,
        applications_router,
        deployments_router,
        webhooks_router,
        registries_router,
        notifications_router,
        domains_router,
        databases_router,
        destinations_router,
        backups_router,
    ):
        router.include_router(domain)
    return router


@asynccontextmanager
async def wired_state(
    app: FastAPI,
    *,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    arq: ArqRedis,
) -> AsyncIterator[None]:
    """Puts the request-time services on `app.state` and closes what it opened itself.

    The one place that decides what a request can reach: the lifespan calls it with the
    engine and pool it owns, the test fixtures with theirs (a rolled-back connection's
    sessionmaker), so tests cannot drift from production. The keyring is not here: it is
    set by `create_app`, so a wrong master key fails at boot rather than at first use.
    """
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker
    app.state.arq = arq
    # The arq pool is a redis.asyncio client too: one connection pool serves both uses.
    app.state.redis = arq
    app.state.connections = ConnectionManager()
    try:
        yield
    finally:
        await app.state.connections.close()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    engine = create_engine(settings.database, application_name="berth-api")
    try:
        pool = await create_pool(ArqRedisSettings.from_dsn(settings.redis.url))
        try:
            sessionmaker = create_sessionmaker(engine)
            async with wired_state(app, engine=engine, sessionmaker=sessionmaker, arq=pool):
                yield
        finally:
            await pool.aclose()
    finally:
        await engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(fmt=settings.log_format, level=settings.log_level)
    app = FastAPI(
        title="Berth",
        summary="Self-hosted deployment platform: control-plane API",
        version="0.1.0",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    # Fail at boot, not at the first secret: a wrong master key must stop the service.
    app.state.keyring = keyring_from_settings(settings)
    install_problem_handlers(app)
    install_openapi(app)
    app.include_router(health_router)
    app.include_router(build_api_router())
    install_spa(app)  # last: its catch-all route must not shadow any API route
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    return app
