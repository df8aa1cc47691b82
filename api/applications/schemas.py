from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from api.infra import builds, git, service_spec
from api.kit.identifiers import ImageRef, Port
from api.kit.schemas import ResourceName, Schema, WriteSchema
from api.models import DesiredState

Seconds = Annotated[int, Field(ge=1, le=3600)]
Argv = list[Annotated[str, StringConstraints(max_length=4096)]]


class ImageSource(WriteSchema):
    """Deploy a prebuilt image (the hybrid pipeline: CI builds and pushes, Berth releases)."""

    type: Literal["image"] = "image"
    image: ImageRef = Field(description="Tag or digest; releases always pin the digest")


RepositoryUrl = Annotated[
    str,
    Field(max_length=git.MAX_URL),
    # file:// is accepted in shape here; whether this install allows it is checked by the
    # service against the operator's setting.
    AfterValidator(lambda url: git.validate_repository_url(url, allow_file=True)),
]
GitRef = Annotated[str, Field(max_length=255), AfterValidator(git.validate_ref)]
CommitSha = Annotated[str, Field(max_length=64), AfterValidator(git.validate_commit)]
RepoPath = Annotated[str, Field(max_length=1024), AfterValidator(git.validate_subpath)]
BuildArgName = Annotated[str, Field(max_length=128), AfterValidator(builds.validate_arg_name)]
StageName = Annotated[str, Field(max_length=128), AfterValidator(builds.validate_stage)]


class GitSource(WriteSchema):
    """Build from a git repository on the application's server."""

    type: Literal["git"] = "git"
    repository: RepositoryUrl = Field(
        description="https://, ssh://, git:// or user@host:path (file:// if the operator "
        "allows it); private ssh repositories use the application's deploy key"
    )
    ref: GitRef = Field(default="main", description="Branch or tag to deploy")
    commit: CommitSha | None = Field(
        default=None, description="Deploy exactly this commit (full id) instead of the ref's tip"
    )
    path: RepoPath = Field(default=".", description="Sub-directory holding the application")


Source = Annotated[ImageSource | GitSource, Field(discriminator="type")]


class Build(WriteSchema):
    """How a git source becomes an image (paths are relative to the source's `path`)."""

    dockerfile: RepoPath = "Dockerfile"
    context: RepoPath = "."
    target: StageName | None = Field(default=None, description="Multi-stage build target")
    args: dict[BuildArgName, Annotated[str, StringConstraints(max_length=4096)]] = Field(
        default_factory=dict, max_length=64, description="Build arguments (not secret)"
    )
    push_registry_id: uuid.UUID | None = Field(
        default=None,
        description="Push each built image to this registry and release it from there "
        "(needed when the server's swarm has several nodes); unset: the image stays on "
        "the server that built it",
    )


class HealthCheck(WriteSchema):
    """Readiness gate for start-first updates: a failing release is rolled back."""

    type: Literal["http", "command"] = "http"
    path: Annotated[str, StringConstraints(pattern=r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")] = "/"
    command: Argv | None = Field(default=None, max_length=64)
    interval_seconds: Seconds = 5
    timeout_seconds: Seconds = 3
    retries: Annotated[int, Field(ge=1, le=20)] = 3
    start_period_seconds: Annotated[int, Field(ge=0, le=3600)] = 5

    @model_validator(mode="after")
    def _command_when_needed(self) -> HealthCheck:
        if self.type == "command" and not self.command:
            raise ValueError("a command health check needs `command`")
        return self


class Mount(WriteSchema):
    """A named volume (kept across deployments; private to this application) or a host
    path (bind mount: administrators only, never system paths)."""

    type: Literal["volume", "bind"] = "volume"
    source: Annotated[str, StringConstraints(max_length=1024)] = Field(
        description="Volume name, or absolute host path for a bind mount"
    )
    target: Annotated[str, StringConstraints(max_length=1024)] = Field(
        description="Absolute path in the container"
    )
    read_only: bool = False

    @model_validator(mode="after")
    def _valid(self) -> Mount:
        # The same checks the release applies, so a bad mount fails here with a 422 and
        # never half-way through a deployment.
        if self.type == "volume":
            service_spec.VolumeMount(name=self.source, target=self.target)
        else:
            service_spec.BindMount(source=self.source, target=self.target)
        return self


class RestartPolicy(WriteSchema):
    condition: Literal["any", "on-failure", "none"] = "any"
    max_attempts: Annotated[int, Field(ge=0, le=1000)] = Field(
        default=0, description="0: unlimited"
    )
    delay_seconds: Annotated[int, Field(ge=0, le=3600)] = 5


class Runtime(WriteSchema):
    port: Port | None = Field(default=None, description="Container port the proxy routes to")
    replicas: Annotated[int, Field(ge=0, le=100)] = 1
    command: Argv | None = Field(default=None, max_length=64)
    args: Argv | None = Field(default=None, max_length=256)
    cpu_limit: Annotated[float, Field(gt=0, le=256)] | None = None
    memory_limit_mb: Annotated[int, Field(ge=6, le=1_048_576)] | None = None
    health_check: HealthCheck | None = None
    volumes: list[Mount] = Field(default_factory=list, max_length=32)
    restart_policy: RestartPolicy = Field(default_factory=RestartPolicy)

    @model_validator(mode="after")
    def _distinct_targets(self) -> Runtime:
        targets = [m.target for m in self.volumes]
        if len(set(targets)) != len(targets):
            raise ValueError("two mounts share a target path")
        return self


class ApplicationCreate(WriteSchema):
    name: ResourceName
    server_id: uuid.UUID
    source: Source
    build: Build = Field(default_factory=Build)
    runtime: Runtime = Field(default_factory=Runtime)


class ApplicationUpdate(WriteSchema):
    name: ResourceName | None = None
    source: Source | None = None
    build: Build | None = None
    runtime: Runtime | None = None


class DeployKeyCreate(WriteSchema):
    private_key: Annotated[str, StringConstraints(max_length=16384)] | None = Field(
        default=None, description="OpenSSH/PEM private key; omit to generate an ed25519 key"
    )


class DeployKeyRead(Schema):
    fingerprint: str
    public_key: str = Field(description="Add this to the repository's deploy keys (read-only)")


class ApplicationRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    environment_id: uuid.UUID
    server_id: uuid.UUID
    name: str
    source: Source
    build: Build
    runtime: Runtime
    deploy_key: DeployKeyRead | None = None
    desired_state: DesiredState
    service_name: str
    hostname: str | None = Field(default=None, description="Generated host name, if any")
    current_deployment_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime | None


class LogLine(Schema):
    stream: str = Field(description="stdout or stderr")
    timestamp: str | None
    message: str


class RuntimeLogs(Schema):
    application_id: uuid.UUID
    lines: list[LogLine]
