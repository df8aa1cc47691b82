from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints

from api.kit.schemas import Email, ResourceName, Schema, WriteSchema
from api.models import ChannelKind, ChannelState, DeliveryStatus
from api.notifications.events import EventType

_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$)({_LABEL}\.)*{_LABEL}$|^\[?[0-9A-Fa-f:.]+\]?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _host(value: str) -> str:
    if not _HOST.match(value):
        raise ValueError("must be a host name or an IP address")
    return value.lower()


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


# Syntax only here; where a URL may point (scheme, provider base, address) is checked by
# the service against the operator's settings, and again at every delivery.
Url = Annotated[str, StringConstraints(min_length=8, max_length=2048), AfterValidator(_no_control)]
Secret = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1024, strip_whitespace=False),
    AfterValidator(_no_control),
]
BotToken = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$")]
ChatId = Annotated[str, StringConstraints(pattern=r"^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")]


class SlackSettings(WriteSchema):
    kind: Literal["slack"]
    webhook_url: Url = Field(
        description="The incoming webhook URL (write-only: it is the credential)",
        examples=["https://hooks.slack.com/services/T000/B000/XXXX"],
    )


class DiscordSettings(WriteSchema):
    kind: Literal["discord"]
    webhook_url: Url = Field(description="The channel's webhook URL (write-only)")


class TelegramSettings(WriteSchema):
    kind: Literal["telegram"]
    bot_token: BotToken = Field(description="The bot's token from @BotFather (write-only)")
    chat_id: ChatId = Field(description="A numeric chat id, or @channelusername")


class EmailSettings(WriteSchema):
    kind: Literal["email"]
    host: Annotated[str, StringConstraints(min_length=1, max_length=253), AfterValidator(_host)]
    port: int = Field(default=587, ge=1, le=65535)
    tls: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="STARTTLS (port 587), implicit TLS (465), or none (only if the "
        "operator allows plain text)",
    )
    username: Annotated[str, StringConstraints(max_length=254), AfterValidator(_no_control)] = ""
    password: Secret | None = Field(default=None, description="Write-only")
    sender: Email = Field(description="The From address")
    recipients: list[Email] = Field(min_length=1, max_length=50)


class WebhookSettings(WriteSchema):
    kind: Literal["webhook"]
    url: Url = Field(description="Where events are POSTed as JSON (https)")
    signing_secret: Annotated[
        str, StringConstraints(min_length=24, max_length=256, strip_whitespace=False)
    ] = Field(
        description="Signs each body: X-Berth-Signature is v1=hex(HMAC-SHA256(secret, "
        "X-Berth-Timestamp + '.' + body)); refuse timestamps older than 5 minutes. Write-only."
    )


ChannelSettings = Annotated[
    SlackSettings | DiscordSettings | TelegramSettings | EmailSettings | WebhookSettings,
    Field(discriminator="kind"),
]


# Editing: the same settings, but a secret left out keeps its stored value. Reads never
# return a secret, so without this an edit of an SMTP port or a Telegram chat id would
# have to re-enter a password or token the editor may not have.
_KEEP = "Write-only; leave out to keep the stored one"


class SlackSettingsUpdate(WriteSchema):
    kind: Literal["slack"]
    webhook_url: Url | None = Field(default=None, description=_KEEP)


class DiscordSettingsUpdate(WriteSchema):
    kind: Literal["discord"]
    webhook_url: Url | None = Field(default=None, description=_KEEP)


class TelegramSettingsUpdate(WriteSchema):
    kind: Literal["telegram"]
    bot_token: BotToken | None = Field(default=None, description=_KEEP)
    chat_id: ChatId = Field(description="A numeric chat id, or @channelusername")


class EmailSettingsUpdate(WriteSchema):
    kind: Literal["email"]
    host: Annotated[str, StringConstraints(min_length=1, max_length=253), AfterValidator(_host)]
    port: int = Field(default=587, ge=1, le=65535)
    tls: Literal["starttls", "tls", "none"] = "starttls"
    username: Annotated[str, StringConstraints(max_length=254), AfterValidator(_no_control)] = (
        Field(default="", description="Empty: no login (a stored password is dropped)")
    )
    password: Secret | None = Field(default=None, description=_KEEP)
    sender: Email = Field(description="The From address")
    recipients: list[Email] = Field(min_length=1, max_length=50)


class WebhookSettingsUpdate(WriteSchema):
    kind: Literal["webhook"]
    url: Url = Field(description="Where events are POSTed as JSON (https)")
    signing_secret: (
        Annotated[str, StringConstraints(min_length=24, max_length=256, strip_whitespace=False)]
        | None
    ) = Field(default=None, description=_KEEP)


ChannelSettingsUpdate = Annotated[
    SlackSettingsUpdate
    | DiscordSettingsUpdate
    | TelegramSettingsUpdate
    | EmailSettingsUpdate
    | WebhookSettingsUpdate,
    Field(discriminator="kind"),
]


class ChannelCreate(WriteSchema):
    name: ResourceName
    enabled: bool = True
    settings: ChannelSettings


class ChannelUpdate(WriteSchema):
    name: ResourceName | None = None
    enabled: bool | None = None
    settings: ChannelSettingsUpdate | None = Field(
        default=None,
        description="Replaces every setting; a secret left out keeps its stored value (it "
        "is never read back). The kind cannot change",
    )


class ChannelRead(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    kind: ChannelKind
    enabled: bool
    config: dict[str, Any] = Field(description="The settings that are not secret")
    secret_hints: dict[str, str] = Field(description="A masked hint per secret, never a value")
    state: ChannelState = Field(
        description="failing: deliveries kept failing; new events get one attempt each "
        "until one succeeds"
    )
    consecutive_failures: int
    last_error: str | None
    last_failure_at: datetime | None
    last_delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime | None


class ChannelTestRead(Schema):
    delivered: bool
    status_code: int | None = Field(description="The provider's HTTP status, if it answered")
    error: str | None = Field(description="The provider's answer, verbatim, when it failed")
    duration_ms: int | None


class SubscriptionCreate(WriteSchema):
    event_types: list[EventType] = Field(min_length=1, max_length=len(EventType))
    project_id: uuid.UUID | None = Field(default=None, description="Only this project's events")
    environment_id: uuid.UUID | None = Field(
        default=None, description="Only this environment's events"
    )


class SubscriptionRead(Schema):
    id: uuid.UUID
    channel_id: uuid.UUID
    event_types: list[EventType]
    project_id: uuid.UUID | None
    environment_id: uuid.UUID | None
    created_at: datetime


class DeliveryAttempt(Schema):
    number: int
    at: datetime
    outcome: Literal["delivered", "retry", "failed", "lost"]
    status_code: int | None = None
    error: str | None = None
    duration_ms: int | None = None


class DeliveryRead(Schema):
    id: uuid.UUID
    channel_id: uuid.UUID
    event_type: str
    target_type: str
    target_id: uuid.UUID
    title: str
    subject: str
    reason: str | None
    events_count: int = Field(description="Events this message stands for (coalesced)")
    status: DeliveryStatus
    attempts: int
    max_attempts: int
    next_attempt_at: datetime | None = Field(description="When it is tried again, if pending")
    last_error: str | None
    delivered_at: datetime | None
    attempt_log: list[DeliveryAttempt]
    created_at: datetime
