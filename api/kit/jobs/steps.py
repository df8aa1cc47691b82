"""One way to run a durable job's steps: mark running, call, mark done / skipped / failed.

Server setup and deployments (and the databases, backups and notifications after them)
share it, so every job records its steps alike: the same result contract, the same cut of
an error message, the same handling of a user's cancel. The job's own flow decides what the
steps are, what a failure means (the row's outcome) and how a cancel is undone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from api.kit.jobs.progress import StepProgress

# Long enough for a build's last lines or a remote command's stderr, short enough for a
# step's detail in a list of steps.
ERROR_LIMIT = 2000


@dataclass(frozen=True)
class StepResult:
    """What a step reports: a line for the user, whether it acted (`done`) or found nothing
    to do (`skipped`: idempotent reruns say so), and columns of the job's row to record
    with it (a deployment's image and commit)."""

    detail: str
    status: Literal["done", "skipped"] = "done"
    record: Mapping[str, Any] = field(default_factory=dict)


StepCall = Callable[[], Awaitable[StepResult]]
# Called, once the cancelled step has stopped, with that step's name; returns the exception
# the job ends with (it says what was undone).
CancelHook = Callable[[str], Awaitable[BaseException]]


def error_text(exc: BaseException) -> str:
    return str(exc)[:ERROR_LIMIT]


class StepRunner:
    """Runs named steps against a `StepProgress`, remembering the one in progress so the
    caller's failure handling (which may span more than the steps: connecting, cleanup)
    marks the right step failed."""

    def __init__(
        self,
        progress: StepProgress,
        *,
        cancel: asyncio.Event | None = None,
        on_cancel: CancelHook | None = None,
    ) -> None:
        self.progress = progress
        self.current = progress.steps[0]["name"]
        # Set by whoever cancels the task on a user's request, so a cancellation can be
        # told apart from a worker shutting down (which must leave the row to a retry).
        self._cancel = cancel
        self._on_cancel = on_cancel

    async def run(self, name: str, call: StepCall) -> StepResult:
        self.current = name
        await self.progress.step(name, "running")
        result = await call()
        await self.progress.step(name, result.status, result.detail, **result.record)
        return result

    async def run_all(self, steps: Iterable[tuple[str, StepCall]]) -> None:
        """Each step in turn; a user's cancel (CancelledError with the cancel event set)
        becomes the exception `on_cancel` returns."""
        try:
            for name, call in steps:
                await self.run(name, call)
        except asyncio.CancelledError:
            if self._on_cancel is None or self._cancel is None or not self._cancel.is_set():
                raise
            # We handle this cancellation and go on (undo, record): clear the task's
            # cancelling state, or library timeouts ahead would read it as theirs.
            if (task := asyncio.current_task()) is not None:
                task.uncancel()
            await self.progress.quiesce()
            raise await self._on_cancel(self.current) from None

    async def failed(self, exc: BaseException, **record: Any) -> None:
        """Mark the current step failed with the error's message (cut to ERROR_LIMIT)."""
        await self.progress.step(self.current, "failed", error_text(exc), **record)
