"""Property tests: for random small workspaces, every plan keeps every hard rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cadence.catalogue import DEFAULT_KINDS
from cadence.planner.candidates import Horizon
from cadence.planner.options import status_window
from cadence.planner.rules import violations
from cadence.planner.service import plan_snapshot
from cadence.planner.snapshot import (
    EventOffer,
    FixedTouch,
    Interval,
    Kind,
    Manager,
    OpenCommitment,
    PastTouch,
    Person,
    Snapshot,
)
from cadence.public_holidays import country_of_zone
from cadence.vocabulary import Period

NOW = datetime(2030, 3, 3, 18, 0, tzinfo=UTC)
START = date(2030, 3, 4)
KINDS = tuple(Kind(k.key, k.name, k.value, k.pressure, k.duration_minutes, k.prep_minutes,
                   k.channel.value, k.purpose) for k in DEFAULT_KINDS)
KEYS = [k.key for k in KINDS]
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]
TOPICS = ["ai", "data", "cloud"]
CHANNELS = ["email", "video", "phone", "in-person", "im"]

instants = st.integers(min_value=-200 * 24, max_value=30 * 24).map(
    lambda hours: NOW + timedelta(hours=hours))


@st.composite
def people(draw: st.DrawFn, ident: int) -> Person:
    start_hour = draw(st.integers(6, 14))
    likes = draw(st.sets(st.sampled_from(KEYS), max_size=2))
    zone = draw(st.sampled_from(ZONES))
    return Person(
        id=ident, name=f"P{ident}", account="Acme", tier=draw(st.integers(1, 3)),
        zone=zone, importance=draw(st.integers(1, 5)),
        budget_max=draw(st.integers(0, 3)), budget_period=draw(st.sampled_from(list(Period))),
        min_gap_days=draw(st.integers(0, 30)), max_silence_days=draw(st.integers(7, 120)),
        channels=tuple(draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3,
                                     unique=True))),
        reachable_days=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        reachable_start=time(start_hour), reachable_end=time(start_hour + draw(st.integers(1, 9))),
        likes=frozenset(likes),
        dislikes=frozenset(draw(st.sets(st.sampled_from([k for k in KEYS if k not in likes]),
                                        max_size=3))),
        interests=frozenset(draw(st.sets(st.sampled_from(TOPICS), max_size=2))),
        touches=tuple(sorted((PastTouch(at, draw(st.sampled_from(KEYS)))
                              for at in draw(st.lists(instants, max_size=3))),
                             key=lambda t: t.at)),
        quiet_until=draw(st.none() | instants.filter(lambda t: t > NOW)),
        # As loaded from a workspace; India's Holi (20 March 2030) falls in the horizons.
        holiday_region=country_of_zone(zone),
    )


@st.composite
def snapshots(draw: st.DrawFn) -> tuple[Snapshot, int]:
    weeks = draw(st.integers(1, 4))
    persons = [draw(people(i + 1)) for i in range(draw(st.integers(1, 6)))]
    fixed = []
    for index, person in enumerate(persons):
        if draw(st.booleans()) and draw(st.booleans()):
            at = NOW + timedelta(hours=draw(st.integers(1, 24 * 7 * weeks)))
            touch = FixedTouch(person.id, at, at + timedelta(minutes=30), "coffee")
            fixed.append(touch)
            touches = tuple(sorted((*person.touches, PastTouch(at, "coffee")), key=lambda t: t.at))
            persons[index] = Person(**{**_fields(person), "touches": touches})
    events = tuple(
        EventOffer(i + 1, f"E{i + 1}", NOW + timedelta(days=draw(st.integers(5, 50))),
                   "hackathon", draw(st.integers(0, 3)),
                   frozenset(draw(st.sets(st.sampled_from(TOPICS), min_size=1))),
                   draw(st.integers(0, 20)))
        for i in range(draw(st.integers(0, 2)))
    )
    commitments = tuple(
        OpenCommitment(i + 1, draw(st.sampled_from(persons)).id, f"C{i + 1}",
                       NOW + timedelta(days=draw(st.integers(-20, 30)), hours=6), "due", 2.0)
        for i in range(draw(st.integers(0, 3)))
    )
    busy = tuple(
        Interval(at, at + timedelta(minutes=draw(st.integers(15, 480))))
        for at in draw(st.lists(instants.filter(lambda t: t > NOW), max_size=6))
    )
    manager_zone = draw(st.sampled_from(ZONES))
    manager = Manager(
        zone=manager_zone,
        work_days=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        work_start=time(draw(st.integers(6, 10))), work_end=time(draw(st.integers(12, 20))),
        weekly_capacity_hours=draw(st.sampled_from([0.0, 0.5, 2.0, 6.0, 40.0])),
        holiday_region=country_of_zone(manager_zone),
        weekly_touch_limit=draw(st.none() | st.integers(0, 4)),
    )
    snapshot = Snapshot(NOW, manager, KINDS, tuple(persons), commitments, events, busy,
                        tuple(fixed))
    return snapshot, weeks


def _fields(person: Person) -> dict[str, object]:
    return {name: getattr(person, name) for name in Person.__slots__}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_every_plan_keeps_every_hard_rule(case: tuple[Snapshot, int]) -> None:
    snapshot, weeks = case
    plan = plan_snapshot(snapshot, start=START, weeks=weeks, time_limit=2.0)

    horizon = Horizon.build(START, weeks, snapshot.manager.zone, NOW)
    assert violations(snapshot, horizon, plan.touchpoints) == []
    assert not any("withdrawn" in w for w in plan.warnings)
    assert plan.bound + 1e-6 >= plan.objective
    assert abs(sum(t.value for t in plan.touchpoints) - plan.objective) < 0.05
    assert all(t.reasons for t in plan.touchpoints)
    updates = [t for t in plan.touchpoints if t.commitment_id is not None]
    assert len({t.commitment_id for t in updates}) == len(updates), "one update per promise"
    promises = {c.id: c for c in snapshot.commitments}
    for update in updates:
        lo, hi = status_window(promises[update.commitment_id], horizon)
        assert lo <= update.start < hi


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(snapshots())
def test_a_touch_limit_below_the_busiest_week_is_kept_without_withdrawals(
    case: tuple[Snapshot, int],
) -> None:
    snapshot, weeks = case
    unlimited = replace(snapshot, manager=replace(snapshot.manager, weekly_touch_limit=None))
    horizon = Horizon.build(START, weeks, snapshot.manager.zone, NOW)
    free = plan_snapshot(unlimited, start=START, weeks=weeks, time_limit=2.0)
    busiest = max(Counter(horizon.week_of(t.start) for t in free.touchpoints).values(),
                  default=0)
    assume(busiest > 0)
    limited = replace(snapshot, manager=replace(snapshot.manager,
                                                 weekly_touch_limit=busiest - 1))

    plan = plan_snapshot(limited, start=START, weeks=weeks, time_limit=2.0)

    assert violations(limited, horizon, plan.touchpoints) == []
    assert not any("withdrawn" in w for w in plan.warnings)
    assert plan.bound + 1e-6 >= plan.objective
