"""Deleted touchpoints that were exported are cancelled in calendars, not left behind."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event
from sqlalchemy import func, select

from cadence.calendars.ics_export import export_ics
from cadence.errors import ValidationError
from cadence.models import Stakeholder, Touchpoint, WithdrawnEntry
from cadence.snapshots import restore_stakeholder, snapshot_stakeholder
from cadence.stakeholders import StakeholderChanges, create_stakeholder, remove_stakeholder
from cadence.storage.database import Database, open_database
from cadence.vocabulary import TouchpointStatus
from cadence.workspace_json import export_workspace, import_workspace
from tests.core.calendars.builders import NOW, Plan, add_touchpoint


def _export(database: Database, path: Path, now: datetime = NOW,
            **options: object) -> dict[str, Event]:
    with database.transaction() as session:
        export_ics(session, path, now=now, **options)  # type: ignore[arg-type]
    return {str(e.uid): e for e in Calendar.from_ical(path.read_bytes()).events}


def _uids(database: Database, *touchpoint_ids: int) -> list[str]:
    with database.transaction() as session:
        return [session.get_one(Touchpoint, i).uid for i in touchpoint_ids]


def _remove(database: Database, stakeholder_id: int) -> None:
    with database.transaction() as session:
        remove_stakeholder(session, session.get_one(Stakeholder, stakeholder_id))


def test_removing_a_stakeholder_cancels_their_exported_touches(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    coffee, hackathon, review = _uids(database, plan.coffee, plan.hackathon, plan.review)
    first = _export(database, tmp_path / "1.ics")

    _remove(database, plan.ana)
    second = _export(database, tmp_path / "2.ics")

    for uid in (coffee, hackathon):
        assert second[uid].status == "CANCELLED"
        assert second[uid].sequence == first[uid].sequence + 1
        assert second[uid].start == first[uid].start
        assert second[uid]["SUMMARY"] == first[uid]["SUMMARY"]
        assert "Ana Alves" in second[uid]["SUMMARY"]
    assert second[review].status == "CONFIRMED"  # Bob's touch is untouched
    again = _export(database, tmp_path / "3.ics")
    assert again[coffee].status == "CANCELLED"
    assert again[coffee].sequence == second[coffee].sequence  # stable, not raised each time
    only_bob = _export(database, tmp_path / "bob.ics", stakeholder_ids=[plan.bob])
    assert coffee not in only_bob


def test_a_deleted_suggestion_that_was_exported_is_cancelled_and_one_never_exported_is_not(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # Re-planning deletes the open suggestions; one may be in a calendar (export --status all).
    suggested, = _uids(database, plan.suggested)
    _export(database, tmp_path / "all.ics", status="all")
    with database.transaction() as session:
        bob = session.get_one(Stakeholder, plan.bob)
        fresh = add_touchpoint(session, bob, "email-checkin", NOW + timedelta(days=9),
                               status=TouchpointStatus.SUGGESTED)
        fresh_uid = fresh.uid
    with database.transaction() as session:
        session.delete(session.get_one(Touchpoint, plan.suggested))
        session.delete(session.get_one(Touchpoint, fresh.id))

    events = _export(database, tmp_path / "all.ics", status="all")
    assert events[suggested].status == "CANCELLED"
    assert fresh_uid not in events
    with database.transaction() as session:
        assert session.scalars(select(WithdrawnEntry.uid)).all() == [suggested]


def test_undoing_the_removal_brings_the_entries_back_newer_than_their_cancellation(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    coffee, = _uids(database, plan.coffee)
    _export(database, tmp_path / "1.ics")
    with database.transaction() as session:
        snapshot = snapshot_stakeholder(session, plan.ana, whole=True)
    _remove(database, plan.ana)
    cancelled = _export(database, tmp_path / "2.ics")[coffee]

    with database.transaction() as session:
        restore_stakeholder(session, snapshot)
    later = cancelled.last_modified + timedelta(minutes=1)  # withdrawals use the real clock
    back = _export(database, tmp_path / "3.ics", now=later)[coffee]

    assert back.status == "CONFIRMED"
    assert back.sequence > cancelled.sequence
    assert back.last_modified == later  # newer than the cancellation, not the old entry's
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(WithdrawnEntry)) == 0


def test_withdrawn_entries_survive_a_workspace_round_trip(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    coffee, review = _uids(database, plan.coffee, plan.review)
    first = _export(database, tmp_path / "1.ics")
    _remove(database, plan.ana)
    with database.transaction() as session:
        document = export_workspace(session, now=NOW + timedelta(days=1))
    copy = open_database(f"sqlite:///{tmp_path}/copy.sqlite3", backup=False)
    with copy.transaction() as session:
        import_workspace(session, document, replace=False)
    events = _export(copy, tmp_path / "copy.ics")
    assert events[coffee].status == "CANCELLED"
    # The copy knows what calendars hold of Bob's review: unchanged, so not raised.
    assert (events[review].sequence, events[review].last_modified) == (
        first[review].sequence, first[review].last_modified)
    copy.close()


def test_replacing_the_workspace_cancels_the_old_entries_unless_the_file_brings_them_back(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    coffee, review = _uids(database, plan.coffee, plan.review)
    first = _export(database, tmp_path / "1.ics")
    with database.transaction() as session:
        document = export_workspace(session, now=NOW)
    document["touchpoints"] = [t for t in document["touchpoints"] if t["uid"] != coffee]

    with database.transaction() as session:
        import_workspace(session, document, replace=True)
    events = _export(database, tmp_path / "2.ics")

    assert events[coffee].status == "CANCELLED"  # not in the file: withdrawn
    assert events[review].status == "CONFIRMED"  # the same touch again: updated in place
    assert events[review].sequence > first[review].sequence
    with database.transaction() as session:
        assert session.scalars(select(WithdrawnEntry.uid)).all() == [coffee]


def test_a_removed_persons_cancellations_never_go_to_whoever_gets_their_id(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    review, = _uids(database, plan.review)
    _export(database, tmp_path / "1.ics")
    _remove(database, plan.bob)  # the highest id: SQLite gives it to the next person
    with database.transaction() as session:
        newcomer = create_stakeholder(session, StakeholderChanges(name="Nia", account="Acme"))
        assert newcomer.id == plan.bob
    assert review not in _export(database, tmp_path / "nia.ics", stakeholder_ids=[plan.bob])
    assert _export(database, tmp_path / "all.ics")[review].status == "CANCELLED"


def test_a_file_that_has_a_touch_both_live_and_withdrawn_is_refused(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    _export(database, tmp_path / "1.ics")
    _remove(database, plan.ana)
    with database.transaction() as session:
        document = export_workspace(session, now=NOW)
    document["withdrawn_entries"][0]["uid"] = document["touchpoints"][0]["uid"]
    copy = open_database(f"sqlite:///{tmp_path}/copy.sqlite3", backup=False)
    with pytest.raises(ValidationError, match=r"withdrawn_entries\[0\]\.uid: touchpoints\[0\] "
                                              "has the same uid"), copy.transaction() as session:
        import_workspace(session, document, replace=False)
    copy.close()


def test_a_persons_own_file_cancels_their_touches_once_they_are_removed(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    review, = _uids(database, plan.review)
    bob_file = tmp_path / "bob.ics"
    _export(database, bob_file, stakeholder_ids=[plan.bob])
    _remove(database, plan.bob)
    # Bob is gone, so no stakeholder filter names him; the file that held his review still
    # withdraws it.
    assert _export(database, bob_file, stakeholder_ids=[plan.ana])[review].status == "CANCELLED"


def test_withdrawn_entries_are_left_out_once_they_ended_30_days_ago(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    coffee, hackathon = _uids(database, plan.coffee, plan.hackathon)
    _export(database, tmp_path / "1.ics")
    with database.transaction() as session:
        coffee_end = session.get_one(Touchpoint, plan.coffee).ends_at
    _remove(database, plan.ana)
    later = _export(database, tmp_path / "2.ics", now=coffee_end + timedelta(days=31))
    assert coffee not in later  # March: long over
    assert later[hackathon].status == "CANCELLED"  # April: still to come then
    with database.transaction() as session:
        # Kept all the same: undo still brings the touch back newer than its cancellation.
        assert session.scalar(select(func.count()).select_from(WithdrawnEntry)) == 2
