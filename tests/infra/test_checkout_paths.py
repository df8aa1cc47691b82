"""The confinement script run for real with the machine's sh, on checkouts laid out here:
links anywhere on a path are refused, sizes are measured without following links, and an
optional file may be absent but never a link."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from api.infra import builds
from api.infra.checkout_paths import (
    RepositoryPath,
    RepositoryPathRefused,
    ResolvedPath,
    format_bytes,
    parse_resolved,
    resolve_argv,
)


def _resolve(root: Path, *paths: RepositoryPath) -> list[ResolvedPath]:
    done = subprocess.run(
        resolve_argv(str(root), paths), capture_output=True, text=True, timeout=30, check=True
    )
    return parse_resolved(str(root), paths, done.stdout)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    (root / "app" / "docker").mkdir(parents=True)
    (root / "app" / "Dockerfile").write_text("FROM scratch\n")
    (root / "app" / "docker" / "Dockerfile.prod").write_text("FROM scratch\n")
    (root / "app" / "data").write_bytes(b"x" * 5000)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("s3cret\n")
    (outside / "big").write_bytes(b"y" * 100_000)
    return root


def test_resolves_real_paths_and_measures_the_context(checkout: Path) -> None:
    context, dockerfile, ignore = _resolve(
        checkout,
        RepositoryPath("the build context", "app", "dir", measure=True),
        RepositoryPath("the Dockerfile", "app/docker/Dockerfile.prod", "file"),
        RepositoryPath("the ignore file", "app/.dockerignore", "file", optional=True),
    )
    assert context.absolute == str(checkout.resolve() / "app")
    assert context.size_bytes is not None
    assert 5000 <= context.size_bytes < 50_000
    assert dockerfile.absolute == str(checkout.resolve() / "app/docker/Dockerfile.prod")
    assert ignore.absolute is None


@pytest.mark.parametrize(
    ("link", "target", "path", "kind", "message"),
    [
        ("app/Dockerfile", "/etc/passwd", "app/Dockerfile", "file", "'app/Dockerfile' is a symb"),
        ("app/docker", "../../outside", "app/docker/secret", "file", "'app/docker' is a symb"),
        ("app", "../outside", "app", "dir", "the path 'app' is a symbolic link"),
        # A link that stays inside is refused too: a path is read as committed, or not at all.
        ("app/docker", ".", "app/docker/Dockerfile", "file", "'app/docker' is a symbolic"),
        ("app/.dockerignore", "/etc/shadow", "app/.dockerignore", "file", "is a symbolic"),
    ],
)
def test_a_link_anywhere_on_the_path_is_refused(
    checkout: Path, link: str, target: str, path: str, kind: str, message: str
) -> None:
    where = checkout / link
    if where.is_dir():
        for child in sorted(where.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() else child.unlink()
        where.rmdir()
    elif where.exists():
        where.unlink()
    where.symlink_to(target)
    with pytest.raises(RepositoryPathRefused, match=message) as refused:
        _resolve(checkout, RepositoryPath("the path", path, kind, optional=True))  # type: ignore[arg-type]
    assert "s3cret" not in str(refused.value)


def test_the_wrong_kind_or_a_missing_path_is_refused(checkout: Path) -> None:
    with pytest.raises(RepositoryPathRefused, match="'app/data' is not a directory"):
        _resolve(checkout, RepositoryPath("the build context", "app/data", "dir"))
    with pytest.raises(RepositoryPathRefused, match="'app/docker' is not a regular file"):
        _resolve(checkout, RepositoryPath("the Dockerfile", "app/docker", "file"))
    with pytest.raises(RepositoryPathRefused, match="'app/nope/Dockerfile': 'app/nope' does not"):
        _resolve(checkout, RepositoryPath("the Dockerfile", "app/nope/Dockerfile", "file"))


def test_links_inside_a_measured_tree_are_not_followed(checkout: Path) -> None:
    (checkout / "app" / "big").symlink_to(checkout.parent / "outside" / "big")
    (context,) = _resolve(checkout, RepositoryPath("the build context", "app", "dir", measure=True))
    assert context.size_bytes is not None
    assert context.size_bytes < 100_000


def test_build_inputs_and_the_context_cap(checkout: Path) -> None:
    paths = builds.input_paths("app", ".", "docker/Dockerfile.prod")
    assert [p.path for p in paths] == [
        "app",
        "app",
        "app/docker/Dockerfile.prod",
        "app/.dockerignore",
        "app/docker/Dockerfile.prod.dockerignore",
    ]
    _, context, *_ = _resolve(checkout, *paths)
    assert context.size_bytes is not None
    builds.check_context_size(context, context.size_bytes)
    with pytest.raises(RepositoryPathRefused, match="over the limit of 1000 bytes set by"):
        builds.check_context_size(context, 1000)
    assert format_bytes(3 * 1024 * 1024) == "3.0 MiB"


def test_values_stay_arguments(tmp_path: Path, checkout: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(ValueError, match="letters, digits"):
        RepositoryPath("the Dockerfile", f"$(touch {marker})", "file")
    assert not marker.exists()
