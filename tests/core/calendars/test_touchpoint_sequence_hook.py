"""SEQUENCE rises on every change a calendar shows, whoever makes it, and only then."""

from __future__ import annotations

from datetime import timedelta

from cadence.catalogue import kind_by_key
from cadence.models import Touchpoint
from cadence.storage.database import Database
from cadence.vocabulary import Channel, TouchpointStatus
from tests.core.calendars.builders import Plan


def _sequence(database: Database, touchpoint_id: int) -> int:
    with database.transaction() as session:
        return session.get_one(Touchpoint, touchpoint_id).sequence


def _change(database: Database, touchpoint_id: int, **values: object) -> int:
    with database.transaction() as session:
        touchpoint = session.get_one(Touchpoint, touchpoint_id)
        for name, value in values.items():
            setattr(touchpoint, name, value)
    return _sequence(database, touchpoint_id)


def test_a_new_touchpoint_starts_at_zero(database: Database, plan: Plan) -> None:
    assert _sequence(database, plan.coffee) == 0


def test_moving_a_touchpoint_raises_its_sequence(database: Database, plan: Plan) -> None:
    with database.transaction() as session:
        touchpoint = session.get_one(Touchpoint, plan.coffee)
        later = touchpoint.starts_at + timedelta(days=1)
        touchpoint.starts_at, touchpoint.ends_at = later, later + timedelta(minutes=30)
    assert _sequence(database, plan.coffee) == 1


def test_each_visible_attribute_raises_it_once_per_flush(database: Database, plan: Plan) -> None:
    assert _change(database, plan.coffee, agenda="New agenda") == 1
    assert _change(database, plan.coffee, reasons=["a new reason"]) == 2
    assert _change(database, plan.coffee, channel=Channel.PHONE) == 3
    assert _change(database, plan.coffee, status=TouchpointStatus.DONE) == 4
    assert _change(database, plan.coffee, timezone="Europe/Paris") == 5
    assert _change(database, plan.coffee, agenda="Again", reasons=["two at once"]) == 6


def test_changing_the_kind_through_the_relationship_counts(
    database: Database, plan: Plan
) -> None:
    with database.transaction() as session:
        touchpoint = session.get_one(Touchpoint, plan.coffee)
        touchpoint.kind = kind_by_key(session, "lunch")
    assert _sequence(database, plan.coffee) == 1


def test_invisible_or_unchanged_values_leave_it_alone(database: Database, plan: Plan) -> None:
    with database.transaction() as session:
        agenda = session.get_one(Touchpoint, plan.coffee).agenda
    assert _change(database, plan.coffee, value=7.5) == 0
    assert _change(database, plan.coffee, status_reason="busy week") == 0
    assert _change(database, plan.coffee, agenda=agenda) == 0


def test_reviving_a_dismissed_touchpoint_outranks_its_published_cancellation(
    database: Database, plan: Plan
) -> None:
    assert _change(database, plan.coffee, status=TouchpointStatus.DISMISSED) == 1
    # Export publishes the cancellation as sequence 2; the revival must be newer still.
    assert _change(database, plan.coffee, status=TouchpointStatus.ACCEPTED) == 3
