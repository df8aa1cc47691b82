from __future__ import annotations

import base64
import os
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli.keys import rotate_master_key
from api.environments.service import variable_context
from api.kit.crypto import (
    InvalidMasterKey,
    Keyring,
    SecretDecryptionError,
    generate_master_key,
    key_id,
    parse_master_key,
    secret_hint,
)
from api.kit.settings import Environment, SecuritySettings, Settings
from api.main import create_app
from api.models import EnvironmentVariable, Role
from api.models.encrypted import ENCRYPTED_COLUMNS
from tests.factories.projects import create_environment, create_project
from tests.factories.users import create_org, user_with_role

CONTEXT = "environment_variable:test:KEY"


def new_keyring() -> Keyring:
    return Keyring.from_encoded(generate_master_key())


def replace_part(blob: str, index: int, value: str) -> str:
    parts = blob.split(".")
    parts[index] = value
    return ".".join(parts)


def flip_middle_char(text: str) -> str:
    # A middle base64 character always maps to real bytes (the last one may be padding bits).
    i = len(text) // 2
    return text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1 :]


def test_round_trip() -> None:
    keyring = new_keyring()
    for plaintext in ("", "s3cr3t", "ünïcødé ✓", "x" * 65536):
        blob = keyring.encrypt(plaintext, context=CONTEXT)
        assert keyring.decrypt(blob, context=CONTEXT) == plaintext


def test_blob_names_its_key_and_hides_the_plaintext() -> None:
    keyring = new_keyring()
    blob = keyring.encrypt("hunter2-hunter2", context=CONTEXT)
    version, kid, _, _ = blob.split(".")
    assert version == "v1"
    assert kid == keyring.current_id == key_id(keyring.current)
    assert "hunter2" not in blob
    # Fresh data key and nonce per value: equal plaintexts give unrelated blobs.
    assert keyring.encrypt("hunter2-hunter2", context=CONTEXT) != blob


def test_wrong_master_key_fails_closed() -> None:
    blob = new_keyring().encrypt("value", context=CONTEXT)
    with pytest.raises(SecretDecryptionError, match="not configured"):
        new_keyring().decrypt(blob, context=CONTEXT)


def test_forged_key_id_fails_closed() -> None:
    # The blob claims the other key's id, but its data key was not wrapped by that key.
    keyring, other = new_keyring(), new_keyring()
    blob = replace_part(keyring.encrypt("value", context=CONTEXT), 1, other.current_id)
    with pytest.raises(SecretDecryptionError):
        other.decrypt(blob, context=CONTEXT)


@pytest.mark.parametrize("part", [2, 3], ids=["wrapped-key", "ciphertext"])
def test_tampered_blob_fails(part: int) -> None:
    keyring = new_keyring()
    blob = keyring.encrypt("value", context=CONTEXT)
    tampered = replace_part(blob, part, flip_middle_char(blob.split(".")[part]))
    with pytest.raises(SecretDecryptionError):
        keyring.decrypt(tampered, context=CONTEXT)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b.rsplit(".", 1)[0],
        lambda b: "v2" + b[2:],
        lambda b: b + ".extra",
        lambda b: replace_part(b, 2, ""),
        lambda b: replace_part(b, 2, "AAAA"),
        lambda b: replace_part(b, 3, ""),
        lambda b: replace_part(b, 3, "A"),
        lambda b: replace_part(b, 3, b.split(".")[3][:20]),
        lambda b: "not a blob",
    ],
    ids=[
        "missing-part",
        "unknown-version",
        "extra-part",
        "empty-wrapped-key",
        "short-wrapped-key",
        "empty-ciphertext",
        "bad-base64",
        "truncated-ciphertext",
        "garbage",
    ],
)
def test_malformed_blob_fails_with_decryption_error(mangle: Callable[[str], str]) -> None:
    keyring = new_keyring()
    blob = keyring.encrypt("value", context=CONTEXT)
    with pytest.raises(SecretDecryptionError):
        keyring.decrypt(mangle(blob), context=CONTEXT)


def test_context_mismatch_fails() -> None:
    keyring = new_keyring()
    blob = keyring.encrypt("value", context="environment_variable:env-a:KEY")
    with pytest.raises(SecretDecryptionError, match="tampered or moved"):
        keyring.decrypt(blob, context="environment_variable:env-b:KEY")
    with pytest.raises(SecretDecryptionError):
        keyring.decrypt(blob)


def test_rewrap_under_new_key_then_old_key_can_be_dropped() -> None:
    old = new_keyring()
    blob = old.encrypt("value", context=CONTEXT)
    new_key = parse_master_key(generate_master_key())
    rotating = Keyring(new_key, previous=(old.current,))

    assert rotating.needs_rewrap(blob)
    assert rotating.decrypt(blob, context=CONTEXT) == "value"  # old blobs still readable
    rewrapped = rotating.rewrap(blob)
    assert not rotating.needs_rewrap(rewrapped)
    assert rewrapped.split(".")[1] == key_id(new_key)
    assert rewrapped.split(".")[3] == blob.split(".")[3]  # ciphertext untouched
    assert rotating.rewrap(rewrapped) == rewrapped  # idempotent

    new_only = Keyring(new_key)
    assert new_only.decrypt(rewrapped, context=CONTEXT) == "value"
    with pytest.raises(SecretDecryptionError):
        new_only.decrypt(blob, context=CONTEXT)
    with pytest.raises(SecretDecryptionError):
        old.decrypt(rewrapped, context=CONTEXT)


def test_rewrap_without_the_old_key_fails_closed() -> None:
    blob = new_keyring().encrypt("value", context=CONTEXT)
    with pytest.raises(SecretDecryptionError):
        new_keyring().rewrap(blob)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "too-short",
        base64.urlsafe_b64encode(os.urandom(16)).decode(),
        base64.urlsafe_b64encode(os.urandom(33)).decode(),
        "é" * 43,
        "A",
    ],
    ids=["empty", "short", "16-bytes", "33-bytes", "non-ascii", "bad-padding"],
)
def test_invalid_master_key_is_rejected(encoded: str) -> None:
    with pytest.raises(InvalidMasterKey):
        parse_master_key(encoded)
    with pytest.raises(InvalidMasterKey):
        Keyring.from_encoded(generate_master_key(), [encoded])


def test_generated_master_key_parses_with_or_without_padding() -> None:
    encoded = generate_master_key()
    key = parse_master_key(encoded)
    assert len(key) == 32
    assert parse_master_key(f"  {encoded}=\n") == key


def test_app_refuses_to_boot_with_invalid_master_key() -> None:
    settings = Settings(
        env=Environment.test,
        log_level="WARNING",
        security=SecuritySettings(master_key=SecretStr("not-a-key")),
    )
    with pytest.raises(InvalidMasterKey):
        create_app(settings)


def test_secret_hint_never_reveals_short_secrets() -> None:
    assert secret_hint("") == "set"
    assert secret_hint("x" * 15) == "set"
    assert secret_hint("abcdefghijklmnopqrstuvwxyz") == "…xyz"


async def test_rotate_master_key_rewraps_every_stored_variable(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    app: FastAPI,
) -> None:
    org = await create_org(session)
    _, auth = await user_with_role(session, org, Role.member)
    project = await create_project(session, org)
    envs = [await create_environment(session, project, name) for name in ("a", "b")]
    values = {"DATABASE_URL": "postgres://u:p@db/app", "TOKEN": "t" * 40}
    for environment in envs:
        patched = await client.patch(
            f"/api/v1/environments/{environment.id}/variables",
            json={"variables": values},
            headers=auth,
        )
        assert patched.status_code == 200, patched.text

    async def blobs() -> dict[tuple[object, str], str]:
        rows = await session.execute(
            select(
                EnvironmentVariable.environment_id,
                EnvironmentVariable.key,
                EnvironmentVariable.value_encrypted,
            ).where(EnvironmentVariable.environment_id.in_([e.id for e in envs]))
        )
        return {(env_id, key): blob for env_id, key, blob in rows}

    before = await blobs()
    assert len(before) == 4
    visible = await session.scalar(select(func.count()).select_from(EnvironmentVariable))
    old: Keyring = app.state.keyring
    new_key = parse_master_key(generate_master_key())
    rotating = Keyring(new_key, previous=(old.current,))

    counts = await rotate_master_key(sessionmaker, rotating)

    assert counts["environment_variables.value_encrypted"] == visible
    assert set(counts) == {f"{m.__tablename__}.{c}" for m, c in ENCRYPTED_COLUMNS}
    after = await blobs()
    new_only = Keyring(new_key)
    for environment in envs:
        for key, plaintext in values.items():
            blob = after[(environment.id, key)]
            assert blob.split(".")[1] == key_id(new_key)
            assert blob.split(".")[3] == before[(environment.id, key)].split(".")[3]
            context = variable_context(environment.id, key)
            assert new_only.decrypt(blob, context=context) == plaintext
            with pytest.raises(SecretDecryptionError):
                old.decrypt(blob, context=context)

    # Resumable and idempotent: a second run finds nothing left to do.
    again = await rotate_master_key(sessionmaker, rotating)
    assert set(again.values()) == {0}
    assert await blobs() == after
