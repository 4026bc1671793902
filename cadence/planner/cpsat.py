"""The optimisation model, solved with OR-Tools CP-SAT.

One Boolean per option, and one per stakeholder and week ("touched that week", the sum of
that week's options). The value of a plan (:func:`cadence.planner.scoring.plan_value`) is
linear in these with two families of helper Booleans: ``warm[p, w]`` may be 1 only if ``p`` is
touched in one of the ``cover`` weeks up to ``w``, ``heard[p, w]`` only if in one of the
``silence`` weeks up to ``w``. Limits: one touch per stakeholder and week, one invite
per stakeholder and event, the minimum gap, the budget per period, the weekly capacity and
touch limit, event seats, one status update per commitment, and no two touches overlapping
(maximal cliques of the interval graph, which the LP relaxation sees directly, unlike
pairwise conflicts).

The solver runs with a fixed seed, an explicit number of workers, deterministic interleaved
search and a limit on its *deterministic* work (CP-SAT's count of the work done, which does not
depend on the machine's load), so the same input gives the same plan. The wall-clock limit is a
backstop only: a search cut short by it (a machine several times slower than usual) returns
the best plan found by then, which may differ between runs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from ortools.sat.python import cp_model

from cadence.planner.cancel import StopWatcher
from cadence.planner.options import Option, Problem

# Eight deterministic, interleaved subsolvers (LP-based search, LNS, local search) share the
# machine's cores; the portfolio matters more than the thread count for this model. Each
# worker holds its own copy of the model, so very large models get two to bound the memory.
NUM_WORKERS = 8
NUM_WORKERS_LARGE = 2
LARGE_MODEL = 50_000
SEED = 20240601


@dataclass(frozen=True)
class Solution:
    """Chosen option indexes, with the solver's objective, proven bound and status."""

    chosen: list[int]
    objective: int
    bound: int
    status: str


def solve(
    problem: Problem,
    *,
    hint: Sequence[int] = (),
    work_limit: float = 10.0,
    time_limit: float | None = None,
    should_stop: Callable[[], bool] | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Solution:
    """Solve the model; ``hint`` (e.g. the greedy choice) warm-starts the search.

    Args:
        work_limit: The search's deterministic work (about a second each on a 2-core laptop
            once the model is loaded); the same input and limit give the same plan.
        time_limit: Wall-clock backstop in seconds (default: three times ``work_limit``).

    Returns the best solution found (or the hint, if the solver found none better) and the
    solver's proven upper bound (``-1`` when it stopped before proving any).
    """
    model = cp_model.CpModel()
    picks = [model.new_bool_var(f"o{i}") for i in range(len(problem.options))]
    weekly = _add_limits(model, problem, picks)
    objective, flags = _objective(model, problem, picks, weekly)
    model.maximize(objective)
    hinted = set(hint)
    for index, var in enumerate(picks):
        model.add_hint(var, index in hinted)
    for flag, members in flags:
        model.add_hint(flag, any(i in hinted for i in members))
    for touched, members in weekly.values():
        model.add_hint(touched, any(i in hinted for i in members))
    solver = cp_model.CpSolver()
    large = len(problem.options) > LARGE_MODEL
    solver.parameters.num_workers = NUM_WORKERS_LARGE if large else NUM_WORKERS
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = SEED
    solver.parameters.max_deterministic_time = work_limit
    solver.parameters.max_time_in_seconds = time_limit if time_limit is not None else 3 * work_limit
    solver.parameters.relative_gap_limit = 0.001
    # Presolve gains little on this model (its structure is already tight) but costs seconds
    # on large workspaces: one round, no probing, no symmetry search.
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    callback = _Watch(solver, progress)
    with StopWatcher(should_stop, solver.stop_search):
        status = solver.solve(model, callback)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [i for i, var in enumerate(picks) if solver.boolean_value(var)]
        name = "optimal" if status == cp_model.OPTIMAL else "feasible"
        return Solution(chosen, round(solver.objective_value),
                        math.floor(solver.best_objective_bound), name)
    # Stopped before it even loaded the model: no solution and no bound of its own.
    return Solution(sorted(hinted), 0, -1, "unknown")


def _add_limits(
    model: cp_model.CpModel, problem: Problem, picks: list[cp_model.IntVar]
) -> dict[tuple[int, int], tuple[cp_model.IntVar, list[int]]]:
    """Add every limit; returns the "touched in week" Boolean of each stakeholder and week."""
    options = problem.options
    per_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    per_person: dict[int, list[int]] = defaultdict(list)
    per_event: dict[int, list[int]] = defaultdict(list)
    per_commitment: dict[int, list[int]] = defaultdict(list)
    per_invitee: dict[tuple[int, int], list[int]] = defaultdict(list)
    capacity: dict[int, list[int]] = defaultdict(list)
    for i, option in enumerate(options):
        per_week[option.person, option.week].append(i)
        per_person[option.person].append(i)
        capacity[option.week].append(i)
        if option.event_id is not None:
            per_event[option.event_id].append(i)
            per_invitee[option.event_id, option.person].append(i)
        if option.commitment_id is not None:
            per_commitment[option.commitment_id].append(i)
    weekly = {}
    for (person, week), group in sorted(per_week.items()):
        touched = model.new_bool_var(f"p{person}w{week}")
        model.add(cp_model.LinearExpr.sum([picks[i] for i in group]) == touched)
        weekly[person, week] = (touched, group)
    for group in (*per_commitment.values(), *per_invitee.values()):
        if len(group) > 1:
            model.add_at_most_one(picks[i] for i in group)
    for person, group in per_person.items():
        gap = timedelta(days=problem.snapshot.people[person].min_gap_days)
        for clique in gap_cliques(options, group, gap):
            model.add_at_most_one(picks[i] for i in clique)
    for clique in overlap_cliques(options):
        model.add_at_most_one(picks[i] for i in clique)
    for cap, members in problem.budget_groups:
        if len(members) > cap:
            model.add(sum(picks[i] for i in members) <= cap)
    for week, members in capacity.items():
        if sum(options[i].load_minutes for i in members) > problem.capacity_left[week]:
            model.add(cp_model.LinearExpr.weighted_sum(
                [picks[i] for i in members], [options[i].load_minutes for i in members]
            ) <= problem.capacity_left[week])
    if problem.touches_left is not None:
        for week, members in capacity.items():
            if len(members) > problem.touches_left[week]:
                model.add(sum(picks[i] for i in members) <= problem.touches_left[week])
    for event_id, members in per_event.items():
        if len(members) > problem.seats_left.get(event_id, 0):
            model.add(sum(picks[i] for i in members) <= problem.seats_left.get(event_id, 0))
    return weekly


def _objective(
    model: cp_model.CpModel, problem: Problem, picks: list[cp_model.IntVar],
    weekly: dict[tuple[int, int], tuple[cp_model.IntVar, list[int]]],
) -> tuple[cp_model.LinearExprT, list[tuple[cp_model.IntVar, list[int]]]]:
    """The plan value; also each helper flag with the options that can earn it (for hints).

    A week is warm (or heard) if the stakeholder is touched in one of the few weeks before it,
    so each flag is bounded by a short sum of per-week Booleans.
    """
    values = problem.values
    terms = list(picks)
    coefficients = [option.gain for option in problem.options]
    flags = []
    spans = _spans(problem)
    for person, (cover, silence) in sorted(spans.items()):
        for known, span, worth in ((values.known_warm, cover, values.warm_value),
                                   (values.known_heard, silence, values.cold_penalty)):
            for week in range(problem.horizon.weeks):
                if week in known[person]:
                    continue
                sources = [weekly[person, w] for w in range(week - span + 1, week + 1)
                           if (person, w) in weekly]
                if not sources:
                    continue
                flag = model.new_bool_var("")
                model.add(cp_model.LinearExpr.sum([v for v, _ in sources]) >= flag)
                terms.append(flag)
                coefficients.append(worth[person])
                flags.append((flag, [i for _, members in sources for i in members]))
    return cp_model.LinearExpr.weighted_sum(terms, coefficients), flags


def _spans(problem: Problem) -> dict[int, tuple[int, int]]:
    """Per stakeholder with options: weeks a touch keeps them warm, and within their silence."""
    spans = {}
    for option in problem.options:
        if option.person not in spans:
            spans[option.person] = (option.cover, problem.values.silence[option.person])
    return spans


def gap_cliques(
    options: Sequence[Option], group: Sequence[int], gap: timedelta
) -> Iterable[list[int]]:
    """Maximal sets of one stakeholder's options whose starts lie within ``gap`` of each other."""
    if gap <= timedelta(0):
        return
    ordered = sorted(group, key=lambda i: (options[i].start, i))
    last_end = -1
    for first in range(len(ordered)):
        end = first
        while end + 1 < len(ordered) and (
            options[ordered[end + 1]].start - options[ordered[first]].start < gap
        ):
            end += 1
        if end > last_end and end > first:
            yield ordered[first:end + 1]
        last_end = max(last_end, end)


def overlap_cliques(options: Sequence[Option]) -> Iterable[list[int]]:
    """Maximal sets of options whose slots share an instant (a sweep over starts and ends)."""
    events = sorted(
        [(o.start, 1, i) for i, o in enumerate(options)]
        + [(o.end, 0, i) for i, o in enumerate(options)]
    )
    active: set[int] = set()
    grew = False
    for _at, is_start, index in events:
        if is_start:
            active.add(index)
            grew = True
        else:
            if grew and len(active) > 1:
                yield sorted(active)
            grew = False
            active.discard(index)


class _Watch(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution as progress."""

    def __init__(self, solver: cp_model.CpSolver,
                 progress: Callable[[float, str], None] | None) -> None:
        super().__init__()
        self._solver = solver
        self._progress = progress

    def on_solution_callback(self) -> None:
        if self._progress is not None:
            limit = self._solver.parameters.max_deterministic_time
            fraction = min(0.95, 0.3 + 0.65 * self.deterministic_time / max(limit, 1e-3))
            self._progress(fraction, f"improving the plan (value {self.objective_value / 100:.1f})")
