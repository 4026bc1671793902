"""The linear relaxation of the planning model, solved with GLOP's simplex.

Each stakeholder's limits (one touch a week, gap, budget, warm and silence windows) are runs
of consecutive weeks, so the relaxation is nearly integral: its optimum is a tight, proven upper
bound on the plan value, and its solution says which options a good plan takes. The greedy
construction starts from those, and CP-SAT from the greedy plan.

A warm or heard week is earned by a touch in the window of weeks before it. The rows say so
over each stakeholder's running count of touches (three terms each, where a sum over the
window would have as many as the silence has weeks), which keeps the model sparse.

The relaxation is highly degenerate: above ten thousand options every simplex tried (GLOP, CLP,
HiGHS) takes 35-60 s at 300 stakeholders x 26 weeks, and PDLP 7 s, so workspaces that size
are planned by pricing instead (:mod:`cadence.planner.lagrangian`).
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from ortools.linear_solver import pywraplp

from cadence.planner.cancel import StopWatcher
from cadence.planner.cpsat import gap_cliques, overlap_cliques
from cadence.planner.options import Problem

log = logging.getLogger(__name__)

Terms = list[tuple[int, float]]


@dataclass(frozen=True)
class Relaxation:
    """The relaxation's optimum (a proven upper bound) and each option's fractional value."""

    bound: int
    fractions: list[float]


@dataclass
class _Lp:
    """``max c x`` subject to ``lo <= a x <= hi`` per row and ``low <= x <= high``."""

    gains: list[float] = field(default_factory=list)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    rows: list[tuple[float, float, Terms]] = field(default_factory=list)

    def column(self, gain: float, high: float = 1.0) -> int:
        self.gains.append(gain)
        self.low.append(0.0)
        self.high.append(high)
        return len(self.gains) - 1

    def row(self, lo: float, hi: float, terms: Terms) -> None:
        self.rows.append((lo, hi, terms))


def relax(
    problem: Problem, time_limit: float, should_stop: Callable[[], bool] | None = None,
) -> Relaxation | None:
    """Solve the relaxation; ``None`` if the solver does not finish within ``time_limit``.

    The bound is not taken from the floating-point objective but recomputed from the dual
    prices by weak duality, which holds for any prices of the right sign: a proven bound even
    if the simplex stopped at a slightly inexact point.
    """
    lp = _formulate(problem)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "GLOP ships with OR-Tools"
    solver.SetTimeLimit(max(1, round(time_limit * 1000)))
    infinity = solver.infinity()
    variables = [solver.NumVar(low, high, "") for low, high in zip(lp.low, lp.high, strict=True)]
    objective = solver.Objective()
    objective.SetMaximization()
    for var, gain in zip(variables, lp.gains, strict=True):
        if gain:
            objective.SetCoefficient(var, gain)
    constraints = []
    for lo, hi, terms in lp.rows:
        row = solver.Constraint(lo if lo > -math.inf else -infinity,
                                hi if hi < math.inf else infinity)
        for index, coefficient in terms:
            row.SetCoefficient(variables[index], coefficient)
        constraints.append(row)
    with StopWatcher(should_stop, solver.InterruptSolve):
        status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        log.info("the relaxation did not finish in %.1f s (status %s)", time_limit, status)
        return None
    duals = [row.dual_value() for row in constraints]
    bound = min(_dual_bound(lp, [sign * d for d in duals]) for sign in (1.0, -1.0))
    fractions = [min(1.0, max(0.0, variables[i].solution_value()))
                 for i in range(len(problem.options))]
    return Relaxation(math.ceil(bound), fractions)


def _dual_bound(lp: _Lp, prices: list[float]) -> float:
    """Weak duality: for any prices ``y``, the plan value is at most
    ``sum(y_r hi_r if y_r > 0 else y_r lo_r) + sum(max over low..high of (c - y A) x)``.

    A price pushing against an infinite side of its row is taken as zero. The solver's sign
    convention for duals is not relied on: any prices give a valid bound.
    """
    reduced = list(lp.gains)
    total = 0.0
    for (lo, hi, terms), price in zip(lp.rows, prices, strict=True):
        if (price > 0 and hi == math.inf) or (price < 0 and lo == -math.inf) or price == 0:
            continue
        total += price * (hi if price > 0 else lo)
        for index, coefficient in terms:
            reduced[index] -= price * coefficient
    for r, low, high in zip(reduced, lp.low, lp.high, strict=True):
        total += r * (high if r > 0 else low)
    return total


def _formulate(problem: Problem) -> _Lp:
    """Options first (column ``i`` is option ``i``), then weeks, running counts and flags."""
    lp = _Lp()
    for option in problem.options:
        lp.column(float(option.gain))
    for cap, terms in _limits(problem):
        lp.row(-math.inf, cap, terms)
    weeks: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, option in enumerate(problem.options):
        weeks[option.person][option.week].append(i)
    for person in sorted(weeks):
        _add_person_weeks(problem, lp, person, weeks[person])
    return lp


def _add_person_weeks(problem: Problem, lp: _Lp, person: int, weeks: dict[int, list[int]]) -> None:
    """A stakeholder's running count of touches by week, and the warm and heard flags."""
    horizon_weeks = problem.horizon.weeks
    values = problem.values
    count: list[int] = []
    for week in range(horizon_weeks):
        total = lp.column(0.0, high=float(week + 1))
        terms: Terms = [(total, 1.0)]
        if count:
            terms.append((count[-1], -1.0))
        terms += [(i, -1.0) for i in weeks.get(week, ())]
        lp.row(0.0, 0.0, terms)
        count.append(total)
    cover = problem.options[min(min(group) for group in weeks.values())].cover
    for known, span, worth in ((values.known_warm, cover, values.warm_value),
                               (values.known_heard, values.silence[person],
                                values.cold_penalty)):
        for week in range(horizon_weeks):
            earning = any(w in weeks for w in range(week - span + 1, week + 1))
            if week in known[person] or not earning:
                continue
            flag = lp.column(float(worth[person]))
            terms = [(flag, 1.0), (count[week], -1.0)]
            if week - span >= 0:
                terms.append((count[week - span], 1.0))
            lp.row(-math.inf, 0.0, terms)


def _limits(problem: Problem) -> list[tuple[float, list[tuple[int, float]]]]:
    """Every packing limit as (right-hand side, [(option, coefficient)])."""
    options = problem.options
    ones: dict[tuple[int, ...], list[int]] = defaultdict(list)
    capacity: dict[int, list[int]] = defaultdict(list)
    seats: dict[int, list[int]] = defaultdict(list)
    for i, option in enumerate(options):
        ones[0, option.person, option.week].append(i)
        capacity[option.week].append(i)
        if option.event_id is not None:
            seats[option.event_id].append(i)
            ones[1, option.event_id, option.person].append(i)
        if option.commitment_id is not None:
            ones[2, option.commitment_id].append(i)
    rows: list[tuple[float, list[tuple[int, float]]]] = [
        (1.0, [(i, 1.0) for i in members]) for members in ones.values()
    ]
    rows += [(problem.capacity_left[week], [(i, float(options[i].load_minutes)) for i in members])
             for week, members in capacity.items()]
    if problem.touches_left is not None:
        rows += [(problem.touches_left[week], [(i, 1.0) for i in members])
                 for week, members in capacity.items()]
    rows += [(problem.seats_left.get(event, 0), [(i, 1.0) for i in members])
             for event, members in seats.items()]
    per_person: dict[int, list[int]] = defaultdict(list)
    for i, option in enumerate(options):
        per_person[option.person].append(i)
    for person, group in per_person.items():
        gap = timedelta(days=problem.snapshot.people[person].min_gap_days)
        rows += [(1.0, [(i, 1.0) for i in clique]) for clique in gap_cliques(options, group, gap)]
    rows += [(1.0, [(i, 1.0) for i in clique]) for clique in overlap_cliques(options)]
    rows += [(cap, [(i, 1.0) for i in members]) for cap, members in problem.budget_groups]
    return rows
