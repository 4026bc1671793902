"""ICS export: one VEVENT per touchpoint that updates in place instead of duplicating."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from cadence.calendars.ics_export import Organizer, export_ics
from cadence.calendars.ics_import import import_calendar
from cadence.errors import CadenceError, NotFoundError, ValidationError
from cadence.models import Touchpoint
from cadence.settings import load_settings
from cadence.storage.database import Database
from cadence.vocabulary import TouchpointStatus
from tests.core.calendars.builders import NOW, Plan, add_touchpoint


def _export(database: Database, path: Path, now: datetime = NOW, **options: object) -> Calendar:
    with database.transaction() as session:
        export_ics(session, path, now=now, **options)  # type: ignore[arg-type]
    return Calendar.from_ical(path.read_bytes())


def _events(calendar: Calendar) -> dict[str, Event]:
    return {str(event.uid): event for event in calendar.events}


def _uid(database: Database, touchpoint_id: int) -> str:
    with database.transaction() as session:
        return session.get_one(Touchpoint, touchpoint_id).uid


def test_calendar_envelope(database: Database, plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    calendar = _export(database, path)
    raw = path.read_bytes()
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Cadence touchpoints"
    assert str(calendar["PRODID"]).startswith("-//Cadence//")
    # RFC 5545 3.1: CRLF line ends, content lines folded at 75 octets.
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    # One VTIMEZONE per zone the touchpoints are in (Ana in Lisbon, Bob in New York).
    assert sorted(tz.tz_name for tz in calendar.timezones) == ["America/New_York", "Europe/Lisbon"]
    assert calendar.get_missing_tzids() == set()


def test_accepted_touchpoints_become_events(database: Database, plan: Plan, tmp_path: Path) -> None:
    events = _events(_export(database, tmp_path / "plan.ics"))
    assert len(events) == 3  # the suggested e-mail check-in is not accepted
    coffee = events[_uid(database, plan.coffee)]
    assert coffee.summary == "Coffee check-in with Ana Alves (Acme)"
    assert coffee.start == datetime(2026, 3, 10, 10, tzinfo=UTC)
    assert str(coffee.start.tzinfo) == "Europe/Lisbon"
    assert coffee.end - coffee.start == timedelta(minutes=30)
    assert coffee.sequence == 0
    assert coffee.status == "CONFIRMED"
    assert coffee.categories == ["Coffee check-in", "Acme"]
    description = coffee.description or ""
    assert "- 41 days since the last quality contact" in description
    assert "Agenda:\nAsk how the new warehouse is going" in description
    assert "Topics to avoid: politics" in description
    assert "- Send the migration plan (due 2026-03-20)" in description
    assert coffee.DTSTAMP == NOW
    assert "ATTENDEE" not in coffee
    assert "ORGANIZER" not in coffee
    [alarm] = coffee.subcomponents
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-15)


def test_event_touchpoints_carry_location_and_url(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    hackathon = _events(_export(database, tmp_path / "plan.ics"))[_uid(database, plan.hackathon)]
    assert hackathon.location == "Kraftwerk, Köpenicker Str. 70, Berlin"
    assert hackathon.url == "https://example.com/hack"


def test_an_invitation_names_its_event_and_is_not_held_at_the_venue(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    with database.transaction() as session:
        at_the_event = session.get_one(Touchpoint, plan.hackathon)
        hack = at_the_event.event
        assert hack is not None
        invite = add_touchpoint(session, at_the_event.stakeholder, "hackathon",
                                hack.starts_at - timedelta(days=21), minutes=15, event=hack)
        session.flush()
        invite_id = invite.id
    events = _events(_export(database, tmp_path / "plan.ics"))

    sent = events[_uid(database, invite_id)]
    assert sent.summary == "Invite to Spring hackathon with Ana Alves (Acme)"
    assert "LOCATION" not in sent
    assert sent.url == "https://example.com/hack"
    # Writing the invitation needs the event's when, where and link at hand.
    assert ("Event: Spring hackathon, Tue 2026-04-14 09:00-17:00 Europe/Berlin, Kraftwerk, "
            "Köpenicker Str. 70, Berlin, https://example.com/hack") in (sent.description or "")
    there = events[_uid(database, plan.hackathon)]
    assert there.summary == "Spring hackathon with Ana Alves (Acme)"
    invitation = _export(database, tmp_path / "invite.ics", invite_id=invite_id,
                         organizer=Organizer("mia@vendor.example", "Mia Manager"))
    assert [e.summary for e in invitation.events] == [
        "Your invitation to Spring hackathon with Mia Manager"]


def test_alarm_follows_settings_and_switch(database: Database, plan: Plan, tmp_path: Path) -> None:
    calendar = _export(database, tmp_path / "a.ics", alarm=False)
    assert not any(event.subcomponents for event in calendar.events)
    with database.transaction() as session:
        load_settings(session).alarm_minutes = None
    calendar = _export(database, tmp_path / "b.ics")
    assert not any(event.subcomponents for event in calendar.events)


def test_status_all_adds_suggestions_as_tentative(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    events = _events(_export(database, tmp_path / "plan.ics", status="all"))
    assert len(events) == 4
    assert events[_uid(database, plan.suggested)].status == "TENTATIVE"


def test_filters_by_window_and_stakeholder(database: Database, plan: Plan, tmp_path: Path) -> None:
    march = _events(_export(database, tmp_path / "m.ics", start=date(2026, 3, 1),
                            end=date(2026, 3, 31)))
    assert set(march) == {_uid(database, plan.coffee), _uid(database, plan.review)}
    ana = _events(_export(database, tmp_path / "a.ics", stakeholder_ids=[plan.ana]))
    assert set(ana) == {_uid(database, plan.coffee), _uid(database, plan.hackathon)}


def _without_stamps(content: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:[0-9TZ]+\r\n", b"", content)


def test_exporting_twice_without_changes_is_byte_identical_but_for_dtstamp(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "plan.ics"
    _export(database, path, now=NOW)
    first = path.read_bytes()
    _export(database, path, now=NOW + timedelta(hours=5))
    second = path.read_bytes()
    assert first != second
    assert _without_stamps(first) == _without_stamps(second)


def test_export_marks_touchpoints_without_touching_last_modified(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    with database.transaction() as session:
        before = session.get_one(Touchpoint, plan.coffee).updated_at
    _export(database, tmp_path / "plan.ics")
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        suggested = session.get_one(Touchpoint, plan.suggested)
        assert coffee.exported_at == NOW
        assert coffee.updated_at == before
        assert suggested.exported_at is None


def test_reexport_after_a_change_keeps_uids_and_raises_sequence(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    first = _events(_export(database, tmp_path / "1.ics"))
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        coffee.starts_at += timedelta(days=2)
        coffee.ends_at += timedelta(days=2)
    second = _events(_export(database, tmp_path / "2.ics", now=NOW + timedelta(days=1)))
    assert set(first) == set(second)
    uid = _uid(database, plan.coffee)
    assert second[uid].sequence == first[uid].sequence + 1
    assert second[uid].start == first[uid].start + timedelta(days=2)


def test_dismissed_after_export_is_published_cancelled_with_higher_sequence(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    first = _events(_export(database, tmp_path / "1.ics"))
    with database.transaction() as session:
        session.get_one(Touchpoint, plan.review).status = TouchpointStatus.DISMISSED
        session.get_one(Touchpoint, plan.suggested).status = TouchpointStatus.DISMISSED
    second = _events(_export(database, tmp_path / "2.ics"))
    review = second[_uid(database, plan.review)]
    assert review.status == "CANCELLED"
    assert review.sequence > first[review.uid].sequence
    assert not review.subcomponents  # no alarm for a cancelled touch
    # Never exported, so nothing to cancel anywhere.
    assert _uid(database, plan.suggested) not in second


def test_moved_out_of_the_window_is_cancelled_in_the_file_that_had_it(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    window = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
    _export(database, tmp_path / "march.ics", **window)
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        coffee.starts_at += timedelta(days=30)
        coffee.ends_at += timedelta(days=30)
    events = _events(_export(database, tmp_path / "march.ics", **window))
    assert events[_uid(database, plan.coffee)].status == "CANCELLED"
    assert events[_uid(database, plan.review)].status == "CONFIRMED"
    # Another March file never had the coffee: it is still planned, so nothing to cancel.
    assert _uid(database, plan.coffee) not in _events(
        _export(database, tmp_path / "other.ics", **window))


def test_a_narrower_export_to_another_file_cancels_nothing_still_planned(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # A calendar holding full.ics that imports march.ics must keep the April hackathon.
    _export(database, tmp_path / "full.ics", status="all")
    march = _events(_export(database, tmp_path / "march.ics", start=date(2026, 3, 1),
                            end=date(2026, 3, 31)))
    assert set(march) == {_uid(database, plan.coffee), _uid(database, plan.review)}
    assert {str(e["STATUS"]) for e in march.values()} == {"CONFIRMED"}
    # Suggestions published to full.ics are no cancellations for an accepted-only file.
    accepted = _events(_export(database, tmp_path / "accepted.ics"))
    assert _uid(database, plan.suggested) not in accepted
    assert {str(e["STATUS"]) for e in accepted.values()} == {"CONFIRMED"}
    # The same file, narrowed, withdraws what it held: the suggestion and the hackathon.
    narrowed = _events(_export(database, tmp_path / "full.ics", end=date(2026, 3, 31)))
    cancelled = {uid for uid, e in narrowed.items() if e["STATUS"] == "CANCELLED"}
    assert cancelled == {_uid(database, plan.suggested), _uid(database, plan.hackathon)}


def test_a_file_narrowed_to_some_people_cancels_the_others_it_published(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "team.ics"
    _export(database, path)
    ana_only = _events(_export(database, path, stakeholder_ids=[plan.ana]))
    assert ana_only[_uid(database, plan.review)].status == "CANCELLED"  # Bob's, held before
    assert ana_only[_uid(database, plan.coffee)].status == "CONFIRMED"
    assert _uid(database, plan.review) not in _events(
        _export(database, tmp_path / "ana.ics", stakeholder_ids=[plan.ana]))


def test_cancellations_are_left_out_once_the_entry_ended_30_days_ago(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "cal.ics"
    _export(database, path)
    with database.transaction() as session:
        review = session.get_one(Touchpoint, plan.review)
        review.status = TouchpointStatus.DISMISSED
        ended = review.ends_at
    review_uid, coffee_uid = _uid(database, plan.review), _uid(database, plan.coffee)
    soon = _events(_export(database, path, now=ended + timedelta(days=29)))
    assert soon[review_uid].status == "CANCELLED"
    later = _events(_export(database, path, now=ended + timedelta(days=31)))
    assert review_uid not in later
    assert later[coffee_uid].status == "CONFIRMED"  # a past touch still planned stays


def test_an_export_with_nothing_in_it_is_still_a_valid_calendar(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "empty.ics"
    calendar = _export(database, path)
    # RFC 5545 3.6: at least one component; the manager's zone is the one there always is.
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    with database.transaction() as session:
        report = import_calendar(session, path, start=date(2026, 3, 1), end=date(2026, 3, 31),
                                 manager_zone="Europe/Berlin", now=NOW)
    assert (report.events, report.blocks) == (0, 0)


def test_invitation_for_one_touchpoint(database: Database, plan: Plan, tmp_path: Path) -> None:
    calendar = _export(database, tmp_path / "invite.ics", invite_id=plan.coffee,
                       organizer=Organizer("mia@vendor.example", "Mia Manager"))
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.events
    assert event.uid == _uid(database, plan.coffee)
    assert str(event.organizer) == "mailto:mia@vendor.example"
    [attendee] = event.attendees
    assert str(attendee) == "mailto:ana@acme.example"
    assert attendee.params["CN"] == "Ana Alves"
    assert attendee.params["RSVP"] == "TRUE"
    # Ana reads what it is and whom it is with: the manager, not herself and her own company.
    assert event.summary == "Coffee check-in with Mia Manager"
    # Ana reads it: the agenda, but none of the manager's notes about her.
    assert event["DESCRIPTION"] == (
        "Channel: in-person\n\n"
        "Agenda:\nAsk how the new warehouse is going; mention the analytics pilot.")
    assert "CATEGORIES" not in event
    assert not event.subcomponents  # no alarm: her calendar sets her own
    with database.transaction() as session:
        # The invitation goes to Ana; the manager's own calendar has not seen the touch yet.
        assert session.get_one(Touchpoint, plan.coffee).exported_at is None


def test_a_dismissed_touch_withdraws_its_invitation(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    mia = Organizer("mia@vendor.example", "Mia Manager")
    sent = _export(database, tmp_path / "invite.ics", invite_id=plan.coffee, organizer=mia)
    with database.transaction() as session:
        session.get_one(Touchpoint, plan.coffee).status = TouchpointStatus.DISMISSED
    withdrawn = _export(database, tmp_path / "cancel.ics", invite_id=plan.coffee, organizer=mia)
    assert withdrawn["METHOD"] == "CANCEL"
    [before], [after] = sent.events, withdrawn.events
    assert (after.uid, after["STATUS"]) == (before.uid, "CANCELLED")
    assert after.sequence > before.sequence
    assert [str(a) for a in after.attendees] == ["mailto:ana@acme.example"]
    # RFC 5546 3.2.5: a cancellation expects no reply.
    assert not {"RSVP", "PARTSTAT"} & set(after.attendees[0].params)
    assert str(after.organizer) == "mailto:mia@vendor.example"

    with database.transaction() as session:
        # Exported by a Cadence before schema 0006, which kept no digest: still cancellable.
        review = session.get_one(Touchpoint, plan.review)
        review.exported_at, review.status = NOW, TouchpointStatus.DISMISSED
        review.stakeholder.email = "bob@acme.example"
    again = _export(database, tmp_path / "old.ics", invite_id=plan.review, organizer=mia)
    assert again["METHOD"] == "CANCEL"

    with database.transaction() as session:
        session.get_one(Touchpoint, plan.suggested).status = TouchpointStatus.DISMISSED
    with pytest.raises(ValidationError, match="nothing to cancel"):
        _export(database, tmp_path / "never.ics", invite_id=plan.suggested, organizer=mia)


@pytest.mark.parametrize("status", [TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED])
def test_a_touch_not_accepted_is_not_sent_as_an_invitation(
    database: Database, plan: Plan, tmp_path: Path, status: TouchpointStatus
) -> None:
    with database.transaction() as session:
        touch = session.get_one(Touchpoint, plan.suggested)
        touch.status = status
        touch.stakeholder.email = "bob@acme.example"
    target = tmp_path / "invite.ics"
    with pytest.raises(ValidationError) as refused:
        _export(database, target, invite_id=plan.suggested, organizer=Organizer("m@v.example"))
    assert (refused.value.field, refused.value.message) == (
        "invite", f"touchpoint {plan.suggested} is only {status.value}: accept it first "
                  f"(cadence touchpoint accept {plan.suggested})")
    assert not target.exists()

    with database.transaction() as session:
        session.get_one(Touchpoint, plan.suggested).status = TouchpointStatus.ACCEPTED
    sent = _export(database, target, invite_id=plan.suggested, organizer=Organizer("m@v.example"))
    assert sent["METHOD"] == "REQUEST"


def test_invitation_errors_name_the_problem(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    target = tmp_path / "invite.ics"
    with pytest.raises(ValidationError, match="organizer"):
        _export(database, target, invite_id=plan.coffee)
    with pytest.raises(ValidationError, match="Bob Brown has no e-mail"):
        _export(database, target, invite_id=plan.review, organizer=Organizer("m@v.example"))
    with pytest.raises(NotFoundError):
        _export(database, target, invite_id=999, organizer=Organizer("m@v.example"))
    assert not target.exists()


def test_bad_options_are_refused(database: Database, plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="status"):
        _export(database, tmp_path / "x.ics", status="maybe")
    with pytest.raises(ValidationError, match="before"):
        _export(database, tmp_path / "x.ics", start=date(2026, 3, 2), end=date(2026, 3, 1))


def test_failed_write_keeps_the_old_file(
    database: Database, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.ics"
    path.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(CadenceError, match="No space left"):
        _export(database, path)
    assert path.read_bytes() == b"old"
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    with pytest.raises(CadenceError, match="cannot write"):
        _export(database, tmp_path / "missing" / "plan.ics")


def test_new_files_are_private_and_rewrites_keep_the_mode(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "plan.ics"
    _export(database, path)
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)  # e.g. served to a calendar app running as another user
    _export(database, path)
    assert path.stat().st_mode & 0o777 == 0o644


def test_the_repeated_hour_when_clocks_go_back_is_written_in_utc(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    # Lisbon repeats 01:00-02:00 on 25 October 2026: 01:30 happens at 00:30 and 01:30 UTC.
    first, second = datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30,
                                                                          tzinfo=UTC)
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        review = session.get_one(Touchpoint, plan.hackathon)
        coffee.starts_at, coffee.ends_at = first, first + timedelta(minutes=30)
        review.starts_at, review.ends_at = second, second + timedelta(minutes=30)
    events = _events(_export(database, tmp_path / "plan.ics"))
    early, late = events[_uid(database, plan.coffee)], events[_uid(database, plan.hackathon)]
    assert str(early.start.tzinfo) == "Europe/Lisbon"
    # PEP 495: a time in the repeated hour never compares equal across zones; convert first.
    assert early.start.astimezone(UTC) == first
    assert late.start.utcoffset() == timedelta(0)
    assert b"DTSTART:20261025T013000Z" in (tmp_path / "plan.ics").read_bytes()
    assert late.start == second


def test_control_characters_never_reach_the_file(
    database: Database, plan: Plan, tmp_path: Path
) -> None:
    with database.transaction() as session:
        coffee = session.get_one(Touchpoint, plan.coffee)
        coffee.stakeholder.name = "Ana\x07 Alves\x1b"
        coffee.agenda = "Line one\r\nLine\x0b two\x7f"
    path = tmp_path / "plan.ics"
    event = _events(_export(database, path))[_uid(database, plan.coffee)]
    raw = path.read_bytes()
    assert not re.search(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", raw)
    assert event.summary == "Coffee check-in with Ana Alves (Acme)"
    assert "Agenda:\nLine one\nLine two" in str(event["DESCRIPTION"])
