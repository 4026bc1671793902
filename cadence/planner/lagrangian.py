"""A proven upper bound for workspaces too large for the linear relaxation.

Giving each week's minutes of the manager's time and each event's seats a price, and dropping
the calendar (overlaps) and the once-only rules, leaves one independent problem per
stakeholder: their best path (:mod:`cadence.planner.paths`). For any prices ``>= 0`` the total
of those paths plus the priced minutes and seats available is an upper bound on the plan value
(weak duality).

The prices come from column generation (Dantzig-Wolfe): a small linear programme chooses a mix
of the paths found so far within each week's minutes and each event's seats; its shadow prices
are the next prices to try, smoothed towards the best so far (Wentges) so they do not swing,
and the paths they produce join the programme. The bound is the lowest found; the loop stops
when it meets the programme's value, or when time runs out.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from cadence.planner import paths
from cadence.planner.options import Problem
from cadence.planner.scoring import marginal_values

Floats = paths.Floats
SMOOTHING = 0.5  # weight of the best prices so far in the next prices tried
# Stop once the bound is within 0.5 % of the programme's value: the last tenths cost as many
# rounds again, and the calendar left out of the bound is worth more than that.
TOLERANCE = 0.005
FULL_WEEK = 0.9  # a week the plan fills to this share has a price for its minutes


class _Master:
    """The programme over paths: one row per week, per event, and per stakeholder."""

    def __init__(self, problem: Problem, nodes: paths.Nodes) -> None:
        self.nodes = nodes
        solver = pywraplp.Solver.CreateSolver("GLOP")
        assert solver is not None, "GLOP ships with OR-Tools"
        solver.SetSolverSpecificParametersAsString("use_dual_simplex: true")
        self.solver = solver
        self.events = sorted({int(e) for e in nodes.event if e >= 0})
        self.limits = np.array(
            [float(m) for m in problem.capacity_left]
            + [float(problem.seats_left.get(e, 0)) for e in self.events])
        self.rows = [solver.Constraint(-solver.infinity(), float(limit)) for limit in self.limits]
        self.row_of_event = {e: problem.horizon.weeks + n for n, e in enumerate(self.events)}
        self.once = [solver.Constraint(-solver.infinity(), 1.0)
                     for _ in problem.snapshot.people]
        self.objective = solver.Objective()
        self.objective.SetMaximization()
        self.seen: set[tuple[int, ...]] = set()

    def add(self, person: int, path: list[int], value: float) -> bool:
        """Add a path of ``person`` worth ``value``; false if it is already in."""
        key = (person, *path)
        if not path or key in self.seen:
            return False
        self.seen.add(key)
        column = self.solver.NumVar(0.0, 1.0, "")
        self.objective.SetCoefficient(column, value)
        uses: dict[int, float] = defaultdict(float)
        for node in path:
            uses[int(self.nodes.week[node])] += float(self.nodes.load[node])
            if self.nodes.event[node] >= 0:
                uses[self.row_of_event[int(self.nodes.event[node])]] += 1.0
        for row, amount in uses.items():
            self.rows[row].SetCoefficient(column, amount)
        self.once[person].SetCoefficient(column, 1.0)
        return True

    def explored(self) -> list[int]:
        """Every option on a path in the programme, in index order."""
        found = {int(node) for _, *path in self.seen for node in path}
        return sorted(i for node in found for i in self.nodes.members[node])

    def solve(self) -> tuple[float, Floats]:
        """The programme's value and its prices per row (weeks, then events)."""
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return math.inf, np.zeros(len(self.rows))
        prices = np.array([row.dual_value() for row in self.rows])
        return self.objective.Value(), np.abs(prices)

    def node_cost(self, prices: Floats) -> Floats:
        """What each node uses, at these prices."""
        cost = prices[self.nodes.week] * self.nodes.load
        events = self.nodes.event >= 0
        rows = [self.row_of_event[int(e)] for e in self.nodes.event[events]]
        cost[events] += prices[rows]
        return cost


@dataclass(frozen=True)
class PricedBound:
    """The bound, and the options on any path the column generation found worth trying."""

    bound: int
    explored: list[int]


def path_bound(
    problem: Problem, *, time_budget: float, start: list[int] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> PricedBound | None:
    """The lowest bound found by pricing the manager's time and seats within ``time_budget``.

    ``start`` (a plan, as option indexes) seeds the programme with its paths. Returns
    ``None`` if planning was cancelled.
    """
    began = time.monotonic()
    nodes = paths.merge(problem)
    chunks = list(paths.chunks(problem, nodes))
    master = _Master(problem, nodes)
    _seed(problem, master, nodes, start or [])
    center = _plan_prices(problem, master, start or [])
    best, _ = _price(master, chunks, center)
    while True:
        if should_stop is not None and should_stop():
            return None
        value, prices = master.solve()
        if center is not None:
            prices = SMOOTHING * center + (1 - SMOOTHING) * prices
        bound, added = _price(master, chunks, prices)
        if bound < best:
            best, center = bound, prices
        converged = best - value <= TOLERANCE * abs(best)
        if converged or not added or time.monotonic() - began > time_budget:
            return PricedBound(math.ceil(best), master.explored())


def _price(master: _Master, chunks: list[paths.Chunk], prices: Floats) -> tuple[float, bool]:
    """The bound at ``prices``, adding every stakeholder's best path to the programme."""
    cost = master.node_cost(prices)
    bound = float(prices @ master.limits)
    added = False
    for chunk in chunks:
        charged = np.where(chunk.node >= 0, cost[np.maximum(chunk.node, 0)], 0.0)
        values, found = paths.best_paths(chunk, charged)
        bound += float(values.sum())
        for path, reduced in zip(found, values, strict=True):
            if path:
                worth = float(reduced) + float(cost[path].sum())
                added |= master.add(int(master.nodes.person[path[0]]), path, worth)
    return bound, added


def _seed(problem: Problem, master: _Master, nodes: paths.Nodes, plan: list[int]) -> None:
    """Start the programme from a plan's paths, so it begins with a feasible mix."""
    node_of = {index: node for node, members in enumerate(nodes.members) for index in members}
    chosen: dict[int, list[int]] = defaultdict(list)
    for index in sorted(plan, key=lambda i: problem.options[i].start):
        chosen[problem.options[index].person].append(index)
    for person, indexes in chosen.items():
        value = sum(marginal_values(problem.values, [problem.options[i].chosen() for i in indexes]))
        master.add(person, [node_of[i] for i in indexes], float(value))


def _plan_prices(problem: Problem, master: _Master, plan: list[int]) -> Floats:
    """First prices from a plan: a full week's minute costs what its least dense touch earns.

    Starting there, rather than from the plan's own programme, halves the rounds needed.
    """
    prices = np.zeros(len(master.limits))
    order = sorted(plan, key=lambda i: (problem.options[i].start, i))
    earned = marginal_values(problem.values, [problem.options[i].chosen() for i in order])
    used: dict[int, float] = defaultdict(float)
    density: dict[int, list[float]] = defaultdict(list)
    for index, value in zip(order, earned, strict=True):
        option = problem.options[index]
        used[option.week] += option.load_minutes
        density[option.week].append(value / max(option.load_minutes, 1))
    for week, minutes in used.items():
        if minutes >= FULL_WEEK * problem.capacity_left[week]:
            prices[week] = max(0.0, min(density[week]))
    return prices
