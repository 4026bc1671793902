"""Rounding relaxations into plans, including over only the options pricing explored."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.planner import START as BENCH_START
from benchmarks.planner import synthetic_snapshot
from cadence.planner import service
from cadence.planner.candidates import Horizon
from cadence.planner.greedy import greedy
from cadence.planner.options import build_problem
from cadence.planner.plan import Plan
from cadence.planner.rules import violations
from cadence.planner.snapshot import Snapshot
from tests.core.planner.test_planner_properties import NOW, START, snapshots


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(snapshots(), st.randoms(use_true_random=False))
def test_a_restricted_problem_keeps_the_limits_of_the_whole(
    case: tuple[Snapshot, int], rng: random.Random,
) -> None:
    snapshot, weeks = case
    problem = build_problem(snapshot, Horizon.build(START, weeks, snapshot.manager.zone, NOW))
    assume(problem.options)
    keep = sorted(rng.sample(range(len(problem.options)), k=len(problem.options) // 2 + 1))

    part = problem.restricted(keep)
    on_part = greedy(part)
    chosen = {keep[j] for j in on_part}

    # the plan made on the part is a plan of the whole, worth the same, within every budget
    assert part.value(on_part) == problem.value(sorted(chosen))
    for limit, members in problem.budget_groups:
        assert len(chosen.intersection(members)) <= limit


def _plan(snapshot: Snapshot, weeks: int, monkeypatch: pytest.MonkeyPatch,
          restricted: int) -> Plan:
    monkeypatch.setattr(service, "MAX_RELAXATION_OPTIONS", 0)
    monkeypatch.setattr(service, "MAX_RESTRICTED_OPTIONS", restricted)
    return service.plan_snapshot(snapshot, start=BENCH_START, weeks=weeks)


def test_rounding_what_pricing_explored_beats_the_plain_greedy_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot = synthetic_snapshot(60, 6)

    rounded = _plan(snapshot, 6, monkeypatch, restricted=10**9)
    plain = _plan(snapshot, 6, monkeypatch, restricted=0)

    horizon = Horizon.build(BENCH_START, 6, snapshot.manager.zone, snapshot.now)
    assert violations(snapshot, horizon, rounded.touchpoints) == []
    assert not any("withdrawn" in w for w in rounded.warnings)
    assert rounded.objective > plain.objective * 1.005
    assert rounded.bound == plain.bound
