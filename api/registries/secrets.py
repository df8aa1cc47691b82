"""Where a registry password is sealed and opened, and the header Docker wants it in."""

from __future__ import annotations

import base64
import json

from api.kit.crypto import Keyring, secret_hint
from api.models import Registry
from api.registries.references import server_address


def password_context(registry: Registry) -> str:
    # Bound to the row *and* its host: a blob copied to another registry, or left behind
    # when the address changes, no longer opens, so a password can only ever be sent to
    # the host it was entered for.
    return f"registry_password:{registry.id}:{registry.host}"


def seal_password(keyring: Keyring, registry: Registry, password: str) -> None:
    registry.password_encrypted = keyring.encrypt(password, context=password_context(registry))
    registry.password_hint = secret_hint(password)


def reveal_password(keyring: Keyring, registry: Registry) -> str:
    """Plaintext for a pull, a push or a check; never for a read API."""
    return keyring.decrypt(registry.password_encrypted, context=password_context(registry))


def encode_registry_auth(username: str, password: str, host: str) -> str:
    """The ``X-Registry-Auth`` value of the Engine API: base64url (padded) JSON."""
    document = {"username": username, "password": password, "serveraddress": server_address(host)}
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode()


def registry_auth(keyring: Keyring, registry: Registry) -> str:
    password = reveal_password(keyring, registry)
    return encode_registry_auth(registry.username, password, registry.host)
