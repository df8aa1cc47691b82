"""Sending one message to one channel, and what the answer means for retrying.

The provider's own words (its status and body) are kept verbatim in the result: a test
send shows them to the user, and the delivery log records them, because "it failed" alone
is what users of other platforms complain about.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Literal

from api.infra import outbound, tls
from api.kit.settings import NotificationSettings
from api.models import ChannelKind
from api.models.base import utcnow
from api.notifications import render

Outcome = Literal["delivered", "retry", "failed"]

SIGNATURE_HEADER = "X-Berth-Signature"
TIMESTAMP_HEADER = "X-Berth-Timestamp"
# A receiver should refuse a signature older than this: a captured request replayed later
# carries its old timestamp, which is inside the signed bytes.
SIGNATURE_TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    error: str | None = None
    status_code: int | None = None
    retry_after: float | None = None
    duration_ms: int | None = None


def policy(settings: NotificationSettings) -> outbound.AddressPolicy:
    return outbound.AddressPolicy(
        allowed_private=tuple(settings.allowed_private_networks),
        allow_insecure=settings.allow_insecure_transport,
    )


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`v1=<hex HMAC-SHA256(secret, "<timestamp>." + body)>`: the timestamp is signed too,
    so it cannot be changed to make an old request look fresh."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify_signature(
    secret: str, timestamp: str, signature: str, body: bytes, *, now: float | None = None
) -> bool:
    """What a receiver does (documented for them; the tests' receivers use it)."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


async def send(
    kind: ChannelKind,
    config: dict[str, Any],
    secrets: dict[str, str],
    message: render.Message,
    *,
    delivery_id: str,
    payload: dict[str, Any],
    settings: NotificationSettings,
) -> SendResult:
    rules = policy(settings)
    timeout = settings.timeout_seconds
    try:
        if kind is ChannelKind.email:
            return await _send_email(
                config, secrets, message, rules, timeout, tls.trust(settings.ca_file)
            )
        url, body, headers = _http_request(kind, config, secrets, message, delivery_id, payload)
        if kind is ChannelKind.telegram:
            # The token is in the path: the URL is as secret as the token.
            url = f"{settings.telegram_api_base.rstrip('/')}/bot{secrets['bot_token']}/sendMessage"
        answer = await outbound.post(
            url,
            content=body,
            headers=headers,
            policy=rules,
            timeout=timeout,
            verify=tls.trust(settings.ca_file),
        )
    except outbound.AddressRefused as exc:
        return SendResult("failed", error=str(exc))
    except outbound.SmtpRefused as exc:
        return SendResult("failed" if exc.permanent else "retry", error=str(exc))
    except outbound.OutboundError as exc:
        return SendResult("retry", error=str(exc))
    return _judge(answer)


def _http_request(
    kind: ChannelKind,
    config: dict[str, Any],
    secrets: dict[str, str],
    message: render.Message,
    delivery_id: str,
    payload: dict[str, Any],
) -> tuple[str, bytes, dict[str, str]]:
    headers = {"Content-Type": "application/json", "User-Agent": "Berth-Notifications/1"}
    match kind:
        case ChannelKind.slack:
            return secrets["webhook_url"], render.slack_body(message), headers
        case ChannelKind.discord:
            return secrets["webhook_url"], render.discord_body(message), headers
        case ChannelKind.telegram:
            return "", render.telegram_body(message, str(config["chat_id"])), headers
        case ChannelKind.webhook:
            body = render.webhook_body(message, delivery_id, payload)
            timestamp = int(time.time())
            headers |= {
                "X-Berth-Event": message.type,
                # The same id on every retry of one delivery: receivers deduplicate by it
                # (delivery is at least once: a worker can die after the receiver got it).
                "X-Berth-Delivery": delivery_id,
                TIMESTAMP_HEADER: str(timestamp),
                SIGNATURE_HEADER: sign(secrets["signing_secret"], timestamp, body),
            }
            return str(config["url"]), body, headers
    raise ValueError(f"{kind} is not an HTTP channel")


async def _send_email(
    config: dict[str, Any],
    secrets: dict[str, str],
    message: render.Message,
    rules: outbound.AddressPolicy,
    timeout: float,
    verify: ssl.SSLContext,
) -> SendResult:
    started = time.monotonic()
    recipients = [str(r) for r in config["recipients"]]
    mail = render.email_message(message, str(config["sender"]), recipients)
    await outbound.send_mail(
        outbound.SmtpServer(
            host=str(config["host"]),
            port=int(config["port"]),
            tls=config["tls"],
            username=config.get("username") or None,
            password=secrets.get("password") or None,
        ),
        mail,
        recipients,
        policy=rules,
        timeout=timeout,
        verify=verify,
    )
    return SendResult("delivered", duration_ms=int((time.monotonic() - started) * 1000))


def _judge(answer: outbound.HttpAnswer) -> SendResult:
    code = answer.status_code
    said = answer.body.strip()
    if 200 <= code < 300:
        return SendResult("delivered", status_code=code, duration_ms=answer.duration_ms)
    error = f"HTTP {code}: {said}" if said else f"HTTP {code}"
    if 300 <= code < 400:
        where = answer.headers.get("location", "")
        return SendResult(
            "failed",
            error=f"{error} (redirects are not followed{': ' + where if where else ''})",
            status_code=code,
            duration_ms=answer.duration_ms,
        )
    if code in (408, 425, 429) or code >= 500:
        return SendResult(
            "retry",
            error=error,
            status_code=code,
            retry_after=_retry_after(answer),
            duration_ms=answer.duration_ms,
        )
    return SendResult("failed", error=error, status_code=code, duration_ms=answer.duration_ms)


def _retry_after(answer: outbound.HttpAnswer) -> float | None:
    """Seconds to wait, from Retry-After (seconds or an HTTP date) or the body's own field
    (Discord's `retry_after`, Telegram's `parameters.retry_after`)."""
    header = answer.headers.get("retry-after")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                return max(0.0, (parsedate_to_datetime(header) - utcnow()).total_seconds())
            except (TypeError, ValueError):
                pass
    try:
        body = json.loads(answer.body)
    except ValueError:
        return None
    if isinstance(body, dict):
        value = body.get("retry_after")
        if value is None and isinstance(body.get("parameters"), dict):
            value = body["parameters"].get("retry_after")
        if isinstance(value, int | float):
            return max(0.0, float(value))
    return None
