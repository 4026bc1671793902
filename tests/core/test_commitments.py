"""The commitments ledger and the on-time rate computed from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from cadence.commitments import (
    add_commitment,
    list_commitments,
    mark_delivered,
    mark_dropped,
    on_time_rate,
)
from cadence.errors import ValidationError
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.vocabulary import CommitmentStatus
from tests.conftest import TODAY


def test_on_time_rate_counts_promises_that_have_come_due(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    early = add_commitment(session, person, what="Runbook", due_on=TODAY - timedelta(days=10))
    late = add_commitment(session, person, what="Pilot", due_on=TODAY - timedelta(days=20))
    dropped = add_commitment(session, person, what="Roadmap", due_on=TODAY - timedelta(days=5))
    add_commitment(session, person, what="Overdue", due_on=TODAY - timedelta(days=1))
    add_commitment(session, person, what="Not yet due", due_on=TODAY + timedelta(days=9))
    mark_delivered(early, TODAY - timedelta(days=12))
    mark_delivered(late, TODAY - timedelta(days=2))
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
    mark_delivered(made, date(2026, 11, 30))
    with pytest.raises(ValidationError, match="already delivered"):
        mark_delivered(made, date(2026, 12, 2))


def test_list_filters_by_status(session: Session) -> None:
    person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
    a = add_commitment(session, person, what="A", due_on=date(2026, 12, 1))
    add_commitment(session, person, what="B", due_on=date(2026, 12, 2))
    mark_delivered(a, date(2026, 11, 30))
    open_ones = list_commitments(session, status=CommitmentStatus.OPEN)
    assert [c.what for c in open_ones] == ["B"]
