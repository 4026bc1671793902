"""SEQUENCE rises exactly when a written entry differs from the one written before, and never
falls, so calendars take every update and ignore nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event
from sqlalchemy import select, update

from cadence.calendars.ics_export import Organizer, export_ics
from cadence.calendars.subscription import plan_fingerprint
from cadence.catalogue import kind_by_key
from cadence.models import Account, Commitment, Stakeholder, Touchpoint
from cadence.snapshots import restore_rows, snapshot_rows
from cadence.stakeholders import StakeholderChanges, apply_changes
from cadence.storage.database import Database
from cadence.vocabulary import TouchpointStatus
from tests.core.calendars.builders import NOW, Plan


def _entries(database: Database, path: Path, now: datetime = NOW,
             **options: object) -> dict[str, Event]:
    with database.transaction() as session:
        export_ics(session, path, now=now, **options)  # type: ignore[arg-type]
    return {str(e.uid): e for e in Calendar.from_ical(path.read_bytes()).events}


def _uid(database: Database, touch_id: int) -> str:
    with database.transaction() as session:
        return session.get_one(Touchpoint, touch_id).uid


def test_writing_the_same_entry_again_keeps_its_sequence_and_time(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    uid = _uid(database, plan.coffee)
    first = _entries(database, tmp_path / "a.ics")[uid]
    again = _entries(database, tmp_path / "a.ics", now=NOW + timedelta(days=3))[uid]
    assert (again.sequence, again.last_modified) == (first.sequence, first.last_modified) == (
        0, NOW)


def test_an_entry_cancelled_by_the_window_comes_back_newer_than_its_cancellation(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # The hackathon (April) leaves a March-only export and returns to the full one.
    uid = _uid(database, plan.hackathon)
    path = tmp_path / "cal.ics"
    published = _entries(database, path)[uid]
    cancelled = _entries(database, path, now=NOW + timedelta(hours=1),
                         end=date(2026, 3, 31))[uid]
    back = _entries(database, path, now=NOW + timedelta(hours=2))[uid]
    assert [str(e["STATUS"]) for e in (published, cancelled, back)] == [
        "CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert published.sequence < cancelled.sequence < back.sequence
    assert back.last_modified == NOW + timedelta(hours=2)


def test_a_suggestion_left_out_then_accepted_outranks_its_cancellation(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    uid = _uid(database, plan.suggested)
    path = tmp_path / "cal.ics"
    tentative = _entries(database, path, status="all")[uid]
    cancelled = _entries(database, path)[uid]  # accepted only: the suggestion is withdrawn
    with database.transaction() as session:
        session.get_one(Touchpoint, plan.suggested).status = TouchpointStatus.ACCEPTED
    confirmed = _entries(database, path)[uid]
    assert tentative.sequence < cancelled.sequence < confirmed.sequence


def test_what_an_entry_shows_from_other_records_raises_its_sequence(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    uid = _uid(database, plan.coffee)
    path = tmp_path / "cal.ics"
    sequences = [_entries(database, path)[uid].sequence]
    edits = [
        lambda s: setattr(s.get_one(Stakeholder, plan.ana), "name", "Ana Alves-Costa"),
        lambda s: setattr(s.scalars(select(Account)).one(), "name", "Acme Group"),
        lambda s: setattr(kind_by_key(s, "coffee"), "name", "Coffee chat"),
        lambda s: s.add(Commitment(stakeholder_id=plan.ana, what="Share the pilot results",
                                   due_on=date(2026, 3, 25))),
    ]
    for hours, edit in enumerate(edits, start=1):
        with database.transaction() as session:
            edit(session)
        entry = _entries(database, path, now=NOW + timedelta(hours=hours))[uid]
        sequences.append(entry.sequence)
        assert entry.last_modified == NOW + timedelta(hours=hours)
    assert sequences == [0, 1, 2, 3, 4]
    assert "Share the pilot results" in str(entry["DESCRIPTION"])


def test_an_entry_exported_before_its_digest_was_kept_rises_past_an_old_cancellation(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    uid = _uid(database, plan.coffee)
    # As a workspace upgraded from schema 0005 holds it: exported, with no digest. Cadence
    # then wrote a cancellation as the stored number plus one (5), so it comes back at 6.
    with database.transaction() as session:
        session.execute(update(Touchpoint).where(Touchpoint.id == plan.coffee)
                        .values(exported_at=NOW, sequence=4))
    assert _entries(database, tmp_path / "a.ics")[uid].sequence == 6
    assert _entries(database, tmp_path / "a.ics")[uid].sequence == 6


def test_the_subscription_notices_what_entries_show_but_not_its_own_writing(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    def fingerprint() -> object:
        with database.transaction() as session:
            return plan_fingerprint(session)

    before = fingerprint()
    _entries(database, tmp_path / "sub.ics")
    assert fingerprint() == before  # writing the file is no change to write again for
    with database.transaction() as session:
        session.get_one(Stakeholder, plan.bob).name = "Robert Brown"
    renamed = fingerprint()
    assert renamed != before
    with database.transaction() as session:
        promise = session.scalars(select(Commitment)).one()
        promise.due_on += timedelta(days=7)
    assert fingerprint() != renamed


def test_undoing_an_edit_never_lowers_what_calendars_were_sent(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    uid = _uid(database, plan.coffee)
    path = tmp_path / "cal.ics"
    with database.transaction() as session:
        before = snapshot_rows([session.get_one(Touchpoint, plan.coffee)])
    first = _entries(database, path)[uid]
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        coffee.starts_at += timedelta(hours=1)
        coffee.ends_at += timedelta(hours=1)
    moved = _entries(database, path, now=NOW + timedelta(hours=1))[uid]
    with database.transaction() as session:
        restore_rows(session, before)  # as Undo does
    back = _entries(database, path, now=NOW + timedelta(hours=2))[uid]
    assert first.sequence < moved.sequence < back.sequence
    assert back.start == first.start


def test_undoing_an_accept_after_an_export_cancels_the_entry(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    with database.transaction() as session:
        suggestion = session.get_one(Touchpoint, plan.suggested)
        uid, before = suggestion.uid, snapshot_rows([suggestion])
        suggestion.status = TouchpointStatus.ACCEPTED
    path = tmp_path / "cal.ics"
    assert str(_entries(database, path)[uid]["STATUS"]) == "CONFIRMED"
    with database.transaction() as session:
        restore_rows(session, before)  # back to a suggestion, which exported_at must not forget
    assert str(_entries(database, path)[uid]["STATUS"]) == "CANCELLED"


def test_a_stakeholder_in_a_new_zone_gets_their_entries_updated(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    uid = _uid(database, plan.review)
    path = tmp_path / "cal.ics"
    before = _entries(database, path)[uid]
    with database.transaction() as session:
        apply_changes(session, session.get_one(Stakeholder, plan.bob),
                      StakeholderChanges(timezone="Europe/London"), now=NOW)
    after = _entries(database, path, now=NOW + timedelta(hours=1))[uid]
    assert [e["DTSTART"].params["TZID"] for e in (before, after)] == [
        "America/New_York", "Europe/London"]
    assert after.start == before.start  # the same instant
    assert (after.sequence, after.last_modified) == (before.sequence + 1, NOW + timedelta(hours=1))
    assert b"TZID:Europe/London" in path.read_bytes()  # its VTIMEZONE comes along


def test_the_same_event_in_other_files_and_as_an_invitation_keeps_its_sequence(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # RFC 5546 2.1.4: a higher SEQUENCE is a new revision; writing the same event again to
    # another file (no alarm there) or as its invitation is none.
    uid = _uid(database, plan.coffee)
    mia = Organizer("mia@vendor.example", "Mia Manager")
    outputs: list[dict[str, object]] = [
        {"path": tmp_path / "cal.ics"},
        {"path": tmp_path / "invite.ics", "invite_id": plan.coffee, "organizer": mia},
        {"path": tmp_path / "phone.ics", "alarm": False},
        {"path": tmp_path / "all.ics", "status": "all"},
    ]
    sequences = [_entries(database, now=NOW + timedelta(hours=hour), **options)[uid].sequence
                 for hour, options in enumerate(outputs * 2)]
    assert sequences == [0] * 8
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        coffee.starts_at += timedelta(hours=1)
        coffee.ends_at += timedelta(hours=1)
    moved = [_entries(database, now=NOW + timedelta(days=1), **options)[uid]
             for options in outputs]
    assert [e.sequence for e in moved] == [1, 1, 1, 1]  # a real change: once, everywhere
    assert {e.last_modified for e in moved} == {NOW + timedelta(days=1)}


def test_a_dismissed_entry_says_the_same_in_every_file(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # It lists Ana's open promise whether or not the file also holds a live touch of hers (the
    # April hackathon is in cal.ics, not in march.ics).
    uid = _uid(database, plan.coffee)
    _entries(database, tmp_path / "cal.ics")
    with database.transaction() as session:
        session.get_one(Touchpoint, plan.coffee).status = TouchpointStatus.DISMISSED
    march = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
    written = [
        _entries(database, tmp_path / name, now=NOW + timedelta(hours=hour), **options)[uid]
        for hour, (name, options) in enumerate(
            [("cal.ics", {}), ("march.ics", march), ("cal.ics", {}), ("march.ics", march)])
    ]
    assert [e.sequence for e in written] == [1, 1, 1, 1]
    assert {str(e["STATUS"]) for e in written} == {"CANCELLED"}
    assert "Send the migration plan" in str(written[1]["DESCRIPTION"])
