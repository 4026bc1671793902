"""Events with seats: changed at the venue's hours, never below the seats taken, removed only
while nobody holds a seat (with the invitations merely suggested for them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.errors import ValidationError
from cadence.events import (
    EventChanges,
    add_event,
    edit_event,
    local_span,
    remove_event,
    seats_taken,
)
from cadence.models import Event, Touchpoint
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.touchpoints import accept, complete
from cadence.vocabulary import Channel, TouchpointStatus
from tests.conftest import NOW, TODAY


def _hackathon(session: Session) -> Event:
    return add_event(session, name="AI Hackathon", day=date(2027, 1, 14), seats=3,
                     topics=["AI", "data"], timezone="Europe/Berlin", days=2, today=TODAY)


def _invite(session: Session, event: Event, name: str, status: TouchpointStatus,
            day: date = date(2026, 12, 10)) -> Touchpoint:
    person = create_stakeholder(session, StakeholderChanges(name=name, account="Northwind"))
    start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    touch = Touchpoint(stakeholder=person, kind=kind_by_key(session, "hackathon"),
                       channel=Channel.VIDEO, starts_at=start, ends_at=start + timedelta(hours=1),
                       timezone="Europe/Berlin", status=status, event=event)
    session.add(touch)
    session.flush()
    return touch


def test_a_new_date_or_zone_keeps_the_venue_s_hours(session: Session) -> None:
    event = _hackathon(session)
    edit_event(session, event, EventChanges(day=date(2027, 2, 4), timezone="Asia/Tokyo",
                                            topics=[" Cloud ", "cloud", "AI"]), today=TODAY)
    starts, ends = local_span(event)
    assert (starts.isoformat(), ends.isoformat()) == (
        "2027-02-04T09:00:00+09:00", "2027-02-05T17:00:00+09:00")
    assert event.topics == ["cloud", "ai"]
    assert (event.name, event.seats) == ("AI Hackathon", 3)


def test_an_evening_event_keeps_its_hours_and_a_night_through_event_ends_next_day(
        session: Session) -> None:
    meetup = add_event(session, name="AI Meetup", day=date(2027, 1, 14), seats=40,
                       topics=["ai"], timezone="Europe/London", start=time(18), end=time(21),
                       today=TODAY)
    assert [t.isoformat() for t in local_span(meetup)] == [
        "2027-01-14T18:00:00+00:00", "2027-01-14T21:00:00+00:00"]
    edit_event(session, meetup, EventChanges(days=2, start=time(18), end=time(12)),
               today=TODAY)
    assert [t.isoformat() for t in local_span(meetup)] == [
        "2027-01-14T18:00:00+00:00", "2027-01-15T12:00:00+00:00"]
    edit_event(session, meetup, EventChanges(day=date(2027, 3, 4)), today=TODAY)
    assert [f"{t:%a %H:%M}" for t in local_span(meetup)] == ["Thu 18:00", "Fri 12:00"]


def test_an_event_that_would_end_before_it_starts_is_refused_unchanged(
        session: Session) -> None:
    event = _hackathon(session)
    before = (event.starts_at, event.ends_at)
    with pytest.raises(ValidationError, match=r"ends \(08:00 on its last day\) before it "
                                              r"starts \(09:00 on its first\)") as refused:
        edit_event(session, event, EventChanges(days=1, end=time(8)))
    assert refused.value.field == "hours"
    assert (event.starts_at, event.ends_at) == before


def test_hours_the_clocks_skip_are_refused_by_name(session: Session) -> None:
    # Berlin goes from 02:00 to 03:00 on 28 March 2027: an all-night event may not start at
    # 02:30 (it would quietly become 03:30), and the message says why rather than that it ends
    # before it starts.
    with pytest.raises(ValidationError, match=r"02:30 does not exist on 2027-03-28 in "
                                              r"Europe/Berlin: the clocks go forward an hour"
                       ) as refused:
        add_event(session, name="Night hack", day=date(2027, 3, 28), seats=5, topics=["ai"],
                  timezone="Europe/Berlin", start=time(2, 30), end=time(3, 0), today=TODAY)
    assert refused.value.field == "hours"
    assert session.scalars(select(Event)).all() == []


def test_an_event_s_page_is_a_web_address_or_none(session: Session) -> None:
    event = _hackathon(session)
    edit_event(session, event, EventChanges(url=" https://example.com/hack "))
    assert event.url == "https://example.com/hack"
    for bad in ("example.com/hack", "ftp://example.com/x", "https://", "https://a b.com"):
        with pytest.raises(ValidationError, match="is not a web address") as refused:
            edit_event(session, event, EventChanges(url=bad, seats=9))
        assert refused.value.field == "url"
    assert (event.url, event.seats) == ("https://example.com/hack", 3)
    edit_event(session, event, EventChanges(url=""))
    assert event.url == ""


def test_seats_taken_count_people_with_accepted_or_done_invitations(session: Session) -> None:
    event = _hackathon(session)
    _invite(session, event, "Ingrid", TouchpointStatus.ACCEPTED)
    _invite(session, event, "Jonas", TouchpointStatus.DONE)
    _invite(session, event, "Amelia", TouchpointStatus.SUGGESTED)
    _invite(session, event, "Priya", TouchpointStatus.DISMISSED)
    assert seats_taken(session, event.id) == 2

    with pytest.raises(ValidationError, match="2 seats are taken") as refused:
        edit_event(session, event, EventChanges(seats=1, name="Renamed"))
    assert refused.value.field == "seats"
    assert (event.seats, event.name) == (3, "AI Hackathon")
    edit_event(session, event, EventChanges(seats=2))
    assert event.seats == 2


def test_the_event_cannot_move_before_an_accepted_invitation(session: Session) -> None:
    event = _hackathon(session)
    _invite(session, event, "Ingrid", TouchpointStatus.ACCEPTED, day=date(2026, 12, 20))
    before = (event.starts_at, event.ends_at)
    with pytest.raises(ValidationError, match="Ingrid's accepted invitation on 2026-12-20"):
        edit_event(session, event, EventChanges(day=date(2026, 12, 18)), today=TODAY)
    assert (event.starts_at, event.ends_at) == before
    edit_event(session, event, EventChanges(day=date(2026, 12, 21)), today=TODAY)
    assert local_span(event)[0].date() == date(2026, 12, 21)


def test_an_event_cannot_be_moved_into_the_past(session: Session) -> None:
    event = _hackathon(session)
    before = (event.starts_at, event.ends_at)
    with pytest.raises(ValidationError, match="2026-11-20 is over") as refused:
        edit_event(session, event, EventChanges(day=date(2026, 11, 20)), today=TODAY)
    assert refused.value.field == "date"
    assert (event.starts_at, event.ends_at) == before
    # Its last day may be today, as when it is added.
    edit_event(session, event, EventChanges(day=TODAY - timedelta(days=1)), today=TODAY)
    assert local_span(event)[1].date() == TODAY


def test_an_event_that_is_over_keeps_its_days_but_stays_editable(session: Session) -> None:
    past = add_event(session, name="Old Hackathon", day=date(2026, 11, 10), seats=5,
                     topics=[], timezone="Europe/Berlin", today=date(2026, 11, 1))
    edit_event(session, past, EventChanges(name="AI Hackathon 2026", seats=6), today=TODAY)
    assert (past.name, past.seats) == ("AI Hackathon 2026", 6)
    # A new date or length for it must be one still to come.
    with pytest.raises(ValidationError, match="2026-11-11 is over") as refused:
        edit_event(session, past, EventChanges(days=2), today=TODAY)
    assert refused.value.field == "days"
    with pytest.raises(ValidationError, match="2026-11-09 is over") as refused:
        edit_event(session, past, EventChanges(day=date(2026, 11, 9)), today=TODAY)
    assert refused.value.field == "date"
    assert local_span(past)[0].date() == date(2026, 11, 10)
    edit_event(session, past, EventChanges(day=date(2026, 12, 1)), today=TODAY)
    assert local_span(past)[0].date() == date(2026, 12, 1)


@pytest.mark.parametrize(("changes", "field"), [
    (EventChanges(name="  "), "name"),
    (EventChanges(name="AI\u2029Hackathon"), "name"),  # a paragraph separator: not one line
    (EventChanges(seats=-1), "seats"),
    (EventChanges(days=0), "days"),
    (EventChanges(invite_lead_days=-2), "lead"),
    (EventChanges(timezone="Mars/Olympus"), "timezone"),
    (EventChanges(kind_key="tennis"), "kind"),
])
def test_a_refused_change_changes_nothing(
    session: Session, changes: EventChanges, field: str
) -> None:
    event = _hackathon(session)
    before = (event.name, event.starts_at, event.ends_at, event.seats, event.timezone,
              event.kind.key, event.invite_lead_days)
    with pytest.raises(ValidationError) as refused:
        edit_event(session, event, changes)
    assert refused.value.field == field
    assert (event.name, event.starts_at, event.ends_at, event.seats, event.timezone,
            event.kind.key, event.invite_lead_days) == before


def test_removing_takes_the_suggested_invitations_and_keeps_the_history(
    session: Session,
) -> None:
    event = _hackathon(session)
    suggested = _invite(session, event, "Amelia", TouchpointStatus.SUGGESTED)
    dismissed = _invite(session, event, "Priya", TouchpointStatus.DISMISSED)
    suggested_id = suggested.id

    assert remove_event(session, event) == 1

    assert session.scalars(select(Event)).all() == []
    assert session.get(Touchpoint, suggested_id) is None
    session.refresh(dismissed)
    assert dismissed.event_id is None
    assert dismissed.status is TouchpointStatus.DISMISSED


def test_an_event_with_a_seat_taken_stays(session: Session) -> None:
    event = _hackathon(session)
    _invite(session, event, "Ingrid", TouchpointStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="1 stakeholder has a seat at AI Hackathon"):
        remove_event(session, event)
    assert session.scalars(select(Event)).all() == [event]


def test_an_invitation_is_accepted_only_while_a_seat_is_left(session: Session) -> None:
    event = _hackathon(session)  # 3 seats
    for day, name in enumerate(("Ingrid", "Jonas", "Amelia"), start=1):
        _invite(session, event, name, TouchpointStatus.ACCEPTED, date(2026, 12, day))
    late = _invite(session, event, "Priya", TouchpointStatus.SUGGESTED, date(2026, 12, 5))
    with pytest.raises(ValidationError, match=r"AI Hackathon has no seat left \(3 seats, all "
                                              r"taken\)") as refused:
        accept(session, late, NOW)
    assert refused.value.field == "event"
    with pytest.raises(ValidationError, match="no seat left"):
        complete(session, late, 4, NOW)
    assert late.status is TouchpointStatus.SUGGESTED
    edit_event(session, event, EventChanges(seats=4))
    accept(session, late, NOW)
    assert seats_taken(session, event.id) == 4


def test_a_suggestion_that_overlaps_an_accepted_touch_is_not_accepted(session: Session) -> None:
    event = _hackathon(session)
    first = _invite(session, event, "Ingrid", TouchpointStatus.ACCEPTED, date(2026, 12, 10))
    second = _invite(session, event, "Jonas", TouchpointStatus.SUGGESTED, date(2026, 12, 10))
    with pytest.raises(ValidationError, match="overlaps your Invite to AI Hackathon with Ingrid "
                                              "at 10:00") as refused:
        accept(session, second, NOW)
    assert refused.value.field == "start"
    assert (first.status, second.status) == (TouchpointStatus.ACCEPTED,
                                             TouchpointStatus.SUGGESTED)
    accept(session, first, NOW)  # accepting it again is no clash with itself


def test_an_event_that_is_over_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError, match="2026-11-20 is over") as raised:
        add_event(session, name="Old meetup", day=date(2026, 11, 20), days=3, seats=10,
                  topics=["ai"], timezone="Europe/Berlin", today=TODAY)
    assert raised.value.field == "date"
    # Still on its last day: it runs today, so it is kept.
    add_event(session, name="Summit", day=date(2026, 11, 21), days=3, seats=10,
              topics=["ai"], timezone="Europe/Berlin", today=TODAY)
