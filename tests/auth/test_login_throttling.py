"""Nobody can lock an account's owner out (issue #10 item 4).

Clients that fail too often are refused (429 with Retry-After); an account alone is only
slowed. The counters live in the same real Redis every API process shares, and the owner
sees both their successful logins and the failures in their own security events.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator, MutableMapping
from typing import Any

import httpx
import pytest
import structlog
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import capture_logs

from api.auth import service as auth_service
from api.kit.crypto import keyring_from_settings
from api.kit.ratelimit import LoginLimits
from api.kit.settings import Settings
from api.main import create_app
from api.models import Role
from tests.factories.users import PASSWORD, add_member, create_org, create_user, user_with_role
from tests.support.problems import assert_problem

LOGIN = "/api/v1/auth/login"
EVENTS = "/api/v1/auth/security-events"
OWNER_ADDRESS = "203.0.113.7"  # the `client` fixture's address (tests/conftest.py)
ATTACKER_ADDRESS = "198.51.100.66"
FREE_FAILURES = 2
DELAY = 0.2
MAX_DELAY = 0.4
# asyncio may wake a sleeper up to its clock resolution early; the lower bounds below
# are deliberate sleeps, so they hold on any machine however slow.
SLACK = 0.05


@pytest.fixture
def throttled(app: FastAPI, settings: Settings) -> Settings:
    """Test settings with short per-account delays (5 failures per client, see conftest)."""
    security = settings.security.model_copy(
        update={
            "login_account_free_failures": FREE_FAILURES,
            "login_account_delay_seconds": DELAY,
            "login_account_max_delay_seconds": MAX_DELAY,
        }
    )
    app.state.settings = settings.model_copy(update={"security": security})
    limited: Settings = app.state.settings
    return limited


def client_from(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://berth.test")


@pytest.fixture
async def attacker(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_from(app, ATTACKER_ADDRESS) as client:
        yield client


@pytest.fixture
def auth_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MutableMapping[str, Any]]]:
    """What the login service logs. A fresh logger: the module's own was cached with the
    app's processors on first use, which capture_logs can't reach."""
    with capture_logs() as logs:
        monkeypatch.setattr(auth_service, "log", structlog.get_logger(auth_service.__name__))
        yield logs


def slowed(logs: list[MutableMapping[str, Any]], address: str) -> list[float]:
    """The delays the server imposed on one client's logins, in order."""
    return [
        e["delay_seconds"]
        for e in logs
        if e["event"] == "login slowed" and e["client_address"] == address
    ]


async def timed_login(
    client: httpx.AsyncClient, email: str, password: str, **kwargs: Any
) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await client.post(LOGIN, json={"email": email, "password": password}, **kwargs)
    return response, time.monotonic() - started


async def test_attacker_from_one_address_does_not_lock_the_owner_out(
    client: httpx.AsyncClient,
    attacker: httpx.AsyncClient,
    session: AsyncSession,
    throttled: Settings,
    auth_logs: list[MutableMapping[str, Any]],
) -> None:
    owner = await create_user(session)
    limit = throttled.security.login_max_failures_per_account_address

    durations: list[float] = []
    for i in range(limit):
        # A fresh X-Forwarded-For each time: ignored (BERTH_FORWARDED_ALLOW_IPS is empty).
        bad, took = await timed_login(
            attacker, owner.email, f"guess-{i}", headers={"X-Forwarded-For": f"192.0.2.{i}"}
        )
        assert bad.status_code == 401, bad.text
        durations.append(took)
    # Slowed, progressively: no wait for the first failures, then DELAY doubling to the cap.
    # Which attempts waited how long is in the log; that they really waited is the time
    # they took (a lower bound: password hashing only adds to it).
    expected = [DELAY, 2 * DELAY, MAX_DELAY]
    assert slowed(auth_logs, ATTACKER_ADDRESS) == expected
    for took, least in zip(durations, [0.0, 0.0, *expected], strict=True):
        assert took >= least - SLACK

    refused = await attacker.post(
        LOGIN,
        json={"email": owner.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.250"},
    )
    assert_problem(refused, 429, "too-many-requests")
    assert (
        0 < int(refused.headers["retry-after"]) <= throttled.security.login_failure_window_seconds
    )
    assert "from your address" in refused.json()["detail"]

    # The owner, from their own address, gets in: slowed by the attack, never refused.
    welcome, took = await timed_login(client, owner.email, PASSWORD)
    assert welcome.status_code == 200, welcome.text
    assert slowed(auth_logs, OWNER_ADDRESS) == [MAX_DELAY]
    assert took >= MAX_DELAY - SLACK
    # Their success gave nothing back to the attacker, who is still refused.
    again = await attacker.post(LOGIN, json={"email": owner.email, "password": PASSWORD})
    assert again.status_code == 429


async def test_owner_sees_own_logins_and_the_failures_in_security_events(
    client: httpx.AsyncClient,
    attacker: httpx.AsyncClient,
    session: AsyncSession,
    throttled: Settings,
) -> None:
    owner = await create_user(session)
    bystander = await create_user(session)
    for _ in range(3):
        await attacker.post(LOGIN, json={"email": owner.email, "password": "wrong"})
    await attacker.post(LOGIN, json={"email": bystander.email, "password": "wrong"})
    logged_in = await client.post(
        LOGIN,
        json={"email": owner.email, "password": PASSWORD},
        headers={"User-Agent": "owner-browser/1.0"},
    )
    assert logged_in.status_code == 200, logged_in.text

    listed = await client.get(EVENTS)

    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["pagination"]["total_count"] == 4
    events = page["items"]
    assert [e["action"] for e in events] == ["auth.login"] + ["auth.login_failed"] * 3
    success, *failures = events
    assert success["client_address"] == OWNER_ADDRESS
    assert success["actor_id"] == str(owner.id)
    assert success["data"]["user_agent"] == "owner-browser/1.0"
    for failure in failures:
        assert failure["client_address"] == ATTACKER_ADDRESS
        assert failure["actor_id"] is None  # whoever it was only claimed the address
        assert failure["target_id"] == str(owner.id)
        assert failure["data"]["reason"] == "wrong password"
    assert all("password" not in e["data"] for e in events)

    only_failures = await client.get(EVENTS, params={"action": "auth.login_failed"})
    assert only_failures.json()["pagination"]["total_count"] == 3


async def test_failures_are_recorded_although_the_login_is_refused(
    attacker: httpx.AsyncClient, session: AsyncSession, throttled: Settings
) -> None:
    """The 401 rolls nothing back that the owner must see (one commit, even on failure)."""
    owner = await create_user(session)
    bad = await attacker.post(LOGIN, json={"email": owner.email, "password": "wrong"})
    assert bad.status_code == 401

    ok = await attacker.post(LOGIN, json={"email": owner.email, "password": PASSWORD})
    assert ok.status_code == 200
    events = (await attacker.get(EVENTS)).json()["items"]
    assert [e["action"] for e in events] == ["auth.login", "auth.login_failed"]


async def test_security_events_are_personal_not_an_organisations(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    member = await create_user(session)
    org = await create_org(session)
    _, admin = await user_with_role(session, org, Role.admin)
    await add_member(session, org, member, Role.member)
    failed = await client.post(LOGIN, json={"email": member.email, "password": "x"})
    assert failed.status_code == 401
    ok = await client.post(LOGIN, json={"email": member.email, "password": PASSWORD})
    assert ok.status_code == 200
    assert (await client.get(EVENTS)).json()["pagination"]["total_count"] == 2

    # An organisation's log (admins) holds its changes, not its members' logins ...
    org_log = await client.get(f"/api/v1/organizations/{org.id}/audit-events", headers=admin)
    assert org_log.status_code == 200, org_log.text
    assert not [e for e in org_log.json()["items"] if e["action"].startswith("auth.login")]
    # ... and a token, which acts within one organisation, can't read a person's history.
    refused = await client.get(EVENTS, headers=admin)
    assert_problem(refused, 403, "permission-denied")


async def test_throttle_is_shared_by_every_api_process(
    app: FastAPI, session: AsyncSession, settings: Settings, throttled: Settings
) -> None:
    """A second app (another uvicorn worker) sharing only Redis and the database."""
    other = create_app(throttled)
    for name in ("engine", "sessionmaker", "arq", "redis", "connections"):
        setattr(other.state, name, getattr(app.state, name))
    other.state.keyring = keyring_from_settings(settings)
    owner = await create_user(session)
    limit = throttled.security.login_max_failures_per_account_address
    async with client_from(app, ATTACKER_ADDRESS) as first:
        for _ in range(limit):
            await first.post(LOGIN, json={"email": owner.email, "password": "wrong"})
    async with client_from(other, ATTACKER_ADDRESS) as second:
        refused = await second.post(LOGIN, json={"email": owner.email, "password": PASSWORD})
    assert refused.status_code == 429


def test_account_delay_doubles_after_the_free_failures_up_to_the_cap() -> None:
    limits = LoginLimits(
        window_seconds=900,
        max_failures_per_account_address=10,
        max_failures_per_address=50,
        account_free_failures=3,
        account_delay_seconds=0.5,
        account_max_delay_seconds=4.0,
    )
    delays = [limits.account_delay(n) for n in range(10)]
    assert delays == [0, 0, 0, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]
    assert limits.account_delay(10_000) == 4.0
