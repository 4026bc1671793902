"""Placing chosen touches in the calendar: which quarter hour each one takes.

The column generation (:mod:`cadence.planner.lagrangian`) says which touches a good plan makes
(stakeholder, kind, week) but not when: its bound leaves the calendar out, and each option's
slot is one of a few spread-out candidates, which collide often on a full calendar (at 2,000
stakeholders a third of the chosen touches had no free candidate). Placed anew, week by week,
nearly all of them fit: the touches with the least room go first, and each takes the quarter
hour the touches still waiting want least (their room's demand, spread evenly over it). Among
quarter hours wanted equally, a touch goes to the manager's least busy day, so a roomy week is
spread over its days instead of piling up on the first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from cadence.planner.assignment import assign
from cadence.planner.candidates import GRID, ceil_to_grid, quarters_taken
from cadence.planner.options import Problem
from cadence.planner.snapshot import Interval
from cadence.planner.tally import Tally
from cadence.timezones import start_of_day_utc

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
TIE = 1e-6  # demands closer than this are equal: cumulative sums differ in the last bits


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
        horizon = self.problem.horizon
        self.origin = ceil_to_grid(horizon.bounds[self.week])
        self.size = max(0, (horizon.bounds[self.week + 1] - self.origin) // GRID)
        first = horizon.start + timedelta(days=7 * self.week)
        midnights = [start_of_day_utc(first + timedelta(days=d), self.problem.snapshot.manager.zone)
                     for d in range(1, 7)]
        cuts = [-((self.origin - m) // GRID) for m in midnights]  # first cell of each day
        self.day: Ints = np.searchsorted(np.array(cuts), np.arange(self.size), side="right")

    def place(self, wanted: list[int]) -> list[int]:
        """Place the week's touches; the options taken.

        One by one, least room first, is fast and places every touch on most weeks. When it
        leaves some out, the week is also assigned all at once (:func:`assign`) and the more
        valuable of the two placements is kept.
        """
        options = self.problem.options
        wanted = self._within_capacity(wanted)
        length = {i: quarters_taken(options[i].end - options[i].start) for i in wanted}
        inside = {i: self._inside(self.problem.room(i)) for i in wanted}
        starts = {i: _runs(inside[i], length[i]) & self._clear_of_gap(i) for i in wanted}
        latest = {i: (self.latest[i] - self.origin) // GRID for i in wanted if i in self.latest}
        booked = np.zeros(self.size, dtype=bool)
        proposal = _in_turn(wanted, inside, starts, length, latest, booked, self.day)
        if len(proposal) < len(wanted):
            worth = {i: float(self.tally.marginal(options[i])) for i in wanted}
            assigned = _reassigned(proposal, wanted, starts, length, worth, latest, inside,
                                   self.day)
            if sum(worth[i] for i, _ in assigned) > sum(worth[i] for i, _ in proposal):
                proposal = assigned
        return self._take(proposal)

    def _take(self, proposal: list[tuple[int, int]]) -> list[int]:
        """Take the (touch, start) pairs that keep every limit; the options taken."""
        chosen = []
        for i, cell in proposal:
            option = self.problem.options[i]
            at = self.origin + cell * GRID
            there = replace(option, start=at, end=at + (option.end - option.start))
            if (not self.tally.admits(there, self.tally.budget_of[i])
                    or self.tally.marginal(there) <= 0):
                continue
            index = i if option.start == at else self.tally.move(i, at)
            self.tally.take(index)
            chosen.append(index)
        return chosen

    def _within_capacity(self, wanted: list[int]) -> list[int]:
        """The touches the week's time and touch limit allow, dropping those worth least
        per minute.

        The programme's mix may blend two paths of a stakeholder; taking the heavier one can
        ask a week for a little more time, or one more touch, than it has.
        """
        options = self.problem.options
        left = self.problem.capacity_left[self.week] - self.tally.capacity_used[self.week]
        limit = self.problem.touches_left
        count = (len(wanted) if limit is None
                 else limit[self.week] - self.tally.touches_used[self.week])
        worth = {i: self.tally.marginal(options[i]) / max(1, options[i].load_minutes)
                 for i in wanted}
        kept: list[int] = []
        for i in sorted(wanted, key=lambda i: (-worth[i], i)):
            if len(kept) == count:
                break
            if options[i].load_minutes <= left:
                kept.append(i)
                left -= options[i].load_minutes
        return kept

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


def _reassigned(
    proposal: list[tuple[int, int]], wanted: list[int], starts: dict[int, Bools],
    length: dict[int, int], worth: dict[int, float], latest: dict[int, int],
    inside: dict[int, Bools], day: Ints,
) -> list[tuple[int, int]]:
    """The week placed again: the touches left out and those in their way are assigned at
    once (:func:`assign`); the rest stay where they are."""
    size = next(iter(starts.values())).shape[0]
    placed = dict(proposal)
    left_out = [i for i in wanted if i not in placed]
    contested = np.zeros(size, dtype=bool)
    for i in left_out:
        for at in np.flatnonzero(starts[i]).tolist():
            contested[at:at + length[i]] = True
    moving = set(left_out) | {i for i, at in proposal if contested[at:at + length[i]].any()}
    booked = np.zeros(size, dtype=bool)
    kept = []
    for i, at in proposal:
        if i not in moving:
            booked[at:at + length[i]] = True
            kept.append((i, at))
    free = {i: starts[i] & _runs(~booked, length[i]) for i in moving}
    assigned = assign(free, length, worth, latest, size)
    for i, at in assigned:
        booked[at:at + length[i]] = True
    done = {i for i, _ in assigned}
    rest = [i for i in wanted if i in moving and i not in done]
    return kept + assigned + _in_turn(rest, inside, free, length, latest, booked, day)


def _in_turn(
    wanted: list[int], inside: dict[int, Bools], starts: dict[int, Bools],
    length: dict[int, int], latest: dict[int, int], booked: Bools, day: Ints,
) -> list[tuple[int, int]]:
    """Starts for the touches one by one, least room first, each where the touches still
    waiting want least; ``booked`` is updated; ``day`` numbers each quarter hour's day in
    the manager's zone. The (touch, start) pairs placed."""
    demand = np.zeros(booked.shape[0])
    for i in wanted:
        demand += _share(inside[i], length[i])
    taken = []
    for i in sorted(wanted, key=lambda i: (int(starts[i].sum()), i)):
        demand -= _share(inside[i], length[i])
        free = starts[i] & _runs(~booked, length[i])
        at = _best_start(free, length[i], demand, latest.get(i), _day_load(booked, day))
        if at is not None:
            booked[at:at + length[i]] = True
            taken.append((i, at))
    return taken


def _best_start(free: Bools, length: int, demand: Floats, last: int | None,
                day_load: Ints) -> int | None:
    """The free start wanted least by the touches still waiting, no later than ``last`` if
    one such is free; among starts wanted equally, the first on the least busy day
    (``day_load``: quarter hours booked on each start's day)."""
    if last is not None:
        early = free & (np.arange(free.shape[0]) <= last)
        free = early if early.any() else free
    if not free.any():
        return None
    size = free.shape[0]
    running = np.concatenate([[0.0], np.cumsum(demand)])
    cells = np.arange(size)
    wanted = np.where(free, running[np.minimum(cells + length, size)] - running[cells], np.inf)
    least = free & (wanted <= wanted.min() + TIE)
    return int(np.argmin(np.where(least, day_load, np.iinfo(np.int64).max)))


def _day_load(booked: Bools, day: Ints) -> Ints:
    """For each quarter hour, how many quarter hours are booked on its day."""
    if not booked.size:
        return day
    per_day: Ints = np.bincount(day[booked], minlength=int(day[-1]) + 1)
    return per_day[day]


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
