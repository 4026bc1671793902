"""Choosing the touches of a wide workspace, with a proven upper bound, by pricing.

Giving each week's minutes of the manager's time, each week's touches under his weekly touch
limit, each week's quarter hours of his free calendar
(:func:`cadence.planner.candidates.quarter_hours`), the quarter hours of each *window* (the
free time a group of stakeholders shares with him, on a crowded calendar smaller than his
week; see ``_Windows``) or union of two windows, and each event's seats a price, and dropping
where exactly the touches sit (and a once-only invite or status update repeated after another
touch), leaves one independent problem per stakeholder: their best path
(:mod:`cadence.planner.paths`). For any prices ``>= 0`` the total of those paths plus the
priced minutes, touches, quarter hours and seats available is an upper bound on the plan
value (weak duality), wherever the touches sit in their rooms.

The prices come from column generation (Dantzig-Wolfe): a small linear programme chooses a mix
of the paths found so far within those limits; its shadow prices are the next prices to try,
smoothed towards the best so far (Wentges) so they do not swing, and the paths they produce
join the programme; on a crowded calendar, the row of a window or union of two joins once a
mix overfills it. The bound is the lowest found. The programme's mix is nearly whole, so its
paths are nearly a plan: :mod:`cadence.planner.placement` decides when each touch happens.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.linear_solver import pywraplp

from cadence.planner import paths
from cadence.planner.candidates import quarter_hours, quarter_starts, quarters_taken
from cadence.planner.options import Problem
from cadence.planner.scoring import marginal_values
from cadence.planner.snapshot import Interval

Floats = paths.Floats
Ints = paths.Ints
SMOOTHING = 0.5  # weight of the best prices so far in the next prices tried
# Stop once the bound is within 0.1 % of the programme's value, or once the programme's solves
# have together handled MAX_WORK columns (a count, not a clock, so the same input gives the
# same plan on a busy machine; about 10 s on the development machine). Up to 300
# stakeholders 6-11 rounds converge well within it; 2,000 x 52 would need 15 rounds of 2,000
# new paths each, and the solves slow down as the programme grows.
TOLERANCE = 0.001
MAX_WORK = 70_000
FULL_WEEK = 0.9  # a week the plan fills to this share has a price for its minutes
# Window rows a week may gain after one solve: two rather than one takes fewer solves to a
# tighter programme on a crowded calendar (at 2,000 x 52 a 0.41 % gap instead of 0.47 %).
ROWS_AT_ONCE = 2


class _Master:
    """The programme over paths: rows for each week's minutes and quarter hours, for each
    event's seats, for each week's touches (under a weekly touch limit), for the windows a
    mix overfilled, and one per stakeholder."""

    def __init__(self, problem: Problem, nodes: paths.Nodes) -> None:
        self.nodes = nodes
        solver = pywraplp.Solver.CreateSolver("GLOP")
        assert solver is not None, "GLOP ships with OR-Tools"
        # Each solve only adds columns to the last: presolving it anew would cost more.
        solver.SetSolverSpecificParametersAsString(
            "use_dual_simplex: true use_preprocessing: false")
        self.solver = solver
        self.events = sorted({int(e) for e in nodes.event if e >= 0})
        weeks = problem.horizon.weeks
        self.weeks = weeks
        # With a weekly touch limit, each week's touches get a row after the seats' rows.
        counts = problem.touches_left
        self.limits = np.array(
            [float(m) for m in problem.capacity_left]
            + [float(quarter_hours(problem.finder.manager_free(w))) for w in range(weeks)]
            + [float(problem.seats_left.get(e, 0)) for e in self.events]
            + [float(c) for c in counts or []])
        self.rows = [solver.Constraint(-solver.infinity(), float(limit)) for limit in self.limits]
        self.row_of_event = {e: 2 * weeks + n for n, e in enumerate(self.events)}
        self.count_rows = None if counts is None else 2 * weeks + len(self.events)
        # Window rows join only once a mix overfills them (see ``overfilled``).
        self.windows = _Windows.build(problem, nodes)
        self.window_rows: dict[tuple[int, int], tuple[int, Ints]] = {}  # row, inside
        self.rows_of_window: list[list[int]] = [[] for _ in range(self.windows.count)]
        self.crowded: set[int] = set()  # weeks in which a mix overfilled a window of its own
        self.once = [solver.Constraint(-solver.infinity(), 1.0)
                     for _ in problem.snapshot.people]
        self.objective = solver.Objective()
        self.objective.SetMaximization()
        self.seen: set[tuple[int, ...]] = set()
        self.columns: list[tuple[int, list[int], pywraplp.Variable]] = []
        self.mix: list[float] = []  # each column's weight in the last solved mix
        self.work = 0  # columns solved, summed over the solves so far

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
            uses[self.weeks + int(self.nodes.week[node])] += float(self.nodes.quarters[node])
            if self.nodes.event[node] >= 0:
                uses[self.row_of_event[int(self.nodes.event[node])]] += 1.0
            if self.count_rows is not None:
                uses[self.count_rows + int(self.nodes.week[node])] += 1.0
            for row in self.rows_of_window[self.windows.of_node[node]]:
                uses[row] += float(self.nodes.quarters[node])
        for row, amount in uses.items():
            self.rows[row].SetCoefficient(column, amount)
        self.once[person].SetCoefficient(column, 1.0)
        self.columns.append((person, path, column))
        return True

    def leading(self) -> list[int]:
        """The options on each stakeholder's heaviest path in the last solved mix.

        The mix is nearly whole (at most one stakeholder per shared row takes a blend), so
        these paths together are nearly a plan, save for where the touches sit in the calendar.
        """
        heaviest: dict[int, tuple[float, list[int]]] = {}
        for (person, path, _), weight in zip(self.columns, self.mix, strict=False):
            if weight > heaviest.get(person, (1e-6, []))[0]:
                heaviest[person] = (weight, path)
        return sorted(self.nodes.members[node][0]
                      for _, path in heaviest.values() for node in path)

    def solve(self, counted: bool = True) -> tuple[float, Floats, Floats]:
        """The programme's value, its prices per row (minutes, quarter hours, seats, touches,
        windows) and what a stakeholder's current mix is worth at those prices (the row per
        stakeholder). ``counted``: whether the solve counts towards ``work``."""
        if counted:
            self.work += len(self.columns)
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return math.inf, np.zeros(len(self.rows)), np.zeros(len(self.once))
        self.mix = [column.solution_value() for _, _, column in self.columns]
        prices = np.array([row.dual_value() for row in self.rows])
        mixes = np.array([row.dual_value() for row in self.once])
        return self.objective.Value(), np.abs(prices), np.abs(mixes)

    def node_cost(self, prices: Floats) -> Floats:
        """What each node uses, at these prices."""
        cost = (prices[self.nodes.week] * self.nodes.load
                + prices[self.weeks + self.nodes.week] * self.nodes.quarters)
        events = self.nodes.event >= 0
        rows = [self.row_of_event[int(e)] for e in self.nodes.event[events]]
        cost[events] += prices[rows]
        if self.count_rows is not None:
            cost += prices[self.count_rows + self.nodes.week]
        if self.window_rows:
            per_window = np.zeros(self.windows.count)
            for row, members in self.window_rows.values():
                per_window[members] += prices[row]
            cost += per_window[self.windows.of_node] * self.nodes.quarters
        return cost

    def overfilled(self) -> list[tuple[tuple[int, int], Ints]]:
        """Per week, the ``ROWS_AT_ONCE`` sets of quarter hours that the last mix overfills
        most, among those without a row: each one's key (week, quarter hours as a bitmask) and
        the windows inside it.

        The touches of every stakeholder whose window lies inside a set of quarter hours fit
        in it (Hall's condition). A week's rows join once a mix has overfilled a window of
        its own in that week (a crowded week); they then limit each window or union of two
        windows with every window inside it, which catches nearly all that a mix breaks. In
        roomy weeks those rows would slow every solve for little: a public holiday crowds its
        week only, and rows in every week cost 17 % more time at 2,000 x 52 for 0.2 % of
        value.
        """
        used = np.zeros(self.windows.count)
        for (_, path, _), weight in zip(self.columns, self.mix, strict=False):
            if weight > 1e-9:
                np.add.at(used, self.windows.of_node[path], weight * self.nodes.quarters[path])
        overs = [u.inside @ used[u.members] - u.quarters for u in self.windows.weeks]
        self.crowded.update(
            week for week, (over, u) in enumerate(zip(overs, self.windows.weeks, strict=True))
            if (over[~u.nested] > 1e-6).any())
        found = []
        for week in sorted(self.crowded):
            over, unions = overs[week], self.windows.weeks[week]
            candidates = np.where(unions.nested, over, 0.0)
            taken = 0
            for k in np.argsort(-candidates, kind="stable"):
                if candidates[k] <= 1e-6 or taken == ROWS_AT_ONCE:
                    break
                if (key := (week, unions.masks[k])) not in self.window_rows:
                    found.append((key, unions.members[unions.inside[k]]))
                    taken += 1
        return found

    def add_windows(self, unions: list[tuple[tuple[int, int], Ints]]) -> None:
        """Give ``unions`` (key, the windows inside) their rows, with what each column
        already in uses of them."""
        added: dict[int, list[int]] = defaultdict(list)
        limits = []
        for key, inside in unions:
            row, limit = len(self.rows), float(key[1].bit_count())
            self.rows.append(self.solver.Constraint(-self.solver.infinity(), limit))
            limits.append(limit)
            self.window_rows[key] = (row, inside)
            for window in inside.tolist():
                self.rows_of_window[window].append(row)
                added[window].append(row)
        self.limits = np.append(self.limits, limits)
        for _, path, column in self.columns:
            uses: dict[int, float] = defaultdict(float)
            for node in path:
                for row in added.get(int(self.windows.of_node[node]), ()):
                    uses[row] += float(self.nodes.quarters[node])
            for row, amount in uses.items():
                self.rows[row].SetCoefficient(column, amount)


@dataclass(frozen=True)
class _Unions:
    """One week's sets of quarter hours (bitmasks from the week's first) with the windows that
    count in each: every distinct window with the windows equal to it (only to tell a crowded
    calendar), then (``nested``) every window or union of two with all the windows inside it,
    which rows may limit."""

    members: Ints  # the week's windows
    masks: list[int]
    quarters: Floats  # how many quarter hours each set has
    inside: npt.NDArray[np.bool_]  # sets x members
    nested: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, members: list[int], masks: list[int]) -> _Unions:
        """The sets of ``members``, whose quarter hours are ``masks``."""
        alone = sorted(set(masks))
        unions = sorted({a | b for a, b in itertools.combinations_with_replacement(alone, 2)})
        inside = [[m == a for m in masks] for a in alone]
        inside += [[m & ~u == 0 for m in masks] for u in unions]
        return cls(np.array(members, dtype=np.int64), alone + unions,
                   np.array([u.bit_count() for u in alone + unions], dtype=np.float64),
                   np.array(inside, dtype=np.bool_).reshape(len(inside), len(members)),
                   np.array([False] * len(alone) + [True] * len(unions), dtype=np.bool_))


@dataclass(frozen=True)
class _Windows:
    """The free time each stakeholder shares with the manager in a week, as grid quarter hours.

    All their touches that week lie in it, so the touches of all stakeholders whose windows
    lie inside a set of quarter hours fit in it: a case of Hall's condition the week's own
    row misses (on a crowded calendar, those reachable only in the manager's mornings compete
    for his free mornings).
    """

    of_node: Ints  # each node's window
    count: int
    weeks: list[_Unions]

    @classmethod
    def build(cls, problem: Problem, nodes: paths.Nodes) -> _Windows:
        """The windows of every node's stakeholder and week."""
        finder, people = problem.finder, problem.snapshot.people
        index: dict[tuple[int, tuple[Interval, ...]], int] = {}
        of_key: dict[tuple[int, int], int] = {}
        starts: list[frozenset[int]] = []
        by_week: list[list[int]] = [[] for _ in range(problem.horizon.weeks)]
        of_node = np.zeros(len(nodes.members), dtype=np.int64)
        for node, key in enumerate(zip(nodes.person.tolist(), nodes.week.tolist(),
                                       strict=True)):
            window = of_key.get(key)
            if window is None:
                person, week = key
                free = tuple(finder.free(people[person], week))
                window = index.setdefault((week, free), len(starts))
                if window == len(starts):
                    starts.append(quarter_starts(free))
                    by_week[week].append(window)
                of_key[key] = window
            of_node[node] = window
        weeks = []
        for members in by_week:
            first = min((min(starts[w], default=0) for w in members), default=0)
            masks = [sum(1 << (q - first) for q in starts[w]) for w in members]
            weeks.append(_Unions.of(members, masks))
        return cls(of_node, len(starts), weeks)


@dataclass(frozen=True)
class PricedBound:
    """The bound, and the options of the plan the programme leans to (see ``leading``)."""

    bound: int
    leading: list[int]


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
    while master.work < MAX_WORK:
        if should_stop is not None and should_stop():
            return None
        value, duals, mixes = master.solve()
        while crowded := master.overfilled():
            # Stakeholders sharing a window got more of it than it has: its row joins the
            # programme (bounds found so far stay valid without it). Dual simplex mends the
            # last basis in a few pivots, so these solves are not counted as work.
            master.add_windows(crowded)
            center = np.append(center, np.zeros(len(crowded)))
            value, duals, mixes = master.solve(counted=False)
        improving = (master.node_cost(duals), mixes)
        prices = SMOOTHING * center + (1 - SMOOTHING) * duals
        bound, added = _price(master, chunks, prices, improving)
        if not added:
            # Smoothed prices found nothing new: the programme's own prices either do, or
            # prove the programme optimal (their bound is its value).
            prices = duals
            bound, added = _price(master, chunks, prices, improving)
        if bound < best:
            best, center = bound, prices
        converged = best - value <= TOLERANCE * abs(best)
        if converged or not added or time.monotonic() - began > time_budget:
            break
    return PricedBound(math.ceil(best), master.leading())


def _price(
    master: _Master, chunks: list[paths.Chunk], prices: Floats,
    duals: tuple[Floats, Floats] | None = None,
) -> tuple[float, bool]:
    """The bound at ``prices``, adding stakeholders' best paths to the programme.

    With ``duals`` (each node's cost at the programme's own prices, and what each
    stakeholder's mix is worth there) only paths that would improve the programme join it:
    the others only slow its later solves down.
    """
    cost = master.node_cost(prices)
    bound = float(prices @ master.limits)
    added = False
    for chunk in chunks:
        charged = np.where(chunk.node >= 0, cost[np.maximum(chunk.node, 0)], 0.0)
        values, found = paths.best_paths(chunk, charged)
        bound += float(values.sum())
        for path, reduced in zip(found, values, strict=True):
            if not path:
                continue
            person = int(master.nodes.person[path[0]])
            worth = float(reduced) + float(cost[path].sum())
            if duals is None or worth - float(duals[0][path].sum()) > duals[1][person] + 0.5:
                added |= master.add(person, path, worth)
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
    """First prices from a plan: in a week the plan fills, the fuller of its minutes and its
    quarter hours costs what the week's least dense touch earns from it.

    Starting there, rather than from the plan's own programme, halves the rounds needed.
    """
    prices = np.zeros(len(master.limits))
    order = sorted(plan, key=lambda i: (problem.options[i].start, i))
    earned = marginal_values(problem.values, [problem.options[i].chosen() for i in order])
    weeks = problem.horizon.weeks
    used = np.zeros(2 * weeks)
    density: dict[int, list[float]] = defaultdict(list)
    for index, value in zip(order, earned, strict=True):
        option = problem.options[index]
        quarters = quarters_taken(option.end - option.start)
        used[option.week] += option.load_minutes
        used[weeks + option.week] += quarters
        density[option.week].append(value / max(option.load_minutes, 1))
        density[weeks + option.week].append(value / quarters)
    share = used / np.maximum(master.limits[:2 * weeks], 1.0)
    for week in range(weeks):
        row = week if share[week] >= share[weeks + week] else weeks + week
        if share[row] >= FULL_WEEK:
            prices[row] = max(0.0, min(density[row]))
    return prices
