"""Which backups a policy keeps: a pure plan over the policy's own manifests.

The peers' data-loss bugs shape this module. Dokploy's "keep latest" deleted every backup
(an off-by-one over a listing that included the new, not yet finished object); Coolify and
others prune by listing a prefix, so a file someone else put there is fair game. Here:

- only manifests are considered, and only those that parse as ours *and* name this
  policy: a manifest is written after its data object, so a failed or unfinished run has
  none and can never be counted (nor can it push an older backup out);
- the newest backup is always kept, whatever the counts say (`keep_last` is at least 1
  anyway; this is the second lock on the same door);
- a manifest can only make us delete objects under the policy's own prefix: one that names
  an object elsewhere (written by hand, or tampered with) is not ours; it is reported as
  ignored and neither it nor what it names is deleted.

Daily/weekly/monthly buckets are taken in the policy's time zone (a backup at 00:30 in
Paris belongs to that Paris day), keeping the newest backup of each bucket, newest first,
as restic's and borg's `--keep-daily` do.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError

MANIFEST_FORMAT = "berth-backup-manifest/1"


class Manifest(BaseModel):
    """What the pipeline writes beside each data object, after the data object."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    format: str
    policy_id: uuid.UUID
    run_id: uuid.UUID
    data_key: str  # relative to the destination's root, like the manifest's own key
    created_at: datetime
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Stored:
    """A manifest found at the destination: its own key and what it says."""

    key: str
    manifest: Manifest


@dataclass
class Plan:
    keep: list[tuple[Stored, list[str]]] = field(default_factory=list)  # with the reasons
    delete: list[Stored] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # keys that are not ours: untouched

    @property
    def delete_keys(self) -> list[str]:
        """Data object first, manifest last: a crash in between leaves a manifest that the
        next run retries, never a data object nobody knows about."""
        keys: list[str] = []
        for stored in self.delete:
            keys += [stored.manifest.data_key, stored.key]
        return keys


def parse_manifests(
    documents: Iterable[tuple[str, bytes]], policy_id: uuid.UUID, prefix: str
) -> tuple[list[Stored], list[str]]:
    """(ours, ignored) from (key, content) pairs listed under the policy's prefix."""
    ours: list[Stored] = []
    ignored: list[str] = []
    root = prefix.rstrip("/") + "/"
    for key, content in documents:
        try:
            manifest = Manifest.model_validate(json.loads(content))
        except (ValueError, ValidationError):
            ignored.append(key)
            continue
        if (
            manifest.format != MANIFEST_FORMAT
            or manifest.policy_id != policy_id
            or not key.startswith(root)
            or not manifest.data_key.startswith(root)
            or ".." in manifest.data_key.split("/")
        ):
            ignored.append(key)
            continue
        ours.append(Stored(key, manifest))
    return ours, ignored


def plan(
    stored: Sequence[Stored],
    *,
    keep_last: int,
    keep_daily: int = 0,
    keep_weekly: int = 0,
    keep_monthly: int = 0,
    timezone: str = "UTC",
) -> Plan:
    zone = ZoneInfo(timezone)
    newest_first = sorted(stored, key=lambda s: s.manifest.created_at, reverse=True)
    reasons: dict[str, list[str]] = {s.key: [] for s in newest_first}
    for stored_item in newest_first[: max(keep_last, 1)]:
        reasons[stored_item.key].append("last")

    def keep_newest_per(
        count: int, label: str, bucket: Callable[[datetime], tuple[int, ...]]
    ) -> None:
        seen: set[tuple[int, ...]] = set()
        for stored_item in newest_first:
            if len(seen) >= count:
                return
            period = bucket(stored_item.manifest.created_at.astimezone(zone))
            if period not in seen:
                seen.add(period)
                reasons[stored_item.key].append(label)

    keep_newest_per(keep_daily, "daily", lambda t: (t.year, t.month, t.day))
    keep_newest_per(keep_weekly, "weekly", lambda t: tuple(t.isocalendar())[:2])
    keep_newest_per(keep_monthly, "monthly", lambda t: (t.year, t.month))
    if newest_first:
        newest = newest_first[0].key
        if "last" not in reasons[newest]:  # unreachable with keep_last >= 1: a second lock
            reasons[newest].append("newest")
    result = Plan()
    for stored_item in newest_first:
        if reasons[stored_item.key]:
            result.keep.append((stored_item, reasons[stored_item.key]))
        else:
            result.delete.append(stored_item)
    return result
