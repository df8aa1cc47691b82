"""The checkout script run for real with the machine's git: exact commits, and transports
that stay disabled even if a hostile URL got past validation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from api.infra.git import (
    MAX_SUBJECT,
    Checkout,
    parse_checkout_output,
    validate_ref,
    validate_repository_url,
)

GIT_ENV = {
    "PATH": "/usr/bin:/bin",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.test",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.test",
}


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    src = tmp_path / "src"
    src.mkdir()
    _git("init", "-q", "-b", "main", cwd=src)
    commits = []
    for n in range(2):
        (src / "page").write_text(f"{n}\n")
        _git("add", "page", cwd=src)
        _git("commit", "-qm", f"c{n}", cwd=src)
        commits.append(_git("rev-parse", "HEAD", cwd=src))
    return src, commits


def _run(checkout: Checkout) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        checkout.argv(), env=GIT_ENV, capture_output=True, text=True, timeout=60, check=False
    )


def test_checks_out_the_tip_or_exactly_the_commit(
    tmp_path: Path, repo: tuple[Path, list[str]]
) -> None:
    src, (first, second) = repo
    url = f"file://{src}"
    tip = _run(Checkout(url, "main", None, str(tmp_path / "w1"), allow_file=True))
    assert tip.returncode == 0, tip.stderr
    assert tip.stdout.strip().splitlines()[-1] == second
    pinned = _run(Checkout(url, "main", first, str(tmp_path / "w2"), allow_file=True))
    assert pinned.returncode == 0, pinned.stderr
    assert pinned.stdout.strip().splitlines()[-1] == first
    assert (tmp_path / "w2" / "page").read_text() == "0\n"


def test_file_transport_stays_off_unless_allowed(
    tmp_path: Path, repo: tuple[Path, list[str]]
) -> None:
    src, _ = repo
    refused = _run(Checkout(f"file://{src}", "main", None, str(tmp_path / "w")))
    assert refused.returncode != 0
    assert "transport 'file' not allowed" in refused.stderr


def test_ext_transport_never_runs_a_command(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    # Validation refuses this URL; the command line must refuse it too.
    with pytest.raises(ValueError, match="remote helpers"):
        validate_repository_url(f"ext::sh%-c%touch%{marker}")
    with pytest.raises(ValueError, match="spaces"):
        validate_repository_url(f"ext::sh -c touch% {marker}")
    result = _run(Checkout(f"ext::sh -c touch% {marker}", "main", None, str(tmp_path / "w")))
    assert result.returncode != 0
    assert not marker.exists()


def test_hostile_values_stay_arguments(tmp_path: Path, repo: tuple[Path, list[str]]) -> None:
    """A ref that git would accept but the shell would not: quoted, so it is only a ref."""
    src, _ = repo
    marker = tmp_path / "pwned"
    with pytest.raises(ValueError, match="letters, digits"):
        validate_ref(f"main;touch {marker}")
    result = _run(
        Checkout(
            f"file://{src}", f"main;touch {marker}", None, str(tmp_path / "w"), allow_file=True
        )
    )
    assert result.returncode != 0
    assert not marker.exists()


def test_deploy_key_command_is_ours_only(tmp_path: Path) -> None:
    checkout = Checkout(
        "git@git.example.com:team/app.git",
        "main",
        None,
        str(tmp_path / "src"),
        ssh_key_path=str(tmp_path / "deploy_key"),
    )
    command = checkout.ssh_command()
    assert command.startswith(f"ssh -i '{tmp_path / 'deploy_key'}' ")
    assert "StrictHostKeyChecking=accept-new" in command
    assert checkout.argv()[-1] == command
    assert Checkout("https://h/a.git", "main", None, str(tmp_path / "w")).ssh_command() == ""


def test_reports_the_commits_subject_and_author_cleaned(tmp_path: Path) -> None:
    """Subject and author are the committer's free text: one line, no control characters
    (a terminal escape, a carriage return), capped; a body never joins the subject."""
    src = tmp_path / "src"
    src.mkdir()
    _git("init", "-q", "-b", "main", cwd=src)
    (src / "page").write_text("x\n")
    _git("add", "page", cwd=src)
    subject = "Fix \x1b[31mred\x1b[0m\r berth-email evil@x ünïcode " + "long " * 100
    env = {**GIT_ENV, "GIT_AUTHOR_NAME": "Ada\tLovelace", "GIT_AUTHOR_EMAIL": "ada@example.test"}
    subprocess.run(
        [
            "git",
            "commit",
            "-q",
            "--cleanup=verbatim",
            "-m",
            subject,
            "-m",
            "body line\nberth-subject x",
        ],
        cwd=src,
        env=env,
        check=True,
    )
    # Bytes, decoded as the SSH connection does: text mode would turn the \r into a newline.
    result = subprocess.run(
        Checkout(f"file://{src}", "main", None, str(tmp_path / "w"), allow_file=True).argv(),
        env=GIT_ENV,
        capture_output=True,
        timeout=60,
        check=True,
    )
    checked_out = parse_checkout_output(result.stdout.decode(errors="replace"))
    assert checked_out.commit == _git("rev-parse", "HEAD", cwd=src)
    assert checked_out.subject is not None
    assert checked_out.subject.startswith("Fix [31mred[0m berth-email evil@x ünïcode long")
    assert len(checked_out.subject) == MAX_SUBJECT
    assert checked_out.subject.endswith("…")
    assert checked_out.author_name == "Ada Lovelace"
    assert checked_out.author_email == "ada@example.test"
