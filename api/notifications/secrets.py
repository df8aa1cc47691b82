"""Where a channel's secrets are sealed and opened. A Slack or Discord webhook URL and a
Telegram bot token are credentials (whoever holds one can post), so they are secrets too."""

from __future__ import annotations

import json
from typing import Any

from api.kit.crypto import Keyring, secret_hint
from api.models import ChannelKind, NotificationChannel

SECRET_FIELDS: dict[ChannelKind, tuple[str, ...]] = {
    ChannelKind.slack: ("webhook_url",),
    ChannelKind.discord: ("webhook_url",),
    ChannelKind.telegram: ("bot_token",),
    ChannelKind.email: ("password",),
    ChannelKind.webhook: ("signing_secret",),
}


def _context(channel: NotificationChannel) -> str:
    # Bound to the row and its kind: a blob copied to another channel does not open.
    return f"notification_channel:{channel.id}:{channel.kind}"


def seal(keyring: Keyring, channel: NotificationChannel, values: dict[str, Any]) -> None:
    """Split the kind's settings into what reads may show and the sealed secrets."""
    secret_names = SECRET_FIELDS[channel.kind]
    secrets = {k: str(v) for k, v in values.items() if k in secret_names and v is not None}
    config = {k: v for k, v in values.items() if k not in secret_names and k != "kind"}
    if channel.kind in (ChannelKind.slack, ChannelKind.discord):
        # What the URL is for, without the part that is the credential.
        config["host"] = secrets["webhook_url"].split("/")[2].rsplit("@", 1)[-1]
    channel.config = config
    channel.secrets_encrypted = keyring.encrypt(json.dumps(secrets), context=_context(channel))
    channel.secret_hints = {k: secret_hint(v) for k, v in secrets.items()}


def reveal(keyring: Keyring, channel: NotificationChannel) -> dict[str, str]:
    """Plaintext for a send; never for a read API."""
    opened: dict[str, str] = json.loads(
        keyring.decrypt(channel.secrets_encrypted, context=_context(channel))
    )
    return opened
