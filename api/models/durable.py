"""Columns shared by every row that stands for background work (exports, deployments, backups).

The row is the durable intent; arq only carries its id. `attempts` fences workers: a
worker claims the row by bumping it and every later write is conditional on the value it
claimed, so a worker the reaper gave up on can never overwrite its successor.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import str_enum, utcnow


class JobStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


ACTIVE_JOB_STATUSES = (JobStatus.queued, JobStatus.running)


class DurableJobMixin:
    status: Mapped[JobStatus] = mapped_column(
        str_enum(JobStatus, "job_status"), default=JobStatus.queued, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    request_id: Mapped[str | None] = mapped_column(String(64), default=None)
    # The worker identity that claimed the current attempt. A worker restarted under the same
    # identity (`make run` keeps one per worker slot) re-queues these rows as soon as it
    # starts, instead of leaving them until the heartbeat goes stale.
    worker_id: Mapped[str | None] = mapped_column(String(100), default=None)
    # One entry per attempt ({number, started_at, ended_at, outcome, reason}), written by the
    # same conditional updates that move the row, so a retried job keeps why each earlier
    # attempt ended while `error` speaks for the final outcome only.
    attempt_log: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
