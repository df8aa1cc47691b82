"""Messages per provider: short, saying what happened, where, why, and a link.

Names, reasons and commit subjects are user text. Each provider's markup is escaped so a
commit subject cannot turn into a link, a mention (`@everyone`, `<!channel>`) or formatting:
Slack's `&<>`, Discord's markdown (and no mentions parsed at all), Telegram's HTML, and
header-safe text for e-mail.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>#\[\]()<:@-])")


@dataclass(frozen=True)
class Message:
    type: str
    title: str
    subject: str
    reason: str | None
    facts: dict[str, str]
    url: str
    occurred_at: str
    events_count: int
    first_at: str | None

    @classmethod
    def from_payload(
        cls, payload: dict[str, Any], public_url: str, events_count: int, first_at: str | None
    ) -> Message:
        return cls(
            type=str(payload["type"]),
            title=str(payload["title"]),
            subject=_clean(str(payload["subject"])),
            reason=_clean(str(payload["reason"])) if payload.get("reason") else None,
            facts={_clean(str(k)): _clean(str(v)) for k, v in dict(payload["facts"]).items()},
            url=public_url.rstrip("/") + str(payload["path"]),
            occurred_at=str(payload["occurred_at"]),
            events_count=events_count,
            first_at=first_at,
        )

    @property
    def coalesced_note(self) -> str | None:
        if self.events_count <= 1 or self.first_at is None:
            return None
        since = datetime.fromisoformat(self.first_at).strftime("%H:%M:%S UTC")
        return f"{self.events_count} changes since {since}; this is the latest"

    @property
    def headline(self) -> str:
        return f"{self.title}: {self.subject}"


def _clean(text: str) -> str:
    """No control characters (newlines inside a name would forge extra lines)."""
    return _CONTROL.sub(" ", text)


def plain_text(message: Message) -> str:
    lines = [message.headline]
    if message.reason:
        lines.append(f"Reason: {message.reason}")
    lines += [f"{k}: {v}" for k, v in message.facts.items()]
    if note := message.coalesced_note:
        lines.append(f"({note})")
    lines.append(message.url)
    return "\n".join(lines)


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_body(message: Message) -> bytes:
    e = slack_escape
    lines = [f"*{e(message.title)}*: {e(message.subject)}"]
    if message.reason:
        lines.append(f"Reason: {e(message.reason)}")
    lines += [f"{e(k)}: {e(v)}" for k, v in message.facts.items()]
    if note := message.coalesced_note:
        lines.append(f"_{e(note)}_")
    lines.append(f"<{message.url}|Open in Berth>")
    return json.dumps({"text": "\n".join(lines), "unfurl_links": False}).encode()


def discord_escape(text: str) -> str:
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def discord_body(message: Message) -> bytes:
    e = discord_escape
    lines = [f"**{e(message.title)}**: {e(message.subject)}"]
    if message.reason:
        lines.append(f"Reason: {e(message.reason)}")
    lines += [f"{e(k)}: {e(v)}" for k, v in message.facts.items()]
    if note := message.coalesced_note:
        lines.append(f"*{e(note)}*")
    lines.append(f"<{message.url}>")
    content = "\n".join(lines)
    if len(content) > 2000:  # Discord's limit; the link goes last, so keep it
        content = content[: 1990 - len(message.url)] + f"…\n<{message.url}>"
    # No mention of any kind is parsed: user text can never ping @everyone or a role.
    return json.dumps({"content": content, "allowed_mentions": {"parse": []}}).encode()


def telegram_body(message: Message, chat_id: str) -> bytes:
    e = html.escape
    lines = [f"<b>{e(message.title)}</b>: {e(message.subject)}"]
    if message.reason:
        lines.append(f"Reason: {e(message.reason)}")
    lines += [f"{e(k)}: {e(v)}" for k, v in message.facts.items()]
    if note := message.coalesced_note:
        lines.append(f"<i>{e(note)}</i>")
    lines.append(f'<a href="{e(message.url, quote=True)}">Open in Berth</a>')
    return json.dumps(
        {
            "chat_id": chat_id,
            "text": "\n".join(lines),
            "parse_mode": "HTML",
            "disable_web_page_preview": True,
        }
    ).encode()


def email_message(message: Message, sender: str, recipients: list[str]) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = f"[Berth] {message.headline}"[:200]
    mail["From"] = sender
    mail["To"] = ", ".join(recipients)
    mail.set_content(plain_text(message) + "\n")
    return mail


def webhook_body(message: Message, delivery_id: str, payload: dict[str, Any]) -> bytes:
    """JSON for generic receivers: the event's fields plus the text a chat would show."""
    return json.dumps(
        {
            "id": delivery_id,
            "type": message.type,
            "occurred_at": message.occurred_at,
            "title": message.title,
            "subject": message.subject,
            "reason": message.reason,
            "facts": message.facts,
            "url": message.url,
            "text": plain_text(message),
            "target": payload.get("target"),
            "project_id": payload.get("project_id"),
            "environment_id": payload.get("environment_id"),
            "events_count": message.events_count,
        },
        separators=(",", ":"),
    ).encode()
