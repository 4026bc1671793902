"""The benchmark's keep-warm measures, which the README quotes against the baseline."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from benchmarks.keep_warm import days_past_silence, keep_warm_floor
from cadence.planner.candidates import Horizon
from cadence.planner.snapshot import Manager, PastTouch, Person, Snapshot
from cadence.vocabulary import Period

NOW = datetime(2027, 1, 3, 18, 0, tzinfo=UTC)
START = date(2027, 1, 4)  # a Monday; the horizon's first instant is midnight UTC
HORIZON = Horizon.build(START, 8, "UTC", NOW)  # 56 days


def _person(ident: int, *, silent_since_days: int, budget: tuple[int, Period]) -> Person:
    return Person(
        id=ident, name=f"P{ident}", account="Acme", tier=1, zone="UTC", importance=3,
        budget_max=budget[0], budget_period=budget[1], min_gap_days=7, max_silence_days=30,
        channels=("email",), reachable_days=frozenset(range(5)), reachable_start=time(9),
        reachable_end=time(17),
        touches=(PastTouch(NOW - timedelta(days=silent_since_days), "coffee"),),
    )


def _snapshot(*people: Person) -> Snapshot:
    manager = Manager("UTC", frozenset(range(5)), time(8), time(18), weekly_capacity_hours=20)
    return Snapshot(NOW, manager, (), people, (), (), ())


def test_silence_runs_from_the_last_touch_and_stops_at_the_next() -> None:
    # Last heard 40 days before "now": past a 30-day silence for all 56 days of the horizon.
    snapshot = _snapshot(_person(1, silent_since_days=40, budget=(2, Period.MONTH)))
    assert days_past_silence(snapshot, HORIZON, []) == 56

    touched = datetime(2027, 1, 14, tzinfo=UTC)  # day 10: fine again until day 40
    assert days_past_silence(snapshot, HORIZON, [(1, touched)]) == 10 + 16


def test_stakeholders_whose_budget_forbids_keeping_warm_are_not_counted() -> None:
    # One touch a quarter cannot keep a 30-day silence: no plan could, so no day counts.
    snapshot = _snapshot(_person(1, silent_since_days=40, budget=(1, Period.QUARTER)))
    assert days_past_silence(snapshot, HORIZON, []) == 0
    assert keep_warm_floor(snapshot, HORIZON) == 0


def test_the_floor_touches_each_stakeholder_at_the_last_moment_silence_allows() -> None:
    overdue = _person(1, silent_since_days=40, budget=(2, Period.MONTH))  # day 0, 30: two
    recent = _person(2, silent_since_days=5, budget=(2, Period.MONTH))  # day 25, 55: two
    assert keep_warm_floor(_snapshot(overdue, recent), HORIZON) == 4
