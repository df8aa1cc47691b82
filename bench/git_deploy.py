"""The git + Dockerfile path of the deploy benchmark: checkout / build / release times,
with a cold build cache (pruned on the host first) and a warm one (only the page changed).

Called by bench.deploy on its warm host, after the image rounds.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.deployments.helpers import app_tree
from tests.testbed import Testbed
from tests.testbed.services import GitDaemon

if TYPE_CHECKING:
    from bench.deploy import Api

STEPS = ("source", "build", "release", "converge")


@dataclass
class GitFigures:
    cold: list[dict[str, float]] = field(default_factory=list)
    warm: list[dict[str, float]] = field(default_factory=list)


async def _deploy(api: Api, app_id: str, within: float) -> dict[str, float]:
    deployment = await api("POST", f"/applications/{app_id}/deployments", json={})
    done = await api.settled(f"/deployments/{deployment['id']}", within)
    if done["outcome"] != "released":
        raise RuntimeError(f"git deployment failed: {done['error']}")
    return {s["name"]: s["duration_ms"] / 1000 for s in done["steps"]}


async def measure_git(
    api: Api,
    bed: Testbed,
    workdir: Path,
    environment_id: str,
    server_id: str,
    rounds: int,
    within: float,
) -> GitFigures:
    git = bed.services["git"]
    assert isinstance(git, GitDaemon)
    host = bed.host(1)
    git.create_repo("bench", app_tree(bed, workdir, "git 0"))
    app = await api(
        "POST",
        f"/environments/{environment_id}/applications",
        json={
            "name": "gitweb",
            "server_id": server_id,
            "source": {"type": "git", "repository": git.url("bench"), "ref": "main"},
            "runtime": {"port": 8080},
        },
    )
    figures = GitFigures()
    for i in range(rounds):
        # Cold: nothing cached (the test bed's own image build would otherwise be reused).
        await asyncio.to_thread(host.docker, ["builder", "prune", "-af"], timeout=120)
        git.commit("bench", app_tree(bed, workdir, f"git {i} cold"))
        figures.cold.append(await _deploy(api, app["id"], within))
        git.commit("bench", app_tree(bed, workdir, f"git {i} warm"))
        figures.warm.append(await _deploy(api, app["id"], within))
        cold, warm = figures.cold[-1], figures.warm[-1]
        print(
            f"  git {i + 1}/{rounds}: build cold {cold['build']:.2f}s warm {warm['build']:.2f}s",
            file=sys.stderr,
        )
    return figures


def report_git(figures: GitFigures) -> None:
    print()
    print(f"git + Dockerfile path ({len(figures.cold)} rounds; median seconds per step)")
    print(f"{'step':<12} {'cold cache':>12} {'warm cache':>12}")
    for step in STEPS:
        cold = statistics.median(f[step] for f in figures.cold)
        warm = statistics.median(f[step] for f in figures.warm)
        print(f"{step:<12} {cold:>12.2f} {warm:>12.2f}")
    total_cold = statistics.median(sum(f.values()) for f in figures.cold)
    total_warm = statistics.median(sum(f.values()) for f in figures.warm)
    print(f"{'total':<12} {total_cold:>12.2f} {total_warm:>12.2f}")
    print(
        "source = shallow fetch of one commit on the server; build = `docker build` there\n"
        "(cold: builder cache pruned first); converge includes Swarm's monitor window."
    )
