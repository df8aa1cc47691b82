"""SSH key material: generation, parsing and fingerprints (OpenSSH formats)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from api.kit.lazy import lazy_module

if TYPE_CHECKING:
    import asyncssh
else:
    asyncssh = lazy_module("asyncssh")


class InvalidKey(ValueError):
    pass


@dataclass(frozen=True)
class KeyPair:
    private_openssh: str
    public_openssh: str
    fingerprint: str


def generate_keypair(comment: str) -> KeyPair:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment)
    return _pair(key)


def parse_private_key(text: str) -> KeyPair:
    """Accepts an unencrypted OpenSSH or PEM private key; we never store passphrases."""
    try:
        key = asyncssh.import_private_key(text)
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise InvalidKey(f"not a usable private key: {exc}") from exc
    return _pair(key)


def parse_public_key(text: str) -> tuple[str, str]:
    """(normalised OpenSSH public key, SHA256 fingerprint)."""
    try:
        key = asyncssh.import_public_key(text)
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise InvalidKey(f"not a public key: {exc}") from exc
    return key.export_public_key("openssh").decode().strip(), key.get_fingerprint("sha256")


def _pair(key: asyncssh.SSHKey) -> KeyPair:
    return KeyPair(
        private_openssh=key.export_private_key("openssh").decode(),
        public_openssh=key.export_public_key("openssh").decode().strip(),
        fingerprint=key.get_fingerprint("sha256"),
    )
