"""The job kit's step runner against a real durable row: every job's steps are recorded
alike (running -> done / skipped / failed, details, extra columns, one error cut), and a
user's cancel ends the job with what the cancel hook undid."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.jobs.progress import StepProgress
from api.kit.jobs.steps import ERROR_LIMIT, StepCall, StepResult, StepRunner
from api.models import JobStatus, ServerSetup
from tests.factories.applications import create_server
from tests.factories.users import create_org


async def running_setup(session: AsyncSession) -> ServerSetup:
    org = await create_org(session)
    server = await create_server(session, org.id)
    setup = ServerSetup(
        organization_id=org.id,
        server_id=server.id,
        requested_by="test",
        status=JobStatus.running,
        attempts=1,
        steps=[],
    )
    session.add(setup)
    await session.flush()
    return setup


def progress_for(session: AsyncSession, setup: ServerSetup) -> StepProgress:
    return StepProgress(session, ServerSetup, setup.id, 1, ("first", "second", "third"))


def returning(result: StepResult) -> StepCall:
    async def call() -> StepResult:
        return result

    return call


async def stuck_in_first_step(runner: StepRunner) -> asyncio.Task[None]:
    """run_all on a first step that waits until cancelled; returns once it waits."""
    started = asyncio.Event()

    async def first() -> StepResult:
        started.set()
        await asyncio.sleep(30)
        return StepResult("never")

    task = asyncio.create_task(runner.run_all([("first", first)]))
    await asyncio.wait_for(started.wait(), 5)
    return task


async def test_steps_are_recorded_with_their_status_detail_and_columns(
    session: AsyncSession,
) -> None:
    setup = await running_setup(session)
    runner = StepRunner(progress_for(session, setup))

    skipped = StepResult("already there", "skipped", record={"error": "noted on the row"})
    await runner.run_all(
        [("first", returning(StepResult("made it"))), ("second", returning(skipped))]
    )
    await session.refresh(setup)
    assert [(s["name"], s["status"], s["detail"]) for s in setup.steps] == [
        ("first", "done", "made it"),
        ("second", "skipped", "already there"),
        ("third", "pending", ""),
    ]
    assert all("duration_ms" in s for s in setup.steps[:2])
    assert setup.error == "noted on the row"
    assert "second: skipped - already there" in setup.log


async def test_a_failure_marks_the_step_in_progress_with_the_error_cut(
    session: AsyncSession,
) -> None:
    setup = await running_setup(session)
    runner = StepRunner(progress_for(session, setup))

    async def second() -> StepResult:
        raise RuntimeError("x" * (ERROR_LIMIT + 500))

    ok = returning(StepResult("ok"))
    with pytest.raises(RuntimeError) as info:
        await runner.run_all([("first", ok), ("second", second), ("third", ok)])
    await runner.failed(info.value)
    await session.refresh(setup)
    assert [s["status"] for s in setup.steps] == ["done", "failed", "pending"]
    assert setup.steps[1]["detail"] == "x" * ERROR_LIMIT


async def test_a_users_cancel_ends_with_what_the_hook_undid(session: AsyncSession) -> None:
    setup = await running_setup(session)
    cancel = asyncio.Event()
    undone: list[str] = []

    async def undo(step: str) -> BaseException:
        undone.append(step)
        return RuntimeError(f"cancelled during {step}; stopped it")

    runner = StepRunner(progress_for(session, setup), cancel=cancel, on_cancel=undo)
    task = await stuck_in_first_step(runner)
    cancel.set()
    task.cancel()
    with pytest.raises(RuntimeError, match="cancelled during first; stopped it"):
        await asyncio.wait_for(task, 5)
    assert undone == ["first"]


async def test_a_cancel_without_the_users_request_stays_a_cancellation(
    session: AsyncSession,
) -> None:
    # A worker shutting down cancels too: that must leave the row to a retry, not undo.
    setup = await running_setup(session)
    undone: list[str] = []

    async def undo(step: str) -> BaseException:
        undone.append(step)
        return RuntimeError("must not be used")

    runner = StepRunner(progress_for(session, setup), cancel=asyncio.Event(), on_cancel=undo)
    task = await stuck_in_first_step(runner)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
    assert undone == []
