from __future__ import annotations

import os

import pytest
from pydantic import SecretStr, ValidationError

from api.kit.crypto import generate_master_key
from api.kit.settings import (
    DEV_SECRET_PREFIX,
    DatabaseSettings,
    Environment,
    SecuritySettings,
    Settings,
)

GOOD_SESSION_SECRET = "a-properly-random-session-secret-0123456789"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]) -> None:
    """Settings read the process environment and ./.env: start every test from neither."""
    for name in list(os.environ):
        if name.startswith("BERTH_") or name in {"DATABASE_URL", "REDIS_URL"}:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def good_security() -> SecuritySettings:
    return SecuritySettings(
        session_secret=SecretStr(GOOD_SESSION_SECRET),
        master_key=SecretStr(generate_master_key()),
    )


def test_production_refuses_default_session_secret() -> None:
    security = SecuritySettings(master_key=SecretStr(generate_master_key()))
    with pytest.raises(ValidationError, match="SESSION_SECRET must be set"):
        Settings(env=Environment.production, security=security)


def test_production_refuses_default_master_key() -> None:
    security = SecuritySettings(session_secret=SecretStr(GOOD_SESSION_SECRET))
    with pytest.raises(ValidationError, match="MASTER_KEY must be set"):
        Settings(env=Environment.production, security=security)


def test_production_refuses_short_session_secret() -> None:
    security = SecuritySettings(
        session_secret=SecretStr("x" * 31), master_key=SecretStr(generate_master_key())
    )
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(env=Environment.production, security=security)


def test_production_refuses_defaults_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BERTH_ENV", "production")
    with pytest.raises(ValidationError, match="must be set in production"):
        Settings()


def test_production_accepts_good_secrets() -> None:
    security = good_security()
    settings = Settings(env=Environment.production, security=security)
    assert settings.env is Environment.production
    assert settings.security.master_key == security.master_key


def test_production_accepts_good_secrets_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    master_key = generate_master_key()
    monkeypatch.setenv("BERTH_ENV", "production")
    monkeypatch.setenv("BERTH_SECURITY__SESSION_SECRET", GOOD_SESSION_SECRET)
    monkeypatch.setenv("BERTH_SECURITY__MASTER_KEY", master_key)
    settings = Settings()
    assert settings.env is Environment.production
    assert settings.security.master_key.get_secret_value() == master_key


def test_development_tolerates_default_secrets() -> None:
    settings = Settings()
    assert settings.env is Environment.development
    assert settings.security.session_secret.get_secret_value().startswith(DEV_SECRET_PREFIX)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_database_url_is_honoured_and_normalised_to_asyncpg(
    monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"{scheme}://berth:pw@db.internal:5432/berth")
    settings = Settings()
    assert settings.database.url == "postgresql+asyncpg://berth:pw@db.internal:5432/berth"


def test_database_url_keeps_an_explicit_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://berth@db/berth")
    assert Settings().database.url == "postgresql+asyncpg://berth@db/berth"


def test_berth_database_url_wins_over_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://conventional@db/berth")
    monkeypatch.setenv("BERTH_DATABASE__URL", "postgres://specific@db/berth")
    monkeypatch.setenv("BERTH_DATABASE__POOL_SIZE", "3")
    settings = Settings()
    assert settings.database.url == "postgresql+asyncpg://specific@db/berth"
    assert settings.database.pool_size == 3


def test_database_url_merges_with_other_database_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://conventional@db/berth")
    monkeypatch.setenv("BERTH_DATABASE__POOL_SIZE", "3")
    settings = Settings()
    assert settings.database.url == "postgresql+asyncpg://conventional@db/berth"
    assert settings.database.pool_size == 3


def test_explicit_database_settings_win_over_database_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test suite builds Settings this way: an exported DATABASE_URL must never
    # redirect it (and its migrations) to another database.
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere@prod-db/berth")
    monkeypatch.setenv("REDIS_URL", "redis://prod-redis:6379/0")
    settings = Settings(
        database=DatabaseSettings(url="postgresql+asyncpg://berth@127.0.0.1:1/test", pool_size=2)
    )
    assert settings.database.url == "postgresql+asyncpg://berth@127.0.0.1:1/test"
    assert settings.database.pool_size == 2
    assert settings.redis.url == "redis://prod-redis:6379/0"


def test_redis_url_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/2")
    assert Settings().redis.url == "redis://cache.internal:6379/2"
