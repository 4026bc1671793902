"""The commitments ledger and the on-time rate computed from it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.commitments import (
    add_commitment,
    commitment_as_json,
    list_commitments,
    mark_delivered,
    mark_dropped,
    move_due_date,
    on_time_rate,
    overtaken_update,
    reopen,
    status_updates,
)
from cadence.errors import ValidationError
from cadence.models import Commitment, Stakeholder, Touchpoint
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.vocabulary import Channel, CommitmentStatus, TouchpointStatus
from tests.conftest import TODAY


def test_on_time_rate_counts_promises_that_have_come_due(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    early = add_commitment(session, person, what="Runbook", due_on=TODAY - timedelta(days=10))
    late = add_commitment(session, person, what="Pilot", due_on=TODAY - timedelta(days=20))
    dropped = add_commitment(session, person, what="Roadmap", due_on=TODAY - timedelta(days=5))
    add_commitment(session, person, what="Overdue", due_on=TODAY - timedelta(days=1))
    add_commitment(session, person, what="Not yet due", due_on=TODAY + timedelta(days=9))
    mark_delivered(early, TODAY - timedelta(days=12), TODAY)
    mark_delivered(late, TODAY - timedelta(days=2), TODAY)
    mark_dropped(dropped, "budget cut")

    rate = on_time_rate(person.commitments, TODAY)
    assert (rate.on_time, rate.due) == (1, 4)
    assert str(rate) == "25%"
    assert "budget cut" in dropped.notes


def test_no_due_commitments_means_no_rate(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    add_commitment(session, person, what="Later", due_on=TODAY + timedelta(days=3))
    assert on_time_rate(person.commitments, TODAY).rate is None


def test_a_delivered_commitment_cannot_be_delivered_again(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    made = add_commitment(session, person, what="Runbook", due_on=date(2026, 12, 1))
    mark_delivered(made, date(2026, 11, 30), date(2026, 11, 30))
    with pytest.raises(ValidationError, match="already delivered"):
        mark_delivered(made, date(2026, 12, 2), date(2026, 12, 2))


def test_a_date_moved_in_good_time_is_the_one_the_promise_is_measured_by(
    session: Session,
) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    runbook = add_commitment(session, person, what="Runbook", due_on=TODAY + timedelta(days=2))

    move_due_date(runbook, TODAY + timedelta(days=9), TODAY, "their test system is down")
    move_due_date(runbook, TODAY + timedelta(days=12), TODAY + timedelta(days=1))
    delivered = TODAY + timedelta(days=11)
    mark_delivered(runbook, delivered, delivered)

    assert runbook.due_on == TODAY + timedelta(days=12)
    assert runbook.first_due_on == TODAY + timedelta(days=2)
    assert runbook.missed_due_on is None
    rate = on_time_rate(person.commitments, TODAY + timedelta(days=20))
    assert (rate.on_time, rate.due) == (1, 1)
    assert runbook.notes.splitlines() == [
        f"Moved from {TODAY + timedelta(days=2)} to {TODAY + timedelta(days=9)} on {TODAY}: "
        "their test system is down",
        f"Moved from {TODAY + timedelta(days=9)} to {TODAY + timedelta(days=12)} on "
        f"{TODAY + timedelta(days=1)}",
    ]
    assert commitment_as_json(runbook)["first_due"] == str(TODAY + timedelta(days=2))


def test_a_date_moved_after_it_passed_stays_missed(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    pilot = add_commitment(session, person, what="Pilot", due_on=TODAY - timedelta(days=3))

    move_due_date(pilot, TODAY + timedelta(days=4), TODAY)
    # No longer late, but already counted against the rate before it is delivered...
    rate = on_time_rate(person.commitments, TODAY)
    assert (rate.on_time, rate.due) == (0, 1)
    # ...and after, however punctually the new date is kept.
    tomorrow = TODAY + timedelta(days=1)
    mark_delivered(pilot, tomorrow, tomorrow)
    assert pilot.missed_due_on == TODAY - timedelta(days=3)
    assert on_time_rate(person.commitments, TODAY + timedelta(days=5)).on_time == 0


@pytest.mark.parametrize(("days", "message"), [
    (-1, "is in the past"),
    (5, "already due on"),
])
def test_a_due_date_cannot_move_into_the_past_or_nowhere(
    session: Session, days: int, message: str
) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    pilot = add_commitment(session, person, what="Pilot", due_on=TODAY + timedelta(days=5))
    with pytest.raises(ValidationError, match=message) as raised:
        move_due_date(pilot, TODAY + timedelta(days=days), TODAY)
    assert raised.value.field == "due"
    assert (pilot.due_on, pilot.first_due_on, pilot.notes) == (
        TODAY + timedelta(days=5), None, "")


def test_a_delivered_promise_keeps_its_date(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    pilot = add_commitment(session, person, what="Pilot", due_on=TODAY + timedelta(days=5))
    mark_delivered(pilot, TODAY, TODAY)
    with pytest.raises(ValidationError, match="already delivered"):
        move_due_date(pilot, TODAY + timedelta(days=9), TODAY)


def test_list_filters_by_status(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    a = add_commitment(session, person, what="A", due_on=date(2026, 12, 1))
    add_commitment(session, person, what="B", due_on=date(2026, 12, 2))
    mark_delivered(a, date(2026, 11, 30), date(2026, 11, 30))
    open_ones = list_commitments(session, status=CommitmentStatus.OPEN)
    assert [c.what for c in open_ones] == ["B"]


def _update(session: Session, person: Stakeholder, promise: Commitment, day: int,
            status: TouchpointStatus) -> Touchpoint:
    start = datetime(2026, 11, day, 10, tzinfo=UTC)
    touch = Touchpoint(stakeholder=person, kind=kind_by_key(session, "status-update"),
                       channel=Channel.EMAIL, starts_at=start,
                       ends_at=start + timedelta(minutes=20), timezone="Europe/Berlin",
                       status=status, commitment_id=promise.id)
    session.add(touch)
    session.flush()
    return touch


def test_a_promise_s_update_is_the_touch_done_else_accepted_else_suggested(
    session: Session,
) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    told = add_commitment(session, person, what="Runbook", due_on=date(2026, 12, 1))
    agreed = add_commitment(session, person, what="Pilot", due_on=date(2026, 12, 2))
    silent = add_commitment(session, person, what="Roadmap", due_on=date(2026, 12, 3))
    done = _update(session, person, told, 20, TouchpointStatus.DONE)
    _update(session, person, told, 27, TouchpointStatus.SUGGESTED)
    accepted = _update(session, person, agreed, 24, TouchpointStatus.ACCEPTED)
    _update(session, person, agreed, 25, TouchpointStatus.SUGGESTED)
    _update(session, person, silent, 26, TouchpointStatus.DISMISSED)

    updates = status_updates(session, [told.id, agreed.id, silent.id])

    assert updates == {told.id: done, agreed.id: accepted}
    assert commitment_as_json(agreed, updates[agreed.id])["update"] == {
        "touchpoint_id": accepted.id, "start": "2026-11-24T11:00:00+01:00",
        "status": "accepted"}
    assert commitment_as_json(silent)["update"] is None


def test_a_suggested_update_on_a_promise_no_longer_open_carries_none(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    delivered = add_commitment(session, person, what="Runbook", due_on=date(2026, 12, 1))
    dropped = add_commitment(session, person, what="Pilot", due_on=date(2026, 12, 2))
    _update(session, person, delivered, 27, TouchpointStatus.SUGGESTED)
    agreed = _update(session, person, dropped, 24, TouchpointStatus.ACCEPTED)
    mark_delivered(delivered, date(2026, 11, 23), date(2026, 11, 23))
    dropped.status = CommitmentStatus.DROPPED
    session.flush()

    # An accepted touch still happens (and may say it was dropped); a suggestion is moot.
    assert status_updates(session, [delivered.id, dropped.id]) == {dropped.id: agreed}


def test_a_promise_is_marked_delivered_only_once_it_is(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    pilot = add_commitment(session, person, what="Pilot", due_on=TODAY + timedelta(days=5))
    with pytest.raises(ValidationError, match="still to come") as raised:
        mark_delivered(pilot, TODAY + timedelta(days=1), TODAY)
    assert raised.value.field == "on"
    assert (pilot.status, pilot.delivered_on) == (CommitmentStatus.OPEN, None)


@pytest.mark.parametrize("what", ["Pilot\nresults", "Pilot\tresults", "Pilot\x7f", "\x9bPilot"])
def test_what_was_promised_is_one_line(session: Session, what: str) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    with pytest.raises(ValidationError, match="has a line break, tab or other control") as raised:
        add_commitment(session, person, what=what, due_on=TODAY + timedelta(days=5))
    assert raised.value.field == "what"
    assert list_commitments(session) == []


def test_an_update_is_overtaken_when_its_promise_closes_or_moves_away(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    due = TODAY + timedelta(days=14)
    promise = add_commitment(session, person, what="Pilot report", due_on=due)
    planned_on = due - timedelta(days=3)  # in the days before it is due, as the planner puts it
    assert overtaken_update(promise, planned_on, TODAY) is None
    assert overtaken_update(None, planned_on, TODAY) is None

    move_due_date(promise, due + timedelta(days=20), TODAY)
    early = overtaken_update(promise, planned_on, TODAY)
    assert early is not None
    assert "comes 13 days earlier than needed" in early
    promise.due_on = planned_on - timedelta(days=1)
    before = overtaken_update(promise, planned_on, TODAY)
    assert before is not None
    assert "before this update" in before
    # Once late, an update after the due date is how the slip is told: nothing overtaken.
    assert overtaken_update(promise, planned_on, planned_on) is None

    mark_delivered(promise, TODAY, TODAY)
    delivered = overtaken_update(promise, planned_on, TODAY)
    assert delivered is not None
    assert "“Pilot report” has been delivered" in delivered
    reopen(promise)
    mark_dropped(promise)
    dropped = overtaken_update(promise, planned_on, TODAY)
    assert dropped is not None
    assert "has been dropped" in dropped
