"""The build command line: BuildKit through the CLI the server has, secrets only there."""

from __future__ import annotations

import pytest

from api.infra.builds import LEGACY_BUILDER, Builder, BuildSpec, parse_builder


def test_parses_the_probe_and_distrusts_anything_else() -> None:
    assert parse_builder("buildkit integrated /usr/bin/docker\n") == Builder(
        "/usr/bin/docker", buildkit=True, mode="integrated"
    )
    assert parse_builder("buildkit buildx /usr/local/bin/docker").mode == "buildx"
    assert parse_builder("legacy /usr/local/bin/docker") == Builder(
        "/usr/local/bin/docker", buildkit=False, mode="legacy"
    )
    for odd in ("", "legacy none", "buildkit buildx docker; rm -rf /", "buildkit magic /d"):
        assert parse_builder(odd) == LEGACY_BUILDER


def test_buildkit_builds_run_the_found_cli_with_plain_progress() -> None:
    builder = Builder("/usr/bin/docker", buildkit=True, mode="integrated")
    spec = BuildSpec(
        "/w/src",
        "/w/src/Dockerfile",
        "berth/a:1",
        builder=builder,
        secret_files={"TOKEN": "/w/secrets/TOKEN"},
    )
    argv = spec.argv()
    assert argv[4:9] == ["env", "DOCKER_BUILDKIT=1", "/usr/bin/docker", "build", "--progress=plain"]
    assert argv[-4:-2] == ["--secret", "id=TOKEN,src=/w/secrets/TOKEN"]
    assert argv[-2:] == ["--", "/w/src"]
    legacy = BuildSpec("/w/src", "/w/src/Dockerfile", "berth/a:1").argv()
    assert legacy[4:6] == ["docker", "build"]
    assert "DOCKER_BUILDKIT=1" not in legacy


def test_secrets_without_buildkit_are_refused() -> None:
    with pytest.raises(ValueError, match="need BuildKit"):
        BuildSpec("/w/src", "/w/src/Dockerfile", "t:1", secret_files={"TOKEN": "/w/s/TOKEN"})
