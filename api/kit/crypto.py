"""Envelope encryption for secrets at rest.

Each value gets its own random data key (AES-256-GCM); the data key is wrapped by the
master key (AES-256-GCM too). Rotating the master key re-wraps data keys only, never the
values. A blob names the master key that wrapped it (a fingerprint), so a wrong or missing
key fails closed with a clear error instead of returning garbage.

Blob format (ASCII): ``v1.<kid>.<b64 wrap nonce+wrapped key>.<b64 nonce+ciphertext>``
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:
    from api.kit.settings import Settings

_VERSION = "v1"
_NONCE = 12


class SecretDecryptionError(Exception):
    """The blob cannot be opened with the configured keys (wrong key, tampering, bad blob)."""


class InvalidMasterKey(ValueError):
    pass


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_master_key(encoded: str) -> bytes:
    try:
        key = _b64d(encoded.strip())
    except (binascii.Error, ValueError) as exc:
        raise InvalidMasterKey("master key must be base64url-encoded") from exc
    if len(key) != 32:
        raise InvalidMasterKey(f"master key must decode to 32 bytes, got {len(key)}")
    return key


def generate_master_key() -> str:
    return _b64e(os.urandom(32))


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"berth-kek" + key).hexdigest()[:12]


@dataclass(frozen=True)
class Keyring:
    """The current master key plus older ones still accepted for unwrapping."""

    current: bytes
    previous: tuple[bytes, ...] = ()

    @classmethod
    def from_encoded(cls, current: str, previous: Sequence[str] = ()) -> Keyring:
        return cls(parse_master_key(current), tuple(parse_master_key(p) for p in previous))

    @property
    def current_id(self) -> str:
        return key_id(self.current)

    def _key_for(self, kid: str) -> bytes:
        for key in (self.current, *self.previous):
            if key_id(key) == kid:
                return key
        raise SecretDecryptionError(
            f"secret was encrypted with master key {kid}, which is not configured"
        )

    def encrypt(self, plaintext: str, *, context: str = "") -> str:
        """`context` binds the blob to where it is stored (AAD), so blobs can't be swapped."""
        data_key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(_NONCE)
        body = nonce + AESGCM(data_key).encrypt(nonce, plaintext.encode(), context.encode())
        return ".".join((_VERSION, self.current_id, self._wrap(data_key), _b64e(body)))

    def decrypt(self, blob: str, *, context: str = "") -> str:
        kid, wrapped, body = self._split(blob)
        data_key = self._unwrap(self._key_for(kid), wrapped)
        try:
            raw = _b64d(body)
            plain = AESGCM(data_key).decrypt(raw[:_NONCE], raw[_NONCE:], context.encode())
        except (InvalidTag, ValueError) as exc:  # ValueError: truncated or bad base64
            raise SecretDecryptionError("secret failed authentication (tampered or moved)") from exc
        return plain.decode()

    def rewrap(self, blob: str) -> str:
        """Re-wrap the data key under the current master key; the ciphertext is untouched."""
        kid, wrapped, body = self._split(blob)
        if kid == self.current_id:
            return blob
        data_key = self._unwrap(self._key_for(kid), wrapped)
        return ".".join((_VERSION, self.current_id, self._wrap(data_key), body))

    def needs_rewrap(self, blob: str) -> bool:
        return self._split(blob)[0] != self.current_id

    def _wrap(self, data_key: bytes) -> str:
        nonce = os.urandom(_NONCE)
        return _b64e(nonce + AESGCM(self.current).encrypt(nonce, data_key, b"berth-dek"))

    @staticmethod
    def _unwrap(master: bytes, wrapped: str) -> bytes:
        try:
            raw = _b64d(wrapped)
            return AESGCM(master).decrypt(raw[:_NONCE], raw[_NONCE:], b"berth-dek")
        except (InvalidTag, ValueError) as exc:  # ValueError: truncated or bad base64
            raise SecretDecryptionError("data key failed authentication") from exc

    @staticmethod
    def _split(blob: str) -> tuple[str, str, str]:
        parts = blob.split(".")
        if len(parts) != 4 or parts[0] != _VERSION:
            raise SecretDecryptionError("not a Berth secret blob")
        return parts[1], parts[2], parts[3]


def secret_hint(value: str) -> str:
    """What read APIs may show of a secret: its length class and, if long, its last 3 chars."""
    if len(value) >= 16:
        return "…" + value[-3:]
    return "set"


def keyring_from_settings(settings: Settings) -> Keyring:
    sec = settings.security
    return Keyring.from_encoded(
        sec.master_key.get_secret_value(),
        [k.get_secret_value() for k in sec.previous_master_keys],
    )
