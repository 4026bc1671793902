"""An invitation sent to a stakeholder can still be withdrawn once they are removed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from cadence.calendars.ics_export import Organizer, export_ics
from cadence.cli import main
from cadence.errors import NotFoundError
from cadence.models import Stakeholder, Touchpoint
from cadence.stakeholders import remove_stakeholder
from cadence.storage.database import Database, open_database
from cadence.workspace_json import export_workspace, import_workspace
from tests.core.calendars.builders import NOW, Plan

MIA = Organizer("mia@vendor.example", "Mia Manager")


def _export(database: Database, path: Path, now: datetime = NOW,
            **options: object) -> Calendar:
    with database.transaction() as session:
        export_ics(session, path, now=now, **options)  # type: ignore[arg-type]
    return Calendar.from_ical(path.read_bytes())


def _remove(database: Database, stakeholder_id: int) -> None:
    with database.transaction() as session:
        remove_stakeholder(session, session.get_one(Stakeholder, stakeholder_id))


def test_an_invitation_is_cancelled_after_its_stakeholder_is_removed(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    [sent] = _export(database, tmp_path / "invite.ics", invite_id=plan.coffee,
                     organizer=MIA).events
    _remove(database, plan.ana)

    withdrawn = _export(database, tmp_path / "cancel.ics", invite_id=plan.coffee, organizer=MIA)

    assert withdrawn["METHOD"] == "CANCEL"
    [cancel] = withdrawn.events
    assert (cancel.uid, cancel["STATUS"]) == (sent.uid, "CANCELLED")
    assert cancel.sequence > sent.sequence
    assert cancel.start == sent.start
    assert cancel.summary == sent.summary == "Coffee check-in with Mia Manager"
    assert str(cancel.organizer) == "mailto:mia@vendor.example"
    [attendee] = cancel.attendees
    assert str(attendee) == "mailto:ana@acme.example"
    assert attendee.params["CN"] == "Ana Alves"
    assert "RSVP" not in attendee.params  # RFC 5546 3.2.5: a cancellation expects no reply
    # Only ever an invitation: the manager's calendar files never had it to cancel.
    assert sent.uid not in {str(e.uid) for e in _export(database, tmp_path / "cal.ics").events}


def test_a_touch_never_sent_anywhere_leaves_nothing_to_cancel(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    _remove(database, plan.ana)
    with pytest.raises(NotFoundError, match=f"^no touchpoint with id {plan.coffee}$"):
        _export(database, tmp_path / "cancel.ics", invite_id=plan.coffee, organizer=MIA)
    assert not (tmp_path / "cancel.ics").exists()


def test_removing_a_stakeholder_says_which_invitations_to_withdraw_and_how(
    database: Database, plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _export(database, tmp_path / "invite.ics", invite_id=plan.coffee, organizer=MIA)
    _export(database, tmp_path / "cal.ics")  # the hackathon: in a calendar, not invited
    capsys.readouterr()

    assert main(["--db", database.url, "stakeholder", "remove", "Ana Alves"]) == 0
    out = capsys.readouterr().out
    assert (f"touchpoint {plan.coffee} was sent to them as an invitation: withdraw it with "
            f"cadence export ics FILE --invite {plan.coffee} --organizer YOUR_EMAIL") in out
    assert f"touchpoint {plan.hackathon} was sent" not in out

    cancel = tmp_path / "cancel.ics"
    assert main(["--db", database.url, "export", "ics", str(cancel), "--invite",
                 str(plan.coffee), "--organizer", "mia@vendor.example"]) == 0
    assert Calendar.from_ical(cancel.read_bytes())["METHOD"] == "CANCEL"
    with database.transaction() as session:
        assert session.get(Touchpoint, plan.coffee) is None


def test_a_workspace_round_trip_keeps_what_withdraws_an_invitation_and_what_each_file_held(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    [sent] = _export(database, tmp_path / "invite.ics", invite_id=plan.coffee,
                     organizer=MIA).events
    full = _export(database, tmp_path / "full.ics")
    _remove(database, plan.ana)
    with database.transaction() as session:
        document = export_workspace(session, now=NOW)
    copy = open_database(f"sqlite:///{tmp_path}/copy.sqlite3", backup=False)
    try:
        with copy.transaction() as session:
            import_workspace(session, document, replace=False)
        withdrawn = _export(copy, tmp_path / "cancel.ics", invite_id=plan.coffee, organizer=MIA)
        [cancel] = withdrawn.events
        assert (withdrawn["METHOD"], cancel.uid) == ("CANCEL", sent.uid)
        assert str(cancel.attendees[0]) == "mailto:ana@acme.example"
        # The copy knows what full.ics held: a narrower export to it still cancels the rest.
        kept = {str(e.uid) for e in full.events} - {str(sent.uid)}
        narrower = _export(copy, tmp_path / "full.ics", start=NOW.date(), end=NOW.date())
        gone = {str(e.uid) for e in narrower.events if e["STATUS"] == "CANCELLED"}
        assert kept <= gone
    finally:
        copy.close()
