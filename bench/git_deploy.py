"""The git + Dockerfile path of the deploy benchmark: checkout / build / release times,
with a cold build cache and a warm one.

The Dockerfile has the shape of a real app's: a slow step standing for the dependency
install (3 s of `sleep`: the busybox image has no package manager) after a COPY of the
dependency list, then the code. "Cold" changes the dependency list, so the slow step runs;
"warm" changes only the code, so it comes from the cache.

Called by bench.deploy on its warm host, after the image rounds.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Api
from tests.deployments.helpers import app_tree
from tests.testbed import Testbed
from tests.testbed.services import GitDaemon

STEPS = ("source", "build", "release", "converge")
DOCKERFILE = """\
FROM scratch
COPY rootfs/ /
COPY deps.txt /deps.txt
RUN ["/bin/busybox", "sh", "-c", "sleep 3 && cp /deps.txt /installed"]
COPY www/ /www/
EXPOSE 8080
CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
"""


def _tree(bed: Testbed, workdir: Path, page: str, deps: str) -> Path:
    tree = app_tree(bed, workdir, page, DOCKERFILE)
    (tree / "deps.txt").write_text(f"{deps}\n")
    return tree


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
    git.create_repo("bench", _tree(bed, workdir, "git 0", "deps 0"))
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
        # Cold: new dependencies, the slow step runs. Warm: only the code changed.
        git.commit("bench", _tree(bed, workdir, f"git {i} cold", f"deps {i + 1}"))
        figures.cold.append(await _deploy(api, app["id"], within))
        git.commit("bench", _tree(bed, workdir, f"git {i} warm", f"deps {i + 1}"))
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
        "(cold: the dependency step runs, 3 s of it a stand-in for an install; warm: only the\n"
        "code changed, the dependency layer comes from the cache); converge includes Swarm's\n"
        "monitor window."
    )
