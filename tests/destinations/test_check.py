"""`POST /destinations/{id}/check` against the real storage servers of the test bed: the
probe object is written, read back and deleted through the pipeline's own rclone config,
and a failure carries the storage's own words."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.settings import BackupSettings
from tests.destinations.conftest import Admin, lab_backups
from tests.support.problems import assert_problem
from tests.testbed import Testbed
from tests.testbed.storage import AZURITE_ACCOUNT, AZURITE_KEY, Azurite, FakeGcs, Ftp, MotoS3

RCLONE = str(Path(sys.executable).with_name("rclone"))


@dataclass(frozen=True)
class Storage:
    bed: Testbed
    s3: MotoS3
    gcs: FakeGcs
    azure: Azurite
    ftp: Ftp
    bucket: str


def _rclone_raw(config: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """rclone with a config of the test's own, to look at a bucket from outside Berth."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rclone.conf"
        path.write_text(config)
        return subprocess.run(
            [RCLONE, "--config", str(path), *argv],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={"HOME": directory, "PATH": "/usr/bin:/bin"},
        )


@pytest.fixture(scope="module")
def storage(testbed: Testbed) -> Storage:
    s3 = testbed.ensure_service("s3-moto")
    gcs = testbed.ensure_service("gcs-fake")
    azure = testbed.ensure_service("azure-azurite")
    ftp = testbed.ensure_service("ftp")
    assert isinstance(s3, MotoS3)
    assert isinstance(gcs, FakeGcs)
    assert isinstance(azure, Azurite)
    assert isinstance(ftp, Ftp)
    bucket = f"bk-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(bucket)
    gcs.create_bucket(bucket)
    made = _rclone_raw(_azure_config(azure), "mkdir", f"az:{bucket}")
    assert made.returncode == 0, made.stderr
    return Storage(testbed, s3, gcs, azure, ftp, bucket)


def _azure_config(azure: Azurite) -> str:
    return (
        f"[az]\ntype = azureblob\naccount = {AZURITE_ACCOUNT}\nkey = {AZURITE_KEY}\n"
        f"endpoint = {azure.endpoint}\n"
    )


@pytest.fixture
def backup_settings(storage: Storage) -> BackupSettings:
    # The FTP server's certificate comes from a per-run CA: trusted, never skipped.
    return lab_backups(ca_file=storage.ftp.ca_file)


def _s3(storage: Storage, **overrides: Any) -> dict[str, Any]:
    return {
        "kind": "s3",
        "endpoint": storage.s3.endpoint,
        "bucket": storage.bucket,
        "prefix": "checks/s3",
        "path_style": True,
        "credentials": {"access_key_id": "AKIDTEST", "secret_access_key": "SECRETTEST"},
    } | overrides


def _s3_keys(storage: Storage) -> list[str]:
    config = (
        "[s3]\ntype = s3\nprovider = Other\nenv_auth = false\naccess_key_id = a\n"
        f"secret_access_key = b\nendpoint = {storage.s3.endpoint}\nforce_path_style = true\n"
    )
    listed = _rclone_raw(config, "lsf", "-R", f"s3:{storage.bucket}")
    assert listed.returncode == 0, listed.stderr
    return listed.stdout.split()


async def test_s3_check_writes_reads_and_deletes_its_probe(admin: Admin, storage: Storage) -> None:
    destination = await admin.add(_s3(storage))
    response = await admin.check(destination["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    assert body["probe_object"].startswith(".berth-check-")
    assert "wrote, read back and deleted" in body["detail"]
    assert not [k for k in _s3_keys(storage) if ".berth-check-" in k]  # nothing left behind


async def test_a_missing_bucket_fails_with_the_storages_own_words(
    admin: Admin, storage: Storage
) -> None:
    destination = await admin.add(_s3(storage, bucket="no-such-bucket-here"))
    body = assert_problem(await admin.check(destination["id"]), 502, "destination-check-failed")
    assert "writing a probe object failed" in body["detail"]
    assert "NoSuchBucket" in body["detail"], body["detail"]
    assert "<config>" not in body["detail"] or "rclone.conf" not in body["detail"]


async def test_an_endpoint_where_nothing_listens_fails_with_the_reason(
    admin: Admin, storage: Storage
) -> None:
    endpoint = f"http://{storage.bed.gateway}:{_refused_port(storage.bed.gateway)}"
    destination = await admin.add(_s3(storage, endpoint=endpoint))
    body = assert_problem(await admin.check(destination["id"]), 502, "destination-check-failed")
    assert "connection refused" in body["detail"].lower(), body["detail"]


@pytest.mark.parametrize("backup_settings", [lab_backups(allowed_private_networks=[])])
async def test_a_name_resolving_into_a_refused_network_is_refused_at_check_time(
    admin: Admin, storage: Storage, backup_settings: BackupSettings
) -> None:
    # Allowed when created (a name is not judged by its text), refused when it resolves
    # to loopback, which this policy does not list.
    destination = await admin.add(_s3(storage, endpoint="http://localhost:9000"))
    assert_problem(await admin.check(destination["id"]), 422, "destination-address-refused")


async def test_gcs_check_against_fake_gcs_server(admin: Admin, storage: Storage) -> None:
    destination = await admin.add(
        {
            "kind": "gcs",
            "bucket": storage.bucket,
            "prefix": "checks/gcs",
            "endpoint": storage.gcs.endpoint,
        }
    )
    response = await admin.check(destination["id"])
    assert response.status_code == 200, response.text


async def test_azure_check_against_azurite(admin: Admin, storage: Storage) -> None:
    destination = await admin.add(
        {
            "kind": "azure",
            "account": AZURITE_ACCOUNT,
            "container": storage.bucket,
            "prefix": "checks/azure",
            "endpoint": storage.azure.endpoint,
            "credentials": {"key": AZURITE_KEY},
        }
    )
    response = await admin.check(destination["id"])
    assert response.status_code == 200, response.text
    listed = _rclone_raw(_azure_config(storage.azure), "lsf", "-R", f"az:{storage.bucket}")
    assert ".berth-check-" not in listed.stdout


async def test_azure_with_a_wrong_key_fails_with_azures_words(
    admin: Admin, storage: Storage
) -> None:
    wrong = "A" * 86 + "=="
    destination = await admin.add(
        {
            "kind": "azure",
            "account": AZURITE_ACCOUNT,
            "container": storage.bucket,
            "endpoint": storage.azure.endpoint,
            "credentials": {"key": wrong},
        }
    )
    body = assert_problem(await admin.check(destination["id"]), 502, "destination-check-failed")
    assert "AuthorizationFailure" in body["detail"] or "403" in body["detail"], body["detail"]


async def test_ftp_with_explicit_tls(admin: Admin, storage: Storage) -> None:
    destination = await admin.add(
        {
            "kind": "ftp",
            "host": storage.bed.gateway,
            "port": storage.ftp.port,
            "username": storage.ftp.username,
            "path": "checks/ftp",
            "tls": "explicit",
            "credentials": {"password": storage.ftp.password},
        }
    )
    response = await admin.check(destination["id"])
    assert response.status_code == 200, response.text
    left = list((storage.ftp.home / "checks" / "ftp").glob(".berth-check-*"))
    assert left == []


async def test_ftp_with_a_wrong_password_fails_with_the_servers_words(
    admin: Admin, storage: Storage
) -> None:
    destination = await admin.add(
        {
            "kind": "ftp",
            "host": storage.bed.gateway,
            "port": storage.ftp.port,
            "username": storage.ftp.username,
            "credentials": {"password": "wrong"},
        }
    )
    body = assert_problem(await admin.check(destination["id"]), 502, "destination-check-failed")
    assert "530" in body["detail"] or "Authentication failed" in body["detail"], body["detail"]


async def test_sftp_pins_the_host_key_then_checks(
    admin: Admin, storage: Storage, session: AsyncSession
) -> None:
    host = storage.bed.host(1)
    key = await asyncio.to_thread(Path(host.client_key).read_text)
    destination = await admin.add(
        {
            "kind": "sftp",
            "host": host.ip,
            "username": host.deploy_user,
            "path": "berth-checks",
            "credentials": {"private_key": key},
        }
    )
    path = f"/destinations/{destination['id']}"
    scanned = await admin.request("POST", f"{path}/host-key/scan")
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["host_key_state"] == "pending"
    assert scanned.json()["pending_host_key_fingerprint"] == host.fingerprint
    assert_problem(
        await admin.request(
            "POST", f"{path}/host-key/confirm", json={"fingerprint": "SHA256:not-this-one"}
        ),
        409,
        "destination-host-key-mismatch",
    )
    confirmed = await admin.request(
        "POST", f"{path}/host-key/confirm", json={"fingerprint": host.fingerprint}
    )
    assert confirmed.json()["host_key_state"] == "trusted"
    response = await admin.check(destination["id"])
    assert response.status_code == 200, response.text
    left = host.run(["sh", "-c", f"ls -A /home/{host.deploy_user}/berth-checks || true"])
    assert ".berth-check-" not in left.stdout


async def test_sftp_refuses_a_server_presenting_another_key(admin: Admin, storage: Storage) -> None:
    """The pinned key is what rclone trusts: a different server key fails the check."""
    host, other = storage.bed.host(1), storage.bed.host(2)
    key = await asyncio.to_thread(Path(host.client_key).read_text)
    destination = await admin.add(
        {
            "kind": "sftp",
            "host": host.ip,
            "username": host.deploy_user,
            "credentials": {"private_key": key},
        }
    )
    path = f"/destinations/{destination['id']}"
    await admin.request("POST", f"{path}/host-key/scan")
    await admin.request("POST", f"{path}/host-key/confirm", json={"fingerprint": host.fingerprint})
    # Same settings, but the server now answering at that name is host 2: re-point by
    # replacing the settings would forget the key, so swap the pinned key in the row.
    moved = await admin.request(
        "PATCH",
        path,
        json={
            "spec": {
                "kind": "sftp",
                "host": other.ip,
                "username": host.deploy_user,
                "credentials": {"private_key": key},
            }
        },
    )
    assert moved.json()["host_key_state"] == "unknown"  # another machine: key forgotten
    assert_problem(await admin.check(destination["id"]), 409, "destination-host-key-unconfirmed")


def _refused_port(address: str) -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


async def test_a_changed_server_key_fails_the_check_until_confirmed_again(
    admin: Admin, storage: Storage
) -> None:
    """rclone trusts exactly the pinned key: a server that now presents another one (a
    reinstall, or someone in the middle) fails, and a scan shows it as `changed`."""
    host = storage.bed.host(2)
    key = await asyncio.to_thread(Path(host.client_key).read_text)
    destination = await admin.add(
        {
            "kind": "sftp",
            "host": host.ip,
            "username": host.deploy_user,
            "path": "berth-checks",
            "credentials": {"private_key": key},
        }
    )
    path = f"/destinations/{destination['id']}"
    await admin.request("POST", f"{path}/host-key/scan")
    old = host.fingerprint
    await admin.request("POST", f"{path}/host-key/confirm", json={"fingerprint": old})
    assert (await admin.check(destination["id"])).status_code == 200

    await asyncio.to_thread(storage.bed.regenerate_host_key, host)
    body = assert_problem(await admin.check(destination["id"]), 502, "destination-check-failed")
    assert "key" in body["detail"].lower(), body["detail"]

    rescanned = (await admin.request("POST", f"{path}/host-key/scan")).json()
    assert rescanned["host_key_state"] == "changed"
    assert rescanned["host_key_fingerprint"] == old
    assert rescanned["pending_host_key_fingerprint"] == host.fingerprint != old
    await admin.request("POST", f"{path}/host-key/confirm", json={"fingerprint": host.fingerprint})
    assert (await admin.check(destination["id"])).status_code == 200


async def test_sftp_with_a_password(admin: Admin, storage: Storage) -> None:
    """Password logins reach rclone obscured in the config file; a wrong one is refused
    with the server's answer (the test hosts accept keys only)."""
    host = storage.bed.host(1)
    destination = await admin.add(
        {
            "kind": "sftp",
            "host": host.ip,
            "username": host.deploy_user,
            "credentials": {"password": "not-the-password"},
        }
    )
    path = f"/destinations/{destination['id']}"
    await admin.request("POST", f"{path}/host-key/scan")
    await admin.request("POST", f"{path}/host-key/confirm", json={"fingerprint": host.fingerprint})
    body = assert_problem(await admin.check(destination["id"]), 502, "destination-check-failed")
    assert "unable to authenticate" in body["detail"].lower() or "auth" in body["detail"].lower()
