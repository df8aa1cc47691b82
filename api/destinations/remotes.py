"""A destination rendered as an rclone remote, and where its credentials are sealed.

This is the one place that knows how each kind maps to rclone's options: the check
(`service.check`) and the backup pipeline on the server both call `remote_for`, so the
check exercises the very configuration a backup uses.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from api.destinations.schemas import (
    AzureSettings,
    DestinationSettings,
    FtpSettings,
    GcsSettings,
    S3Settings,
    SftpSettings,
)
from api.infra.rclone import Remote, obscure
from api.kit.crypto import Keyring
from api.models import Destination
from api.models.destination import FtpTls

_SETTINGS: TypeAdapter[DestinationSettings] = TypeAdapter(DestinationSettings)
KNOWN_HOSTS = "known_hosts"
SFTP_KEY = "sftp_key"
GCS_ACCOUNT = "gcs_service_account.json"


def credentials_context(destination: Destination) -> str:
    # Bound to the row *and* to every setting: a blob copied to another row, or kept when
    # the endpoint, bucket or host changes, no longer opens, so credentials only ever go
    # where they were entered for (an update must send them again).
    where = json.dumps(destination.settings, sort_keys=True, separators=(",", ":"))
    return f"destination_credentials:{destination.id}:{where}"


def seal_credentials(keyring: Keyring, destination: Destination, values: dict[str, Any]) -> None:
    present = {k: v for k, v in values.items() if v is not None}
    destination.credentials_encrypted = keyring.encrypt(
        json.dumps(present), context=credentials_context(destination)
    )
    destination.credentials_set = sorted(present)


def reveal_credentials(keyring: Keyring, destination: Destination) -> dict[str, str]:
    """Plaintext for a check or a backup; never for a read API."""
    opened = keyring.decrypt(
        destination.credentials_encrypted, context=credentials_context(destination)
    )
    values: dict[str, str] = json.loads(opened)
    return values


def settings_of(destination: Destination) -> DestinationSettings:
    return _SETTINGS.validate_python(destination.settings)


def remote_for(keyring: Keyring, destination: Destination) -> Remote:
    settings = settings_of(destination)
    return render(settings, reveal_credentials(keyring, destination), destination.host_key)


def render(settings: DestinationSettings, secrets: dict[str, str], host_key: str | None) -> Remote:
    if isinstance(settings, S3Settings):
        return _s3(settings, secrets)
    if isinstance(settings, GcsSettings):
        return _gcs(settings, secrets)
    if isinstance(settings, AzureSettings):
        return _azure(settings, secrets)
    if isinstance(settings, SftpSettings):
        return _sftp(settings, secrets, host_key)
    return _ftp(settings, secrets)


def _root(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def _s3(s: S3Settings, secrets: dict[str, str]) -> Remote:
    options = {
        "provider": "Other" if s.endpoint else "AWS",
        "env_auth": "false",
        "access_key_id": secrets["access_key_id"],
        "secret_access_key": secrets["secret_access_key"],
        "region": s.region,
        "force_path_style": "true" if s.path_style else "false",
        # Never create a bucket in someone's account: a missing one is a check failure.
        "no_check_bucket": "true",
    }
    if s.endpoint:
        options["endpoint"] = s.endpoint
    return Remote("s3", options, _root(s.bucket, s.prefix))


def _gcs(s: GcsSettings, secrets: dict[str, str]) -> Remote:
    options = {"env_auth": "false", "bucket_policy_only": "true", "no_check_bucket": "true"}
    files: dict[str, str] = {}
    account = secrets.get("service_account_json")
    if account:
        options["service_account_file"] = "{dir}/" + GCS_ACCOUNT
        files[GCS_ACCOUNT] = account
    else:
        # Without this, Google's client looks for credentials on its own (the metadata
        # address among them): an empty credential must mean anonymous, nothing else.
        options["anonymous"] = "true"
    if s.endpoint:
        options["endpoint"] = s.endpoint + "/storage/v1/"
    return Remote("google cloud storage", options, _root(s.bucket, s.prefix), files)


def _azure(s: AzureSettings, secrets: dict[str, str]) -> Remote:
    options = {"account": s.account, "env_auth": "false", "no_check_container": "true"}
    base = s.endpoint or f"https://{s.account}.blob.core.windows.net"
    if "key" in secrets:
        options["key"] = secrets["key"]
        if s.endpoint:
            options["endpoint"] = s.endpoint
    else:
        options["sas_url"] = f"{base}/{s.container}?{secrets['sas_token']}"
    return Remote("azureblob", options, _root(s.container, s.prefix))


def _sftp(s: SftpSettings, secrets: dict[str, str], host_key: str | None) -> Remote:
    if host_key is None:
        raise ValueError("an SFTP remote needs the pinned host key")
    # rclone's known_hosts lookups use "[host]:port" for non-default ports, like OpenSSH.
    name = s.host if s.port == 22 else f"[{s.host}]:{s.port}"
    files = {KNOWN_HOSTS: f"{name} {host_key}\n"}
    options = {
        "host": s.host,
        "port": str(s.port),
        "user": s.username,
        "known_hosts_file": "{dir}/" + KNOWN_HOSTS,
        # rclone would otherwise run md5sum/df over an exec channel: a limited SFTP-only
        # account refuses those, and we need nothing beyond the SFTP subsystem.
        "shell_type": "none",
        "disable_hashcheck": "true",
    }
    if "private_key" in secrets:
        options["key_file"] = "{dir}/" + SFTP_KEY
        files[SFTP_KEY] = secrets["private_key"]
    else:
        options["pass"] = obscure(secrets["password"])
        options["ask_password"] = "false"  # noqa: S105 - an rclone option, not a password
    return Remote("sftp", options, s.path, files)


def _ftp(s: FtpSettings, secrets: dict[str, str]) -> Remote:
    options = {
        "host": s.host,
        "port": str(s.port),
        "user": s.username,
        "pass": obscure(secrets["password"]),
    }
    if s.tls is FtpTls.explicit:
        options["explicit_tls"] = "true"
    elif s.tls is FtpTls.implicit:
        options["tls"] = "true"
    return Remote("ftp", options, s.path)
