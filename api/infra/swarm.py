"""What Berth knows about Docker Swarm itself, apart from any one service it runs.

The labels every managed object carries, the Engine API's units, image references, the
spec-hash rule that decides whether a service must be updated, and how to read a rolling
update's progress from a service and its tasks. The proxy (`traefik.py`) and the
applications (`service_spec.py`) build their specs on these; the deployment flow waits on
`wait_for_rollout` and decides what each outcome means for the user.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the spec helpers stay importable without the Docker client library
    from api.infra.docker import DockerClient

MANAGED_LABEL = "berth.managed"
COMPONENT_LABEL = "berth.component"
SPEC_HASH_LABEL = "berth.spec-hash"
# On an application's containers: the deployment that started each task (see service_spec).
DEPLOYMENT_LABEL = "berth.deployment"

# Docker's reference grammar (distribution/reference), minus IPv6 registries.
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE_RE = re.compile(
    rf"(?:(?P<domain>{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*(?::(?P<port>[0-9]{{1,5}}))?)/)?"
    rf"(?P<path>{_PATH_PART}(?:/{_PATH_PART})*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?"
)


def nanoseconds(seconds: float) -> int:
    """The Engine API counts durations (and CPUs, as NanoCPUs) in billionths. Rounded, not
    truncated: a fractional CPU limit such as 0.1 is 100000000.00000001 in floating point,
    and whole seconds come out exact either way."""
    return round(seconds * 1_000_000_000)


def validate_image(ref: str, *, what: str = "image") -> None:
    """`[registry[:port]/]name[:tag][@sha256:...]`, with a tag or digest that is not `latest`.

    `what` names the image in the message (`proxy image`)."""
    match = _IMAGE_RE.fullmatch(ref) if isinstance(ref, str) and len(ref) <= 512 else None
    if match is None:
        raise ValueError(f"invalid image reference {ref!r}")
    domain = match["domain"]
    # Docker reads the first component as a registry only if it has a dot or a port or is
    # `localhost`; otherwise it is part of the (lower-case) repository path.
    is_registry = domain is not None and ("." in domain or ":" in domain or domain == "localhost")
    if domain is not None and not is_registry and not re.fullmatch(_PATH_PART, domain):
        raise ValueError(f"invalid image reference {ref!r}: repository must be lower-case")
    if match["port"] is not None and not 1 <= int(match["port"]) <= 65535:
        raise ValueError(f"invalid registry port in image reference {ref!r}")
    if len(match["path"]) + len(domain or "") > 255:
        raise ValueError("image name longer than 255 characters")
    # A moving tag makes "unchanged spec" lie: the service would never be updated to what it
    # names, and a rollback would return to something other than what was deployed.
    if match["digest"] is None and match["tag"] in (None, "latest"):
        raise ValueError(f"pin the {what} to a version tag or digest, got {ref!r}")


def canonical_json(value: Any) -> str:
    """Sorted keys, fixed indentation: the same document always gives the same bytes."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=True) + "\n"


def spec_hash(spec: Mapping[str, Any]) -> str:
    """Hash of a desired spec, ignoring its own hash label. Compare it with the label on the
    running service, never with a hash of the inspected spec: Docker rewrites what it stores
    (image digest appended, defaults filled in)."""
    labels = {k: v for k, v in spec.get("Labels", {}).items() if k != SPEC_HASH_LABEL}
    body = {**spec, "Labels": labels}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()[:16]


def spec_is_current(running_spec: Mapping[str, Any] | None, desired: Mapping[str, Any]) -> bool:
    """True when the service Docker reports (its `Spec`) was made from `desired`."""
    if running_spec is None:
        return False
    running = running_spec.get("Labels") or {}
    return running.get(SPEC_HASH_LABEL) == spec_hash(desired)


# ----------------------------------------------------------------------------- rollouts

RolloutPhase = Literal["serving", "stopped", "rolled_back", "paused", "gone", "timed_out"]


@dataclass(frozen=True)
class RolloutState:
    """Where a service's rolling update ended. `message` is Swarm's own (UpdateStatus),
    `running` the tasks counted for `serving`/`stopped`."""

    phase: RolloutPhase
    message: str = ""
    running: int = 0


async def rollout_state(
    docker: DockerClient, service_name: str, *, deployment_id: str, replicas: int
) -> RolloutState | None:
    """One look at the service: its final state, or None while the update is under way.

    "Serving" is judged by the tasks, not by how the service got there: Swarm reports a
    task `running` only once its health check passed, and each task carries the id of the
    deployment that started it (DEPLOYMENT_LABEL). So a retried attempt (the update was
    already applied, or is identical) ends exactly like a first one.
    """
    service = await docker.find_service(service_name)
    if service is None:
        return RolloutState("gone")
    status = service.get("UpdateStatus") or {}
    state, message = status.get("State"), str(status.get("Message", ""))
    if state == "rollback_completed":
        # Final only once the restored version (whatever its replica count) runs again:
        # `rollback_completed` can come before the restored task is healthy.
        if await _all_wanted_tasks_running(docker, service_name):
            return RolloutState("rolled_back", message)
    elif state in ("paused", "rollback_paused"):
        return RolloutState("paused", message)
    elif replicas == 0:
        if (running := await _running_tasks(docker, service_name)) == 0:
            return RolloutState("stopped", running=running)
    elif state in (None, "completed") and (
        (running := await _running_tasks(docker, service_name, deployment_id)) >= replicas
    ):
        return RolloutState("serving", running=running)
    return None


async def wait_for_rollout(
    docker: DockerClient,
    service_name: str,
    *,
    deployment_id: str,
    replicas: int,
    within: float,
    poll_seconds: float = 0.5,
) -> RolloutState:
    """Poll `rollout_state` until it is final, or `timed_out` after `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        state = await rollout_state(
            docker, service_name, deployment_id=deployment_id, replicas=replicas
        )
        if state is not None:
            return state
        await asyncio.sleep(poll_seconds)
    return RolloutState("timed_out")


async def _all_wanted_tasks_running(docker: DockerClient, service_name: str) -> bool:
    tasks = await docker.running_tasks(service_name)
    return all(t.get("Status", {}).get("State") == "running" for t in tasks)


async def _running_tasks(
    docker: DockerClient, service_name: str, deployment_id: str | None = None
) -> int:
    """Running (hence healthy) tasks, optionally only those this deployment started."""
    count = 0
    for task in await docker.running_tasks(service_name):
        if task.get("Status", {}).get("State") != "running":
            continue
        labels = task.get("Spec", {}).get("ContainerSpec", {}).get("Labels") or {}
        if deployment_id is None or labels.get(DEPLOYMENT_LABEL) == deployment_id:
            count += 1
    return count
