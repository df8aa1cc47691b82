"""Every column holding an envelope-encrypted blob (see api.kit.crypto).

Key rotation walks this list, so a new secret column is registered here when added.
"""

from __future__ import annotations

from typing import Any

from api.models.application import Application
from api.models.application_variable import ApplicationVariable
from api.models.backup_key import BackupKey
from api.models.database import Database
from api.models.destination import Destination
from api.models.domain import Domain
from api.models.environment_variable import EnvironmentVariable
from api.models.registry import Registry
from api.models.server import Server

ENCRYPTED_COLUMNS: list[tuple[type[Any], str]] = [
    (Application, "deploy_key_encrypted"),
    (Application, "webhook_secret_encrypted"),
    (ApplicationVariable, "value_encrypted"),
    (EnvironmentVariable, "value_encrypted"),
    (Server, "private_key_encrypted"),
    (Registry, "password_encrypted"),
    (Domain, "private_key_encrypted"),
    (Database, "credentials_encrypted"),
    (Destination, "credentials_encrypted"),
    (BackupKey, "private_key_encrypted"),
]
