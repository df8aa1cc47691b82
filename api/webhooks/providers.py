"""What each git host sends with a push, and how it proves it knows the shared secret.

GitHub and Gitea sign the raw body with HMAC-SHA256; GitLab sends the secret itself as a
token header. Comparisons are constant-time. Only pushes deploy: other events (GitHub's
`ping`, a tag push to an app following a branch) are acknowledged and ignored.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from api.webhooks.exceptions import BadSignature, UnusablePayload

_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_ZERO_SHA = re.compile(r"^0+$")
MAX_DELIVERY_ID = 200


class Provider(enum.StrEnum):
    github = "github"
    gitlab = "gitlab"
    gitea = "gitea"
    generic = "generic"


@dataclass(frozen=True)
class Push:
    ref: str | None  # refs/heads/<branch> or refs/tags/<tag>
    commit: str | None  # the pushed head; None: deploy the ref's tip
    image: str | None  # generic hooks of image applications
    sender: str
    deleted: bool = False  # the push deleted the branch or tag


def hmac_hex(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(provider: Provider, secret: str, body: bytes, headers: Mapping[str, str]) -> None:
    if provider is Provider.gitlab:
        given = headers.get("x-gitlab-token", "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            raise BadSignature("X-Gitlab-Token does not match the application's webhook secret")
        return
    header = {
        Provider.github: "x-hub-signature-256",
        Provider.gitea: "x-gitea-signature",
        Provider.generic: "x-berth-signature",
    }[provider]
    given = headers.get(header, "")
    if provider is Provider.gitea and not given:
        given = headers.get("x-hub-signature-256", "")  # Gitea sends both
    given = given.removeprefix("sha256=")
    if not given or not hmac.compare_digest(given.encode(), hmac_hex(secret, body).encode()):
        raise BadSignature(
            f"{header} is missing or is not the HMAC-SHA256 of the body with the webhook secret"
        )


def is_push(provider: Provider, headers: Mapping[str, str]) -> bool:
    event = {
        Provider.github: headers.get("x-github-event"),
        Provider.gitlab: headers.get("x-gitlab-event"),
        Provider.gitea: headers.get("x-gitea-event"),
        Provider.generic: "push",
    }[provider]
    return event in ("push", "Push Hook", "Tag Push Hook")


def delivery_id(provider: Provider, headers: Mapping[str, str], body: bytes) -> str:
    """The provider's id for this delivery (the same on a redelivery), else the body's hash:
    a resent identical payload is the same delivery."""
    name = {
        Provider.github: "x-github-delivery",
        Provider.gitlab: "x-gitlab-event-uuid",
        Provider.gitea: "x-gitea-delivery",
        Provider.generic: "x-berth-delivery",
    }[provider]
    given = headers.get(name) or headers.get("idempotency-key")
    if given and len(given) <= MAX_DELIVERY_ID - 10 and given.isprintable():
        return f"{provider}:{given}"
    return f"{provider}:sha256:{hashlib.sha256(body).hexdigest()}"


def parse(provider: Provider, body: bytes) -> Push:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise UnusablePayload(
            "the body is not JSON (set the webhook's content type to JSON)"
        ) from exc
    if not isinstance(payload, dict):
        raise UnusablePayload("the body must be a JSON object")
    if provider is Provider.generic:
        return _generic(payload)
    ref = payload.get("ref")
    after = payload.get("after") or payload.get("checkout_sha")
    sender = _sender(provider, payload)
    if not isinstance(ref, str):
        raise UnusablePayload("a push payload needs `ref`")
    commit = after if isinstance(after, str) and _SHA.fullmatch(after) else None
    deleted = commit is not None and bool(_ZERO_SHA.fullmatch(commit))
    return Push(
        ref=ref,
        commit=None if deleted else commit,
        image=None,
        sender=sender,
        deleted=deleted or payload.get("deleted") is True,
    )


def _generic(payload: dict[str, Any]) -> Push:
    ref, commit, image = payload.get("ref"), payload.get("commit"), payload.get("image")
    for name, value in (("ref", ref), ("commit", commit), ("image", image)):
        if value is not None and not isinstance(value, str):
            raise UnusablePayload(f"`{name}` must be a string")
    if isinstance(ref, str) and not ref.startswith("refs/"):
        ref = f"refs/heads/{ref}"
    return Push(ref=ref, commit=commit, image=image, sender="generic webhook")


def _sender(provider: Provider, payload: dict[str, Any]) -> str:
    who: Any = None
    if provider is Provider.gitlab:
        who = payload.get("user_username") or payload.get("user_name")
    else:
        sender = payload.get("sender") or payload.get("pusher") or {}
        who = sender.get("login") or sender.get("name") if isinstance(sender, dict) else None
    label = str(who)[:100] if who else "unknown"
    return f"{provider} webhook ({label})"
