"""Retention plans against the peers' data-loss bugs: keep-N with N=1 keeps one, a failed
run (no manifest) changes nothing, and objects that are not this policy's are untouched."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from api.backups.retention import MANIFEST_FORMAT, Stored, parse_manifests, plan

POLICY = uuid.uuid4()
PREFIX = f"berth/{POLICY}"
START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


def _manifest(at: datetime, policy: uuid.UUID = POLICY, data_key: str | None = None) -> bytes:
    run = uuid.uuid4()
    return json.dumps(
        {
            "format": MANIFEST_FORMAT,
            "policy_id": str(policy),
            "run_id": str(run),
            "data_key": data_key or f"{PREFIX}/{run}.dump.zst.age",
            "created_at": at.isoformat(),
            "bytes": 1234,
            "sha256": "0" * 64,
        }
    ).encode()


def _daily(days: int, every: timedelta = timedelta(days=1)) -> list[Stored]:
    docs = [(f"{PREFIX}/{i:04d}.manifest.json", _manifest(START + i * every)) for i in range(days)]
    ours, ignored = parse_manifests(docs, POLICY, PREFIX)
    assert ignored == []
    return ours


def test_keep_last_one_keeps_exactly_the_newest() -> None:
    stored = _daily(5)
    result = plan(stored, keep_last=1)
    assert [s.key for s, _ in result.keep] == [stored[-1].key]
    assert len(result.delete) == 4
    # Data first, its manifest after: a crash in between is retried, never orphaned.
    first = result.delete[0]
    assert result.delete_keys[:2] == [first.manifest.data_key, first.key]


def test_nothing_to_delete_when_there_are_fewer_than_n() -> None:
    assert plan(_daily(3), keep_last=7).delete == []
    assert plan([], keep_last=1).delete == []


def test_a_failed_run_has_no_manifest_and_so_deletes_nothing() -> None:
    docs = [(f"{PREFIX}/{i}.manifest.json", _manifest(START + timedelta(days=i))) for i in range(3)]
    # The failed run left a partial data object (the pipeline removes it, but suppose the
    # removal failed too) and, by construction, no manifest: it is not counted, so it
    # cannot push the oldest good backup out of keep_last=3.
    docs.append((f"{PREFIX}/{uuid.uuid4()}.dump.zst.age", b"age-encryption.org/v1\n\x00partial"))
    ours, ignored = parse_manifests(docs, POLICY, PREFIX)
    assert len(ours) == 3
    assert len(ignored) == 1
    assert plan(ours, keep_last=3).delete == []


def test_keep_zero_is_still_one() -> None:
    # The schema and a CHECK refuse keep_last=0; the planner holds even if asked.
    result = plan(_daily(4), keep_last=0)
    assert len(result.keep) == 1


def test_foreign_objects_and_manifests_are_never_touched() -> None:
    other_policy = uuid.uuid4()
    docs = [
        (f"{PREFIX}/a.manifest.json", _manifest(START)),
        (f"{PREFIX}/b.manifest.json", _manifest(START + timedelta(days=1))),
        (f"{PREFIX}/notes.txt", b"someone's notes"),
        (f"{PREFIX}/c.manifest.json", _manifest(START, policy=other_policy)),
        (f"{PREFIX}/d.manifest.json", _manifest(START, data_key="berth/other/prod.dump")),
        (f"{PREFIX}/e.manifest.json", _manifest(START, data_key=f"{PREFIX}/../x/prod.dump")),
        ("elsewhere/f.manifest.json", _manifest(START)),
        (f"{PREFIX}/g.manifest.json", b'{"format": "something-else/1"}'),
    ]
    ours, ignored = parse_manifests(docs, POLICY, PREFIX)
    assert [s.key for s in ours] == [f"{PREFIX}/a.manifest.json", f"{PREFIX}/b.manifest.json"]
    assert len(ignored) == 6
    result = plan(ours, keep_last=1)
    assert result.delete_keys[1] == f"{PREFIX}/a.manifest.json"
    assert all(key.startswith(PREFIX + "/") for key in result.delete_keys)
    assert not set(result.delete_keys) & {key for key, _ in docs if key in ignored}


def test_daily_weekly_monthly_keep_the_newest_of_each_period() -> None:
    # Two backups a day for 90 days.
    stored = _daily(180, every=timedelta(hours=12))
    result = plan(stored, keep_last=2, keep_daily=7, keep_weekly=4, keep_monthly=3)
    kept = {s.key: reasons for s, reasons in result.keep}
    newest = sorted(stored, key=lambda s: s.manifest.created_at)[-1]
    assert "last" in kept[newest.key]
    assert "daily" in kept[newest.key]
    days = {s.manifest.created_at.date() for s, r in result.keep if "daily" in r}
    assert len(days) == 7
    months = {
        (s.manifest.created_at.year, s.manifest.created_at.month)
        for s, r in result.keep
        if "monthly" in r
    }
    assert len(months) == 3
    # 2 last (one day) + 6 more days + up to 4 weeks + up to 3 months, overlapping.
    assert len(result.keep) <= 2 + 7 + 4 + 3
    assert len(result.keep) + len(result.delete) == 180


@pytest.mark.parametrize(("timezone", "days"), [("UTC", 2), ("Asia/Tokyo", 1)])
def test_days_are_the_policys_days(timezone: str, days: int) -> None:
    # 23:00 and 06:00 UTC are two UTC days, but 08:00 and 15:00 of one day in Tokyo.
    docs = [
        (f"{PREFIX}/a.manifest.json", _manifest(datetime(2026, 11, 1, 23, 0, tzinfo=UTC))),
        (f"{PREFIX}/b.manifest.json", _manifest(datetime(2026, 11, 2, 6, 0, tzinfo=UTC))),
    ]
    ours, _ = parse_manifests(docs, POLICY, PREFIX)
    result = plan(ours, keep_last=1, keep_daily=2, timezone=timezone)
    assert len([s for s, r in result.keep if "daily" in r]) == days
