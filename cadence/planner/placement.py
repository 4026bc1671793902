"""Placing chosen touches in the calendar: which quarter hour each one takes.

The column generation (:mod:`cadence.planner.lagrangian`) says which touches a good plan makes
(stakeholder, kind, week) but not when: its bound leaves the calendar out, and each option's
slot is one of a few spread-out candidates, which collide often on a full calendar (at 2,000
stakeholders a third of the chosen touches had no free candidate). Placed anew, week by week,
nearly all of them fit: the touches with the least room go first, and each takes the quarter
hour the touches still waiting want least (their room's demand, spread evenly over it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from cadence.planner.candidates import GRID, ceil_to_grid, quarters_taken
from cadence.planner.options import Problem
from cadence.planner.snapshot import Interval
from cadence.planner.tally import Tally

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


def place(problem: Problem, wanted: Iterable[int]) -> list[int]:
    """Slots for the touches at ``wanted`` (option indexes); the options chosen, in index order.

    A touch keeps its kind, stakeholder and week and may move anywhere in its room
    (:meth:`Problem.room`); moved touches are added to ``problem`` as new options. A touch
    that fits nowhere (its room is full, its week's time used up, another limit reached) is
    left out.
    """
    tally = Tally(problem)
    wanted = sorted(wanted, key=lambda i: (problem.options[i].week, i))
    by_week: dict[int, list[int]] = defaultdict(list)
    for index in wanted:
        by_week[problem.options[index].week].append(index)
    latest = _latest_starts(problem, wanted)
    chosen: list[int] = []
    for week in sorted(by_week):
        chosen += _Week(problem, tally, week, latest).place(by_week[week])
    return sorted(chosen)


def _latest_starts(problem: Problem, wanted: list[int]) -> dict[int, datetime]:
    """For a touch followed by another of the same stakeholder: the latest start that still
    leaves the next one the minimum gap somewhere in its room."""
    latest: dict[int, datetime] = {}
    following: dict[int, int] = {}
    for index in reversed(wanted):
        person = problem.options[index].person
        after = following.get(person)
        following[person] = index
        if after is None or not (room := problem.room(after)):
            continue
        length = problem.options[after].end - problem.options[after].start
        gap = timedelta(days=problem.snapshot.people[person].min_gap_days)
        latest[index] = room[-1].end - length - gap
    return latest


@dataclass
class _Week:
    """One week cut into quarter hours, and the touches placed in it so far."""

    problem: Problem
    tally: Tally
    week: int
    latest: dict[int, datetime]

    def __post_init__(self) -> None:
        bounds = self.problem.horizon.bounds
        self.origin = ceil_to_grid(bounds[self.week])
        self.size = max(0, (bounds[self.week + 1] - self.origin) // GRID)
        self.booked = np.zeros(self.size, dtype=bool)

    def place(self, wanted: list[int]) -> list[int]:
        """Place the week's touches, least room first; the options taken."""
        options = self.problem.options
        wanted = self._within_capacity(wanted)
        inside = {i: self._inside(self.problem.room(i)) for i in wanted}
        length = {i: quarters_taken(options[i].end - options[i].start) for i in wanted}
        demand = np.zeros(self.size)
        for i in wanted:
            demand += _share(inside[i], length[i])
        starts = {i: _runs(inside[i], length[i]) for i in wanted}
        chosen = []
        for i in sorted(wanted, key=lambda i: (int(starts[i].sum()), i)):
            demand -= _share(inside[i], length[i])
            if not self.tally.has_time(options[i]):
                continue
            at = self._best_start(i, starts[i], length[i], demand)
            if at is None:
                continue
            there = replace(options[i], start=at, end=at + (options[i].end - options[i].start))
            if (not self.tally.admits(there, self.tally.budget_of[i])
                    or self.tally.marginal(there) <= 0):
                continue
            index = i if options[i].start == at else self.tally.move(i, at)
            self.tally.take(index)
            chosen.append(index)
            first = (at - self.origin) // GRID
            self.booked[first:first + length[i]] = True
        return chosen

    def _within_capacity(self, wanted: list[int]) -> list[int]:
        """The touches the week's time allows, dropping those worth least per minute.

        The programme's mix may blend two paths of a stakeholder; taking the heavier one can
        ask a week for a little more time than it has.
        """
        options = self.problem.options
        left = self.problem.capacity_left[self.week] - self.tally.capacity_used[self.week]
        worth = {i: self.tally.marginal(options[i]) / max(1, options[i].load_minutes)
                 for i in wanted}
        kept = []
        for i in sorted(wanted, key=lambda i: (-worth[i], i)):
            if options[i].load_minutes <= left:
                kept.append(i)
                left -= options[i].load_minutes
        return kept

    def _best_start(self, index: int, starts: Bools, length: int,
                    demand: Floats) -> datetime | None:
        """The free start in the room wanted least by the touches still waiting."""
        free = starts & _runs(~self.booked, length) & self._clear_of_gap(index)
        if index in self.latest:
            last = (self.latest[index] - self.origin) // GRID
            early = free & (np.arange(self.size) <= last)
            free = early if early.any() else free
        if not free.any():
            return None
        running = np.concatenate([[0.0], np.cumsum(demand)])
        cells = np.arange(self.size)
        wanted = running[np.minimum(cells + length, self.size)] - running[cells]
        best = int(np.argmin(np.where(free, wanted, np.inf)))
        return self.origin + best * GRID

    def _clear_of_gap(self, index: int) -> Bools:
        """Starts at least the minimum gap away from the stakeholder's planned touches."""
        option = self.problem.options[index]
        gap = timedelta(days=self.problem.snapshot.people[option.person].min_gap_days) / GRID
        cells = np.arange(self.size, dtype=np.float64)
        clear = np.ones(self.size, dtype=bool)
        for start in self.tally.starts[option.person]:
            clear &= np.abs(cells - (start - self.origin) / GRID) >= gap
        return clear

    def _inside(self, room: list[Interval]) -> Bools:
        """The quarter hours lying wholly inside ``room``."""
        inside = np.zeros(self.size, dtype=bool)
        for window in room:
            first = -((self.origin - window.start) // GRID)  # ceiling division
            last = (window.end - self.origin) // GRID
            inside[max(first, 0):max(min(last, self.size), 0)] = True
        return inside


def _share(inside: Bools, length: int) -> Floats:
    """A touch's demand for each quarter hour of its room: its length, spread evenly."""
    total = int(inside.sum())
    share: Floats = inside.astype(np.float64)
    return share * (length / total) if total else share


def _runs(mask: Bools, length: int) -> Bools:
    """The starts whose ``length`` quarter hours all lie in ``mask``."""
    size = mask.shape[0]
    running = np.concatenate([[0], np.cumsum(mask)])
    cells = np.arange(size)
    end = cells + length
    full: Bools = (end <= size) & (running[np.minimum(end, size)] - running[cells] == length)
    return full
