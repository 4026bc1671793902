"""A fast greedy construction: the optimiser's warm start and the fallback for huge workspaces.

It repeatedly takes the option with the highest marginal value that still fits every limit.
Marginal values only fall as touches are added (a week warmed once is not warmed again), so a
lazy priority queue re-evaluates an option only when it reaches the top.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cadence.planner.options import Option, Problem

OVERHEAD_MINUTES = 30


@dataclass
class _State:
    """What the chosen options use up so far."""

    problem: Problem
    budget_of: list[int]
    budget_used: list[int]
    weeks_taken: set[tuple[int, int]] = field(default_factory=set)
    starts: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    capacity_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    seats_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    commitments: set[int] = field(default_factory=set)
    invitees: set[tuple[int, int]] = field(default_factory=set)
    busy: list[tuple[datetime, datetime]] = field(default_factory=list)
    warm: dict[int, set[int]] = field(default_factory=dict)
    heard: dict[int, set[int]] = field(default_factory=dict)

    def marginal(self, option: Option) -> int:
        values = self.problem.values
        warm = self.warm.get(option.person) or values.known_warm[option.person]
        heard = self.heard.get(option.person) or values.known_heard[option.person]
        new_warm = sum(1 for w in values.warm_weeks(option.chosen()) if w not in warm)
        new_heard = sum(1 for w in values.heard_weeks(option.chosen()) if w not in heard)
        return (option.gain + new_warm * values.warm_value[option.person]
                + new_heard * values.cold_penalty[option.person])

    def fits(self, index: int, option: Option) -> bool:
        person = self.problem.snapshot.people[option.person]
        gap = timedelta(days=person.min_gap_days)
        group = self.budget_of[index]
        return not (
            (option.person, option.week) in self.weeks_taken
            or any(abs(option.start - s) < gap for s in self.starts[option.person])
            or (group >= 0 and self.budget_used[group] >= self.problem.budget_groups[group][0])
            or self.capacity_used[option.week] + option.load_minutes
            > self.problem.capacity_left[option.week]
            or (option.event_id is not None and self.seats_used[option.event_id]
                >= self.problem.seats_left.get(option.event_id, 0))
            or (option.commitment_id is not None and option.commitment_id in self.commitments)
            or (option.event_id, option.person) in self.invitees
            or self._overlaps(option)
        )

    def take(self, index: int, option: Option) -> None:
        values = self.problem.values
        self.weeks_taken.add((option.person, option.week))
        self.starts[option.person].append(option.start)
        if self.budget_of[index] >= 0:
            self.budget_used[self.budget_of[index]] += 1
        self.capacity_used[option.week] += option.load_minutes
        if option.event_id is not None:
            self.seats_used[option.event_id] += 1
            self.invitees.add((option.event_id, option.person))
        if option.commitment_id is not None:
            self.commitments.add(option.commitment_id)
        insort(self.busy, (option.start, option.end))
        self.warm.setdefault(option.person, set(values.known_warm[option.person])).update(
            values.warm_weeks(option.chosen()))
        self.heard.setdefault(option.person, set(values.known_heard[option.person])).update(
            values.heard_weeks(option.chosen()))

    def _overlaps(self, option: Option) -> bool:
        at = bisect_left(self.busy, (option.start, option.start))
        before = self.busy[at - 1] if at > 0 else None
        after = self.busy[at] if at < len(self.busy) else None
        return (before is not None and before[1] > option.start) or (
            after is not None and after[0] < option.end
        )


def greedy(
    problem: Problem, guide: Sequence[float] | None = None, threshold: float = 0.5
) -> list[int]:
    """Indexes of the options the greedy construction chooses, in index order.

    With ``guide`` (the relaxation's fractional solution) it first takes the options the
    relaxation takes to more than ``threshold``, most certain first, then fills up by value
    per minute.
    """
    state = _State(problem, problem.budget_group_of(), [0] * len(problem.budget_groups))
    chosen = []
    if guide is not None:
        likely = sorted((i for i, f in enumerate(guide) if f > threshold),
                        key=lambda i: (-round(guide[i], 3), i))
        for index in likely:
            option = problem.options[index]
            if state.fits(index, option) and state.marginal(option) > 0:
                state.take(index, option)
                chosen.append(index)
    taken = set(chosen)
    heap = [(-_density(state.marginal(o), o), i) for i, o in enumerate(problem.options)
            if i not in taken]
    heapq.heapify(heap)
    while heap and heap[0][0] < 0:
        stale, index = heapq.heappop(heap)
        option = problem.options[index]
        if not state.fits(index, option):
            continue
        density = _density(state.marginal(option), option)
        if density == -stale or not heap or density >= -heap[0][0]:
            if density > 0:
                state.take(index, option)
                chosen.append(index)
        else:
            heapq.heappush(heap, (-density, index))
    return sorted(chosen)


def _density(value: int, option: Option) -> float:
    """Value per minute of the manager's time (with a floor, so tiny touches do not dominate).

    Capacity is what usually binds, so value per minute beats raw value as a greedy order.
    """
    return value / (option.load_minutes + OVERHEAD_MINUTES)
