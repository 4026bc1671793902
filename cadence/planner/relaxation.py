"""The linear relaxation of the planning model, solved with a simplex (GLOP or CLP).

Each stakeholder's limits (one touch a week, gap, budget, warm and silence windows) are runs
of consecutive weeks, so the relaxation is nearly integral: its optimum is a tight, proven upper
bound on the plan value, and its solution says which options a good plan takes. The greedy
construction starts from those, and CP-SAT from the greedy plan.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from ortools.linear_solver import pywraplp

from cadence.planner.cancel import StopWatcher
from cadence.planner.cpsat import gap_cliques, overlap_cliques
from cadence.planner.options import Problem

log = logging.getLogger(__name__)

# GLOP (OR-Tools' own simplex) is quickest on small relaxations but can stall on larger,
# highly degenerate ones, where COIN-OR CLP (shipped with OR-Tools) keeps going.
SMALL_RELAXATION = 10_000


@dataclass(frozen=True)
class Relaxation:
    """The relaxation's optimum (a proven upper bound) and each option's fractional value."""

    bound: int
    fractions: list[float]


def relax(
    problem: Problem, time_limit: float, should_stop: Callable[[], bool] | None = None
) -> Relaxation | None:
    """Solve the relaxation; ``None`` if the simplex does not finish within ``time_limit``.

    The bound is not taken from the floating-point objective but recomputed from the dual
    prices by weak duality, which holds for any non-negative prices: a proven bound even if
    the simplex stopped at a slightly inexact point.
    """
    name = "GLOP" if len(problem.options) <= SMALL_RELAXATION else "CLP"
    solver = pywraplp.Solver.CreateSolver(name)
    if solver is None:
        return None
    solver.SetTimeLimit(max(1, round(time_limit * 1000)))
    options = problem.options
    gains = [float(o.gain) for o in options]
    picks = [solver.NumVar(0.0, 1.0, "") for _ in options]
    objective = solver.Objective()
    objective.SetMaximization()
    for var, gain in zip(picks, gains, strict=True):
        objective.SetCoefficient(var, gain)
    rows: list[tuple[pywraplp.Constraint, float, list[tuple[int, float]]]] = []
    for cap, terms in _limits(problem):
        row = solver.Constraint(-solver.infinity(), cap)
        for index, coefficient in terms:
            row.SetCoefficient(picks[index], coefficient)
        rows.append((row, cap, terms))
    weekly: dict[tuple[int, int], pywraplp.Variable] = {}
    links: list[pywraplp.Constraint] = []
    for (person, week), members in _weeks(problem).items():
        touched = solver.NumVar(0.0, 1.0, "")
        row = solver.Constraint(0.0, 0.0)
        row.SetCoefficient(touched, -1.0)
        for index in members:
            row.SetCoefficient(picks[index], 1.0)
        weekly[person, week] = touched
        links.append(row)
    flags: list[tuple[pywraplp.Constraint, float]] = []
    for worth, sources in _flags(problem, weekly.keys()):
        flag = solver.NumVar(0.0, 1.0, "")
        objective.SetCoefficient(flag, worth)
        row = solver.Constraint(-solver.infinity(), 0.0)
        row.SetCoefficient(flag, 1.0)
        for key in sources:
            row.SetCoefficient(weekly[key], -1.0)
        flags.append((row, worth))
    with StopWatcher(should_stop, solver.InterruptSolve):
        status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        log.info("the relaxation did not finish in %.1f s (status %s)", time_limit, status)
        return None
    bound = min(_dual_bound(problem, gains, rows, flags, links, sign) for sign in (1.0, -1.0))
    return Relaxation(math.ceil(bound), [min(1.0, max(0.0, v.solution_value())) for v in picks])


def _dual_bound(
    problem: Problem,
    gains: list[float],
    rows: list[tuple[pywraplp.Constraint, float, list[tuple[int, float]]]],
    flags: list[tuple[pywraplp.Constraint, float]],
    links: list[pywraplp.Constraint],
    sign: float,
) -> float:
    """Weak duality: for prices ``y >= 0`` on the rows ``A x <= b`` and ``0 <= x <= 1``, the
    plan value is at most ``y b + sum(max(0, c - y A))``.

    The flag rows (``flag <= sum of week values``) have prices ``>= 0``, the link rows
    (``sum of a week's options - week value = 0``) free prices. ``sign`` picks the solver's
    sign convention for duals; any choice gives a valid bound, the smaller is kept.
    """
    reduced = list(gains)
    total = 0.0
    for row, cap, terms in rows:
        price = max(0.0, sign * row.dual_value())
        total += price * cap
        for index, coefficient in terms:
            reduced[index] -= price * coefficient
    weeks = _weeks(problem)
    credit: dict[tuple[int, int], float] = defaultdict(float)
    for (row, worth), (_, sources) in zip(flags, _flags(problem, weeks.keys()), strict=True):
        price = max(0.0, sign * row.dual_value())
        total += max(0.0, worth - price)
        for key in sources:
            credit[key] += price
    for row, (key, members) in zip(links, weeks.items(), strict=True):
        price = sign * row.dual_value()
        total += max(0.0, credit[key] + price)
        for index in members:
            reduced[index] -= price
    return total + sum(max(0.0, r) for r in reduced)


def _weeks(problem: Problem) -> dict[tuple[int, int], list[int]]:
    """Options per stakeholder and week."""
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, option in enumerate(problem.options):
        weeks[option.person, option.week].append(i)
    return dict(weeks)


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


def _flags(
    problem: Problem, weeks: Iterable[tuple[int, int]]
) -> list[tuple[int, list[tuple[int, int]]]]:
    """Each warm or heard week as (its worth, the stakeholder-weeks whose touch earns it)."""
    values = problem.values
    present = set(weeks)
    spans: dict[int, int] = {}
    for option in problem.options:
        spans.setdefault(option.person, option.cover)
    flags = []
    for person, cover in sorted(spans.items()):
        for known, span, worth in ((values.known_warm, cover, values.warm_value),
                                   (values.known_heard, values.silence[person],
                                    values.cold_penalty)):
            for week in range(problem.horizon.weeks):
                sources = [(person, w) for w in range(week - span + 1, week + 1)
                           if (person, w) in present]
                if week not in known[person] and sources:
                    flags.append((worth[person], sources))
    return flags
