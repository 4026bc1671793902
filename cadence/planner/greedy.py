"""A fast greedy construction: the optimiser's warm start and the fallback for huge workspaces.

It repeatedly takes the option with the highest marginal value that still fits every limit.
Marginal values only fall as touches are added (a week warmed once is not warmed again), so a
lazy priority queue re-evaluates an option only when it reaches the top.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence

from cadence.planner.options import Option, Problem
from cadence.planner.tally import Tally

OVERHEAD_MINUTES = 30


def greedy(
    problem: Problem, guide: Sequence[float] | None = None, threshold: float = 0.5
) -> list[int]:
    """Indexes of the options the greedy construction chooses, in index order.

    With ``guide`` (the relaxation's fractional solution) it first takes the options the
    relaxation takes to more than ``threshold``, most certain first, then fills up by value
    per minute.
    """
    state = Tally(problem)
    chosen = []
    if guide is not None:
        likely = sorted((i for i, f in enumerate(guide) if f > threshold),
                        key=lambda i: (-round(guide[i], 3), i))
        for index in likely:
            if state.fits(index) and state.marginal(problem.options[index]) > 0:
                state.take(index)
                chosen.append(index)
    taken = set(chosen)
    # Limits only tighten as touches are taken, so an option whose week is already full
    # never fits again; skipping those keeps the fill after placement cheap.
    # Nothing is taken while the heap is built, so what a week newly warms is worked out once
    # per stakeholder, week and cover, not once per option (half the options share one).
    reach = functools.cache(state.reach)
    heap = [(-_density(o.gain + reach(o.person, o.week, o.cover), o), i)
            for i, o in enumerate(problem.options) if i not in taken and state.has_time(o)]
    heapq.heapify(heap)
    while heap and heap[0][0] < 0:
        stale, index = heapq.heappop(heap)
        option = problem.options[index]
        if not state.fits(index):
            continue
        density = _density(state.marginal(option), option)
        if density == -stale or not heap or density >= -heap[0][0]:
            if density > 0:
                state.take(index)
                chosen.append(index)
        else:
            heapq.heappush(heap, (-density, index))
    return sorted(chosen)


def _density(value: int, option: Option) -> float:
    """Value per minute of the manager's time (with a floor, so tiny touches do not dominate).

    Capacity is what usually binds, so value per minute beats raw value as a greedy order.
    """
    return value / (option.load_minutes + OVERHEAD_MINUTES)
