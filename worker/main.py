"""arq WorkerSettings; started by `make run`, or `arq worker.main.WorkerSettings`."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any, ClassVar

from arq import cron, func
from arq.connections import RedisSettings

from api.infra.connections import ConnectionManager
from api.kit.crypto import keyring_from_settings
from api.kit.db import create_engine, create_sessionmaker
from api.kit.logging import configure_logging
from api.kit.settings import get_settings
from worker.notifications import Dispatcher
from worker.reaper import reap, take_over
from worker.scheduler import periodic_jobs
from worker.tasks.audit_export import audit_export_run
from worker.tasks.databases import database_operation_run, databases_refresh
from worker.tasks.deployments import deployment_run
from worker.tasks.domains import certificates_check
from worker.tasks.servers import server_setup_run, servers_refresh

_settings = get_settings()


async def startup(ctx: dict[str, Any]) -> None:
    configure_logging(fmt=_settings.log_format, level=_settings.log_level)
    engine = create_engine(_settings.database, application_name="berth-worker")
    ctx["engine"] = engine
    ctx["sessionmaker"] = create_sessionmaker(engine)
    ctx["settings"] = _settings
    ctx["keyring"] = keyring_from_settings(_settings)
    ctx["connections"] = ConnectionManager()
    # An identity given by the supervisor survives restarts; without one, nothing can have
    # run under a fresh identity, so there is nothing to take over.
    given = _settings.jobs.worker_id
    ctx["worker_id"] = given or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if given:
        await take_over(ctx)
    ctx["notifications"] = Dispatcher(ctx["sessionmaker"], ctx["keyring"], _settings)
    ctx["notifications"].start()


async def shutdown(ctx: dict[str, Any]) -> None:
    if "notifications" in ctx:
        await ctx["notifications"].stop()
    await ctx["connections"].close()
    await ctx["engine"].dispose()


def _every(seconds: int) -> tuple[set[int], set[int] | None]:
    """arq cron's (second, minute) for "every `seconds`": seconds under a minute, whole
    minutes above (a 15-minute job must not run every minute), at most hourly."""
    if seconds < 60:
        return set(range(0, 60, max(1, seconds))), None
    return {0}, set(range(0, 60, min(seconds // 60, 60)))


# How each periodic job runs: (coroutine, timeout in s, also at a worker's start-up). Which
# jobs exist and how often is worker/scheduler.py's `periodic_jobs`, the one list both the
# crons and the scheduler's leader read, so a new periodic job is added in two lines.
_PERIODIC_RUNS: dict[str, tuple[Any, int, bool]] = {
    "jobs.reap": (reap, 60, True),
    "servers.refresh": (servers_refresh, 120, True),
    "databases.refresh": (databases_refresh, 120, False),
    # Not at start-up: a restart loop must not read every proxy's log each time.
    "certificates.check": (certificates_check, 300, False),
}


def periodic_crons() -> list[Any]:
    """arq cron in every worker: right for one machine (`make run`), where one worker runs."""
    crons = []
    for job in periodic_jobs(_settings):
        coroutine, timeout, at_startup = _PERIODIC_RUNS[job.name]
        second, minute = _every(job.every_seconds)
        crons.append(
            cron(
                coroutine,
                name=job.name,
                second=second,
                minute=minute,
                run_at_startup=at_startup,
                timeout=timeout,
            )
        )
    return crons


def periodic_functions() -> list[Any]:
    """The same jobs, enqueued by worker/scheduler.py's leader under the same names."""
    functions = []
    for job in periodic_jobs(_settings):
        coroutine, timeout, _ = _PERIODIC_RUNS[job.name]
        functions.append(func(coroutine, name=job.name, max_tries=1, timeout=timeout))
    return functions


class WorkerSettings:
    # max_tries=1: after a crash arq would re-run the job only once its in-progress key
    # expires (job timeout + 10 s); our reaper re-queues much sooner with a fresh job id,
    # so arq's own retry is disabled rather than racing it.
    functions: ClassVar[list[Any]] = [
        func(audit_export_run, name="audit_export.run", max_tries=1),
        func(server_setup_run, name="server_setup.run", max_tries=1),
        func(deployment_run, name="deployment.run", max_tries=1),
        func(database_operation_run, name="database_operation.run", max_tries=1),
        # With a separate scheduler the periodic jobs arrive as ordinary jobs.
        *(periodic_functions() if _settings.jobs.periodic == "scheduler" else []),
    ]
    cron_jobs: ClassVar[list[Any]] = periodic_crons() if _settings.jobs.periodic == "worker" else []
    redis_settings = RedisSettings.from_dsn(_settings.redis.url)
    on_startup = startup
    on_shutdown = shutdown
    job_timeout = _settings.jobs.job_timeout_seconds
    max_jobs = _settings.jobs.max_concurrent_jobs
    keep_result = 60
    # A deploy waits for the worker to notice it: 0.1 s instead of arq's 0.5 s cuts the
    # median pickup from ~250 ms to ~50 ms (measured by bench/deploy.py) for ~10 cheap
    # Redis reads a second while idle.
    poll_delay = 0.1
    allow_abort_jobs = True
    health_check_interval = 30
