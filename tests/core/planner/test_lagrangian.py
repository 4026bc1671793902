"""The priced-time bound for large workspaces: never below the best plan, exact where nothing
is shared between stakeholders."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cadence.planner import cpsat, paths, service
from cadence.planner.candidates import Horizon
from cadence.planner.greedy import greedy
from cadence.planner.lagrangian import path_bound
from cadence.planner.options import build_problem
from cadence.planner.placement import place
from cadence.planner.rules import violations
from cadence.planner.scoring import marginal_values
from cadence.planner.snapshot import Manager, Person, Snapshot
from tests.core.planner.test_planner_properties import KINDS, NOW, START, people, snapshots


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_the_bound_is_never_below_the_best_plan(case: tuple[Snapshot, int]) -> None:
    snapshot, weeks = case
    problem = build_problem(snapshot, Horizon.build(START, weeks, snapshot.manager.zone, NOW))
    best = cpsat.solve(problem, work_limit=20.0)
    assume(best.status == "optimal")

    priced = path_bound(problem, time_budget=20.0)

    assert priced is not None
    assert priced.bound >= best.objective


def test_a_crowded_calendar_is_planned_within_one_percent_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The manager is free three hours a day, different hours each day: stakeholders reachable
    # in the same few of them compete for them, which the windows and their unions price.
    from benchmarks.planner import START as BENCH_START
    from benchmarks.planner import crowded, synthetic_snapshot

    snapshot = crowded(synthetic_snapshot(100, 8), 8)
    monkeypatch.setattr(service, "MANY_STAKEHOLDER_WEEKS", 0)

    plan = service.plan_snapshot(snapshot, start=BENCH_START, weeks=8)

    horizon = Horizon.build(BENCH_START, 8, "Europe/Berlin", snapshot.now)
    assert violations(snapshot, horizon, plan.touchpoints) == []
    assert plan.objective <= plan.bound <= plan.objective * 1.01


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(1), st.integers(1, 8))
def test_one_stakeholder_alone_gets_exactly_the_best_plan_value(person: Person, weeks: int) -> None:
    # Nothing is shared with anyone (ample time, no events, no promises) and the stakeholder
    # is reachable all week, so a touch may sit at the same hour every week: the best path is
    # the best plan once placed, so the bound must equal a real plan's value, no more.
    person = replace(person, reachable_days=frozenset(range(7)), reachable_start=time(0),
                     reachable_end=time(23), min_gap_days=min(person.min_gap_days, 7))
    manager = Manager("UTC", frozenset(range(7)), time(0), time(23), weekly_capacity_hours=80.0)
    snapshot = Snapshot(NOW, manager, KINDS, (person,), (), (), ())
    problem = build_problem(snapshot, Horizon.build(START, weeks, "UTC", NOW),
                            slots_per_option=1)

    priced = path_bound(problem, time_budget=20.0)

    assert priced is not None
    placed = place(problem, priced.leading)
    assert problem.value(placed) == priced.bound


def test_a_wide_workspace_is_planned_by_pricing_within_one_percent_of_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benchmarks.planner import START as BENCH_START
    from benchmarks.planner import synthetic_snapshot

    snapshot = synthetic_snapshot(60, 6)
    monkeypatch.setattr(service, "MANY_STAKEHOLDER_WEEKS", 0)

    plan = service.plan_snapshot(snapshot, start=BENCH_START, weeks=6)

    problem = build_problem(snapshot, Horizon.build(BENCH_START, 6, "Europe/Berlin", snapshot.now),
                            slots_per_option=1)
    assert plan.status == "near-optimal"
    assert violations(snapshot, problem.horizon, plan.touchpoints) == []
    assert plan.objective * 100 >= problem.value(greedy(problem))
    assert plan.objective <= plan.bound <= plan.objective * 1.01


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(1), st.integers(1, 8))
def test_the_path_found_is_a_plan_worth_exactly_what_the_search_says(
    person: Person, weeks: int,
) -> None:
    # The path is read back from the search; a wrong back-pointer would give a different set
    # of touches (or break the gap or budget) and a different value.
    manager = Manager("UTC", frozenset(range(7)), time(0), time(23), weekly_capacity_hours=80.0)
    snapshot = Snapshot(NOW, manager, KINDS, (person,), (), (), ())
    problem = build_problem(snapshot, Horizon.build(START, weeks, "UTC", NOW),
                            slots_per_option=1)
    assume(problem.options)
    nodes = paths.merge(problem)
    (chunk,) = paths.chunks(problem, nodes)

    values, (path,) = paths.best_paths(chunk, np.zeros(chunk.gain.shape))

    chosen = [problem.options[nodes.members[n][0]] for n in path]
    plan = [o.chosen() for o in chosen]
    assert sum(marginal_values(problem.values, plan)) == pytest.approx(values[0])
    assert len({o.week for o in chosen}) == len(chosen)
    # The path keeps the gap once its touches are placed in their rooms.
    placed = place(problem, [nodes.members[n][0] for n in path])
    starts = sorted(problem.options[i].start for i in placed)
    gap = timedelta(days=person.min_gap_days)
    assert all(b - a >= gap for a, b in pairwise(starts))
    if len(path) <= 2 and person.reachable_days == frozenset(range(7)):
        assert len(placed) == len(path)
