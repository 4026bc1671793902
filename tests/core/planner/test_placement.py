"""Placing the priced touches in the calendar: every rule kept, and the bound still holds
for touches that moved out of their candidate slots."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from unittest import mock

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cadence.planner import cpsat, service
from cadence.planner.candidates import GRID, Horizon, grid_starts, quarter_hours
from cadence.planner.greedy import greedy
from cadence.planner.lagrangian import path_bound
from cadence.planner.options import Problem, build_problem
from cadence.planner.placement import place
from cadence.planner.rules import violations
from cadence.planner.snapshot import (
    EventOffer,
    Interval,
    Manager,
    PastTouch,
    Person,
    Snapshot,
)
from cadence.vocabulary import Period
from tests.core.planner.test_planner_properties import KINDS, NOW, START, snapshots


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_priced_plans_keep_every_rule_and_stay_within_their_bound(
    case: tuple[Snapshot, int],
) -> None:
    snapshot, weeks = case
    with mock.patch.object(service, "MANY_STAKEHOLDER_WEEKS", 0):
        plan = service.plan_snapshot(snapshot, start=START, weeks=weeks)

    horizon = Horizon.build(START, weeks, snapshot.manager.zone, NOW)
    assert violations(snapshot, horizon, plan.touchpoints) == []
    assert not any("withdrawn" in w for w in plan.warnings)
    assert plan.bound + 1e-6 >= plan.objective


def _every_move(problem: Problem, every: int) -> Problem:
    """The problem with each option also offered at every ``every``-th start of its room."""
    groups = problem.budget_group_of()
    for index in range(len(problem.options)):
        option = problem.options[index]
        starts = list(grid_starts(problem.room(index), option.end - option.start))
        for start in starts[::every]:
            if start != option.start:
                problem.move(index, start, groups[index])
    return problem


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(snapshots())
def test_the_bound_holds_wherever_the_touches_sit_in_their_rooms(
    case: tuple[Snapshot, int],
) -> None:
    snapshot, weeks = case
    horizon = Horizon.build(START, weeks, snapshot.manager.zone, NOW)
    problem = build_problem(snapshot, horizon, slots_per_option=1)
    priced = path_bound(problem, time_budget=20.0)
    moved = _every_move(build_problem(snapshot, horizon, slots_per_option=1), every=6)
    assume(len(moved.options) <= 600)
    best = cpsat.solve(moved, work_limit=20.0)
    assume(best.status == "optimal")

    assert priced is not None
    assert priced.bound >= best.objective


def test_the_bound_allows_the_minimum_gap_wherever_the_touches_may_move() -> None:
    # Ten days apart fits in two weeks only from early in the first to late in the second:
    # the candidate slots need not be there, the moved touches may.
    person = Person(id=1, name="P", account="Acme", tier=1, zone="UTC", importance=5,
                    budget_max=3, budget_period=Period.QUARTER, min_gap_days=10,
                    max_silence_days=14, channels=("email",), reachable_days=frozenset(range(7)),
                    reachable_start=time(0), reachable_end=time(23), likes=frozenset(),
                    dislikes=frozenset(), interests=frozenset(), touches=())
    manager = Manager("UTC", frozenset(range(7)), time(0), time(23), weekly_capacity_hours=40.0)
    snapshot = Snapshot(NOW, manager, KINDS, (person,), (), (), ())
    problem = build_problem(snapshot, Horizon.build(START, 2, "UTC", NOW), slots_per_option=1)
    first, second = (next(i for i, o in enumerate(problem.options) if o.week == week)
                     for week in (0, 1))
    early = problem.move(first, problem.room(first)[0].start, -1)
    last = problem.room(second)[-1]
    late = problem.move(second, last.end - (problem.options[second].end
                                            - problem.options[second].start) - GRID, -1)
    plan = [early, late]
    assert problem.options[late].start - problem.options[early].start >= timedelta(days=10)

    priced = path_bound(build_problem(snapshot, Horizon.build(START, 2, "UTC", NOW),
                                      slots_per_option=1), time_budget=20.0)

    assert priced is not None
    assert priced.bound >= problem.value(plan)


def _crowded(people: int) -> Snapshot:
    """Stakeholders who all can only be reached in the same hour of one day.

    Their ids are four apart, so the slot finder offers each the same quarter hour.
    """
    manager = Manager("UTC", frozenset({0}), time(9), time(10), weekly_capacity_hours=40.0)
    persons = tuple(
        Person(id=4 * n + 1, name=f"P{n}", account="Acme", tier=1, zone="UTC", importance=3,
               budget_max=1, budget_period=Period.MONTH, min_gap_days=7,
               max_silence_days=30, channels=("email",), reachable_days=frozenset({0}),
               reachable_start=time(9), reachable_end=time(10), likes=frozenset(),
               dislikes=frozenset(), interests=frozenset(), touches=())
        for n in range(people))
    return Snapshot(NOW, manager, KINDS, persons, (), (), ())


def test_touches_whose_candidate_slots_collide_are_moved_apart() -> None:
    snapshot = _crowded(4)
    problem = build_problem(snapshot, Horizon.build(START, 1, "UTC", NOW), slots_per_option=1)
    emails = [i for i, o in enumerate(problem.options) if o.kind.key == "email-checkin"]
    assert len({problem.options[i].start for i in emails}) < len(emails), "slots collide"

    chosen = place(problem, emails)

    slots = sorted((problem.options[i].start, problem.options[i].end) for i in chosen)
    assert len(slots) == 4
    assert all(a[1] <= b[0] for a, b in pairwise(slots))
    assert len(greedy(_fixed_slots_only(snapshot))) < 4


def _fixed_slots_only(snapshot: Snapshot) -> Problem:
    return build_problem(snapshot, Horizon.build(START, 1, "UTC", NOW), slots_per_option=1)


def test_a_roomy_week_is_spread_over_its_days_not_piled_on_the_first() -> None:
    manager = Manager("UTC", frozenset(range(5)), time(9), time(17), weekly_capacity_hours=40.0)
    persons = tuple(
        Person(id=n + 1, name=f"P{n}", account="Acme", tier=1, zone="UTC", importance=3,
               budget_max=1, budget_period=Period.MONTH, min_gap_days=7,
               max_silence_days=30, channels=("email",), reachable_days=frozenset(range(5)),
               reachable_start=time(9), reachable_end=time(17), likes=frozenset(),
               dislikes=frozenset(), interests=frozenset(), touches=())
        for n in range(5))
    snapshot = Snapshot(NOW, manager, KINDS, persons, (), (), ())
    problem = build_problem(snapshot, Horizon.build(START, 1, "UTC", NOW), slots_per_option=1)
    emails = [i for i, o in enumerate(problem.options) if o.kind.key == "email-checkin"]

    chosen = place(problem, emails)

    assert len(chosen) == 5
    assert len({problem.options[i].start.date() for i in chosen}) == 5


def test_the_bound_counts_the_quarter_hours_the_calendar_has() -> None:
    # Five stakeholders, one free hour: four emails fit however they are placed, and the
    # bound knows it (without the quarter hours it would allow the fifth).
    snapshot = _crowded(5)
    with mock.patch.object(service, "MANY_STAKEHOLDER_WEEKS", 0):
        plan = service.plan_snapshot(snapshot, start=START, weeks=1)

    assert [t.kind for t in plan.touchpoints] == ["email-checkin"] * 4
    assert plan.bound == plan.objective
    assert plan.status == "optimal"


@given(st.integers(0, 59), st.integers(1, 120))
def test_quarter_hours_counts_the_grid_starts_inside_a_window(minute: int, length: int) -> None:
    start = datetime(2030, 3, 4, 9, minute, tzinfo=UTC)
    window = Interval(start, start + timedelta(minutes=length))
    starts = [t for t in (datetime(2030, 3, 4, 9, tzinfo=UTC) + n * GRID for n in range(12))
              if window.start <= t < window.end]

    assert quarter_hours([window]) == len(starts)


def test_a_crowded_week_is_assigned_at_once_when_one_by_one_leaves_a_touch_out() -> None:
    # Two free hours, three half-hour coffees: placed one by one, least room first, the
    # first takes a start that leaves the others no two free quarter hours in a row.
    manager = Manager("UTC", frozenset({0}), time(9), time(11), weekly_capacity_hours=40.0)
    reachable = [(time(9, 30), time(11)), (time(10, 15), time(11)), (time(9, 15), time(11))]
    persons = tuple(
        Person(id=n + 1, name=f"P{n}", account="Acme", tier=1, zone="UTC", importance=3,
               budget_max=1, budget_period=Period.MONTH, min_gap_days=7, max_silence_days=30,
               channels=("in-person",), reachable_days=frozenset({0}), reachable_start=begin,
               reachable_end=end, likes=frozenset(), dislikes=frozenset(),
               interests=frozenset(), touches=())
        for n, (begin, end) in enumerate(reachable))
    snapshot = Snapshot(NOW, manager, KINDS, persons, (), (), ())
    problem = build_problem(snapshot, Horizon.build(START, 1, "UTC", NOW), slots_per_option=1)
    coffees = [i for i, o in enumerate(problem.options) if o.kind.key == "coffee"]
    assert len(coffees) == 3

    chosen = place(problem, coffees)

    slots = sorted((problem.options[i].start, problem.options[i].end) for i in chosen)
    assert len(slots) == 3
    assert all(a[1] <= b[0] for a, b in pairwise(slots))
    for index in chosen:
        option = problem.options[index]
        begin, end = reachable[option.person]
        assert begin <= option.start.time()
        assert option.end.time() <= end


def test_the_bound_counts_the_quarter_hours_of_the_window_stakeholders_share() -> None:
    # The manager is free two hours a week, but these five stakeholders share only his
    # Monday hour: four emails fit, and the bound knows it although the week has room.
    manager = Manager("UTC", frozenset({0, 1}), time(9), time(10), weekly_capacity_hours=40.0)
    persons = tuple(
        replace(person, reachable_days=frozenset({0})) for person in _crowded(5).people)
    snapshot = Snapshot(NOW, manager, KINDS, persons, (), (), ())
    with mock.patch.object(service, "MANY_STAKEHOLDER_WEEKS", 0):
        plan = service.plan_snapshot(snapshot, start=START, weeks=1)

    assert [t.kind for t in plan.touchpoints] == ["email-checkin"] * 4
    assert {t.start.weekday() for t in plan.touchpoints} == {0}
    assert plan.bound == plan.objective


def test_a_week_keeps_its_option_when_only_part_of_it_is_too_close_to_a_past_touch() -> None:
    # Each stakeholder was last touched ten days before the plan, with a fortnight's gap:
    # the first week is closed until Friday, and its one candidate slot must come from then.
    manager = Manager("UTC", frozenset(range(5)), time(9), time(17), weekly_capacity_hours=40.0)
    last = datetime.combine(START, time(12), tzinfo=UTC) - timedelta(days=10)
    persons = tuple(
        replace(person, id=n + 1, reachable_days=frozenset(range(5)), reachable_start=time(9),
                reachable_end=time(17), min_gap_days=14, touches=(PastTouch(last, "coffee"),))
        for n, person in enumerate(_crowded(12).people))
    snapshot = Snapshot(NOW, manager, KINDS, persons, (), (), ())

    problem = build_problem(snapshot, Horizon.build(START, 1, "UTC", NOW), slots_per_option=1)

    emails = [o for o in problem.options if o.kind.key == "email-checkin"]
    assert {o.person for o in emails} == set(range(12))
    assert all(o.start >= last + timedelta(days=14) for o in emails)


def test_a_small_workspace_also_gets_touches_moved_apart() -> None:
    # Four stakeholders whose candidate slots all collide: searching the candidates alone
    # fits two; pricing and placing them fits all four, and the better plan is kept.
    plan = service.plan_snapshot(_crowded(4), start=START, weeks=1)

    assert len(plan.touchpoints) == 4
    assert plan.status == "optimal"


def test_the_bound_counts_an_invitation_once_however_many_weeks_it_may_go_out_in() -> None:
    # The invitation may go out in either week of the plan: two invites to the same hackathon,
    # a week apart, are one too many, for the plan and for its bound.
    manager = Manager("UTC", frozenset(range(5)), time(9), time(17), weekly_capacity_hours=40.0)
    person = replace(_crowded(1).people[0], reachable_days=frozenset(range(5)),
                     reachable_start=time(9), reachable_end=time(17), budget_max=4,
                     interests=frozenset({"ai"}), likes=frozenset({"hackathon"}),
                     channels=("email", "video"))
    event = EventOffer(1, "Hackathon", datetime.combine(START, time(9), tzinfo=UTC)
                       + timedelta(days=35), "hackathon", seats_left=5,
                       topics=frozenset({"ai"}), invite_lead_days=7)
    snapshot = Snapshot(NOW, manager, KINDS, (person,), (), (event,), ())
    with mock.patch.object(service, "MANY_STAKEHOLDER_WEEKS", 0):
        plan = service.plan_snapshot(snapshot, start=START, weeks=2)

    assert [t.kind for t in plan.touchpoints].count("hackathon") == 1
    assert plan.bound == plan.objective
