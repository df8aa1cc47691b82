"""'Validate and set up' a server: checks, swarm, network, proxy. Idempotent by design.

Each step looks at the server's current state and only acts when something differs, so
running setup twice changes nothing the second time. Progress is committed step by step
(fenced on the attempt) so clients watch it live.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.infra import proxy_files, swarm, traefik
from api.infra.connections import ConnectionManager, ServerConnection
from api.infra.docker import DockerClient
from api.kit.crypto import Keyring
from api.kit.jobs.progress import StepProgress
from api.kit.jobs.steps import StepCall, StepResult, StepRunner
from api.kit.settings import Settings
from api.models import Organization, Server, ServerSetup
from api.servers import proxy as domain_proxy
from api.servers.connectivity import connection_target, gather_facts
from api.servers.exceptions import SetupFailed
from api.servers.service import server_service

log = structlog.get_logger("berth.setup")

MIN_DOCKER_API = (1, 41)  # Docker 20.10
PROXY_READY_TIMEOUT = 120.0
STEPS = ("connect", "docker", "swarm", "network", "proxy", "proxy-ready")


@dataclass
class _Context:
    connection: ServerConnection
    server: Server
    facts: dict[str, Any]
    settings: Settings
    acme_email: str | None


async def run_setup(
    session: AsyncSession,
    setup: ServerSetup,
    attempt: int,
    *,
    keyring: Keyring,
    connections: ConnectionManager,
    settings: Settings,
) -> None:
    progress = StepProgress(session, ServerSetup, setup.id, attempt, STEPS)
    server = await session.get(Server, setup.server_id)
    if server is None:
        raise SetupFailed("the server was deleted")
    runner = StepRunner(progress)
    connected: list[_Context] = []  # what `connect` found, for the steps after it

    async def connect(stack: contextlib.AsyncExitStack) -> StepResult:
        target = connection_target(server, keyring)
        connection = await stack.enter_async_context(connections.connect(server.id, target))
        facts = await gather_facts(connection)
        await server_service.record_status(session, None, server, facts, None)
        organization = await session.get(Organization, server.organization_id)
        acme_email = organization.acme_email if organization else None
        connected.append(_Context(connection, server, facts, settings, acme_email))
        return StepResult(f"Docker {facts.get('docker_version')}")

    def on_server(action: Callable[[_Context], Awaitable[StepResult]]) -> StepCall:
        return lambda: action(connected[0])

    try:
        async with contextlib.AsyncExitStack() as stack:
            await runner.run_all(
                [
                    ("connect", lambda: connect(stack)),
                    ("docker", on_server(_check_docker)),
                    ("swarm", on_server(_ensure_swarm)),
                    ("network", on_server(_ensure_network)),
                    ("proxy", on_server(_ensure_proxy)),
                    ("proxy-ready", on_server(_wait_proxy)),
                ]
            )
        server.is_set_up = True
        await session.flush()
        # Domains added before the proxy existed (or lost with its volume) go live now.
        await domain_proxy.apply_server(session, keyring, connections, server)
    except Exception as exc:
        await runner.failed(exc)
        raise


async def _check_docker(ctx: _Context) -> StepResult:
    facts = ctx.facts
    api = tuple(int(p) for p in str(facts.get("api_version") or "0.0").split(".")[:2])
    if api < MIN_DOCKER_API:
        raise SetupFailed(
            f"Docker API {facts.get('api_version')} is too old; Berth needs Docker 20.10 or newer"
        )
    notes = [f"Docker {facts.get('docker_version')}, {facts.get('cpus')} CPUs"]
    memory = int(facts.get("memory_bytes") or 0)
    free = facts.get("disk_free_bytes")
    notes.append(f"{memory / 2**30:.1f} GiB RAM")
    if free is not None:
        notes.append(f"{int(free) / 2**30:.1f} GiB free disk")
        if int(free) < 2 * 2**30:
            notes.append("warning: less than 2 GiB free for images and builds")
    if memory and memory < 512 * 2**20:
        notes.append("warning: less than 512 MiB RAM")
    return StepResult("; ".join(notes))


async def _ensure_swarm(ctx: _Context) -> StepResult:
    facts, server = ctx.facts, ctx.server
    if facts.get("swarm_state") == "active":
        if not facts.get("swarm_manager"):
            raise SetupFailed("this node is a swarm worker; Berth needs a swarm manager")
        return StepResult("already a swarm manager", "skipped")
    advertise = server.advertise_addr or (server.host if _is_ip(server.host) else None)
    if advertise is None:
        raise SetupFailed(
            "set the server's advertise_addr (an IP address of this server) to initialise the swarm"
        )
    node_id = await ctx.connection.docker.swarm_init(advertise)
    facts.update(swarm_state="active", swarm_manager=True, swarm_node_id=node_id)
    return StepResult(f"swarm initialised, advertising {advertise}")


async def _ensure_network(ctx: _Context) -> StepResult:
    name = traefik.DEFAULT_NETWORK
    if await ctx.connection.docker.find_network(name) is not None:
        return StepResult(f"overlay network {name} exists", "skipped")
    await ctx.connection.docker.create_network(traefik.overlay_network_spec(name))
    return StepResult(f"overlay network {name} created")


async def _ensure_proxy(ctx: _Context) -> StepResult:
    docker, server = ctx.connection.docker, ctx.server
    proxy = traefik.ProxySettings(
        # The server's own settings, else the control plane's defaults (issue #20 item 3).
        image=server.proxy_image or ctx.settings.servers.proxy_image or traefik.DEFAULT_IMAGE,
        acme_email=ctx.acme_email,
        acme_directory=server.acme_directory_url
        or ctx.settings.servers.acme_directory_url
        or traefik.LETSENCRYPT_PRODUCTION,
        acme_ca_bundle=server.acme_ca_bundle,
        node_id=ctx.facts.get("swarm_node_id"),
    )
    content = traefik.render_static_config(proxy)
    config_name = traefik.config_name(content)
    config_id = await _ensure_config(docker, config_name, content)
    ca_config = None
    if proxy.acme_ca_bundle is not None:
        ca_name = traefik.config_name(proxy.acme_ca_bundle, kind="acme-ca")
        ca_config = (await _ensure_config(docker, ca_name, proxy.acme_ca_bundle), ca_name)
    spec = traefik.proxy_service_spec(
        proxy, static_config_id=config_id, static_config_name=config_name, ca_config=ca_config
    )
    wanted = swarm.spec_hash(spec)
    current = await docker.find_service(traefik.SERVICE_NAME)
    if current is None:
        await docker.create_service(spec)
        return StepResult(f"proxy service created ({proxy.image})")
    labels = current.get("Spec", {}).get("Labels", {})
    if labels.get(swarm.SPEC_HASH_LABEL) == wanted:
        return StepResult("proxy is up to date", "skipped")
    await proxy_files.forget_helper(docker)  # it would pin the old image
    await docker.update_service(current["ID"], current["Version"]["Index"], spec)
    return StepResult(f"proxy service updated ({proxy.image})")


async def _ensure_config(docker: DockerClient, name: str, content: str) -> str:
    """Swarm configs are immutable and named by content: reuse one that exists."""
    existing = await docker.find_config(name)
    if existing:
        return str(existing["ID"])
    return await docker.create_config(traefik.swarm_config_spec(name, content))


async def _wait_proxy(ctx: _Context) -> StepResult:
    """Converged: a fresh service has a running task; an updated one finished its rollout
    (a rollback means the new proxy failed its health check and the old one is back)."""
    docker = ctx.connection.docker
    deadline = time.monotonic() + PROXY_READY_TIMEOUT
    last = "no task yet"
    while time.monotonic() < deadline:
        service = await docker.find_service(traefik.SERVICE_NAME)
        update_state = ((service or {}).get("UpdateStatus") or {}).get("State")
        if update_state in ("rollback_started", "rollback_completed", "rollback_paused", "paused"):
            message = (service or {}).get("UpdateStatus", {}).get("Message", "")
            raise SetupFailed(f"the proxy update was rolled back ({update_state}: {message})")
        states = [t.get("Status", {}) for t in await docker.running_tasks(traefik.SERVICE_NAME)]
        running = any(s.get("State") == "running" for s in states)
        if running and update_state in (None, "completed"):
            return StepResult("proxy running")
        if states:
            last = "; ".join(
                f"{s.get('State')}: {s.get('Err') or s.get('Message')}" for s in states
            )
        await asyncio.sleep(1)
    raise SetupFailed(f"the proxy did not converge within {PROXY_READY_TIMEOUT:.0f}s ({last})")


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
