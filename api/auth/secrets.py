"""Opaque bearer secrets (session cookies, CSRF tokens, API tokens): random, stored hashed.

They carry 256 bits of entropy, so a fast hash (SHA-256) is the right storage: unlike
passwords there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

API_TOKEN_PREFIX = "berth_"  # noqa: S105 - a public prefix, not a secret


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


def secrets_match(value: str, expected_hash: bytes) -> bool:
    return hmac.compare_digest(hash_secret(value), expected_hash)
