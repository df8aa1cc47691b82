"""From a Server row to a live connection, and from infrastructure errors to problems."""

from __future__ import annotations

from typing import Any

from api.infra import builds
from api.infra.connections import LocalTarget, ServerConnection, Target
from api.infra.errors import (
    AuthenticationFailed,
    DockerError,
    HostKeyMismatch,
    HostKeyUnknown,
    InfraError,
    RemoteCommandFailed,
    ServerUnreachable,
)
from api.infra.ssh import SSHTarget
from api.kit.crypto import Keyring
from api.kit.errors import BerthError
from api.models import HostKeyStatus, Server, ServerKind
from api.servers.exceptions import (
    HostKeyChanged,
    HostKeyNotTrusted,
    ServerAuthenticationFailed,
    ServerDockerError,
    ServerUnreachableProblem,
)


def private_key_context(server: Server) -> str:
    return f"server_private_key:{server.id}"


def connection_target(server: Server, keyring: Keyring) -> Target:
    if server.kind is ServerKind.local:
        return LocalTarget()
    ensure_trusted(server)
    assert server.private_key_encrypted is not None
    assert server.host_key is not None
    return SSHTarget(
        host=server.host,
        port=server.port,
        username=server.username,
        private_key=keyring.decrypt(
            server.private_key_encrypted, context=private_key_context(server)
        ),
        host_key=server.host_key,
    )


def ensure_trusted(server: Server) -> None:
    """Refuse to talk to a server whose host key the operator has not confirmed."""
    if server.kind is ServerKind.local:
        return
    if server.host_key_status is HostKeyStatus.changed:
        raise HostKeyChanged(
            f"server '{server.name}' presented a different host key "
            f"({server.pending_host_key_fingerprint}) than the trusted one "
            f"({server.host_key_fingerprint}); confirm it if the server was reinstalled",
            trusted_fingerprint=server.host_key_fingerprint,
            presented_fingerprint=server.pending_host_key_fingerprint,
        )
    if server.host_key_status is not HostKeyStatus.trusted or server.host_key is None:
        raise HostKeyNotTrusted(
            f"server '{server.name}' has no trusted host key yet: scan it, check the "
            "fingerprint and confirm it"
        )


def problem_for(server: Server, exc: InfraError) -> BerthError:
    where = f"server '{server.name}'"
    if isinstance(exc, HostKeyMismatch):
        return HostKeyChanged(
            f"{where}: {exc}",
            trusted_fingerprint=exc.expected,
            presented_fingerprint=exc.actual,
        )
    if isinstance(exc, HostKeyUnknown):
        return HostKeyNotTrusted(f"{where}: {exc}")
    if isinstance(exc, AuthenticationFailed):
        return ServerAuthenticationFailed(f"{where}: {exc}")
    if isinstance(exc, DockerError | RemoteCommandFailed):
        return ServerDockerError(f"{where}: {exc}")
    if isinstance(exc, ServerUnreachable):
        return ServerUnreachableProblem(f"{where} is unreachable: {exc}")
    return ServerUnreachableProblem(f"{where}: {exc}")


async def gather_facts(connection: ServerConnection) -> dict[str, Any]:
    """Docker, Swarm and resource facts in two API calls and one `df`."""
    version = await connection.docker.version()
    info = await connection.docker.info()
    swarm = info.get("Swarm") or {}
    facts: dict[str, Any] = {
        "docker_version": version.get("Version"),
        "api_version": version.get("ApiVersion"),
        "os": info.get("OperatingSystem"),
        "architecture": info.get("Architecture"),
        "cpus": info.get("NCPU"),
        "memory_bytes": info.get("MemTotal"),
        "swarm_state": swarm.get("LocalNodeState"),
        "swarm_node_id": swarm.get("NodeID") or None,
        "swarm_manager": bool(swarm.get("ControlAvailable")),
    }
    root = info.get("DockerRootDir") or "/var/lib/docker"
    result = await connection.run(["df", "-Pk", root], check=False, timeout=15)
    lines = result.stdout.strip().splitlines()
    if result.exit_status == 0 and len(lines) >= 2:
        fields = lines[-1].split()
        if len(fields) >= 4 and fields[1].isdigit() and fields[3].isdigit():
            facts["disk_total_bytes"] = int(fields[1]) * 1024
            facts["disk_free_bytes"] = int(fields[3]) * 1024
    # Whether builds (and so build secrets) can use BuildKit here, and with which CLI.
    facts.update((await builds.probe_builder(connection)).facts())
    return facts
