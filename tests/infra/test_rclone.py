"""The rclone adapter's own guarantees: obscured passwords rclone can read, and a config
file no value can add lines to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api.infra.rclone import Remote, describe_failure, obscure

RCLONE = str(Path(sys.executable).with_name("rclone"))


@pytest.mark.parametrize("password", ["simple", "p@ss w#rd;x = y", "ünïcødé", "a" * 300])
def test_obscured_passwords_are_what_rclone_reveals(password: str) -> None:
    revealed = subprocess.run(
        [RCLONE, "reveal", obscure(password)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert revealed.stdout.rstrip("\n") == password


def test_obscuring_twice_gives_two_texts() -> None:
    assert obscure("same") != obscure("same")  # a random IV each time


@pytest.mark.parametrize("value", ["x\ny = z", "x\r", " padded", "tab\there", "nul\x00"])
def test_a_value_with_control_characters_or_padding_is_refused(value: str) -> None:
    remote = Remote("s3", {"bucket_acl": value}, "bucket")
    with pytest.raises(ValueError, match="control character or padding"):
        remote.render("/run/berth")


def test_file_options_point_into_the_given_directory() -> None:
    remote = Remote("sftp", {"key_file": "{dir}/sftp_key"}, "backups", {"sftp_key": "KEY"})
    files = remote.render("/run/berth")
    assert "key_file = /run/berth/sftp_key" in files["rclone.conf"]
    assert files["sftp_key"] == "KEY"
    assert remote.path("db/1.dump") == "dest:backups/db/1.dump"
    assert Remote("ftp", {}, "").path("x") == "dest:x"


def test_failures_lose_timestamps_and_temporary_paths() -> None:
    stderr = (
        "2026/12/03 18:00:00 ERROR : x: Failed to copy: AccessDenied: no\n"
        "2026/12/03 18:00:00 ERROR : x: Failed to copy: AccessDenied: no\n"
        "2026/12/03 18:00:01 CRITICAL: open /srv/berth-rclone-abc/rclone.conf\n"
    )
    text = describe_failure(stderr, Path("/srv/berth-rclone-abc"))
    assert text == "x: Failed to copy: AccessDenied: no; open <config>/rclone.conf"
