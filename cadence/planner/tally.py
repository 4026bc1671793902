"""What a plan in the making uses up: budgets, weeks, the manager's time, seats, the calendar.

The greedy construction (:mod:`cadence.planner.greedy`) and the placement of chosen touches
in the calendar (:mod:`cadence.planner.placement`) both add touches one at a time and must
keep every limit; this is their shared bookkeeping.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cadence.planner.options import Option, Problem


@dataclass
class Tally:
    """The limits the options taken so far use up, and the weeks they warm and keep heard."""

    problem: Problem
    budget_of: list[int] = field(init=False)
    budget_used: list[int] = field(init=False)
    weeks_taken: set[tuple[int, int]] = field(default_factory=set)
    starts: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    capacity_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    touches_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    seats_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    commitments: set[int] = field(default_factory=set)
    invitees: set[tuple[int, int]] = field(default_factory=set)
    busy: list[tuple[datetime, datetime]] = field(default_factory=list)
    # Per stakeholder, the horizon weeks warm and heard so far, as bitmasks (bit w: week w):
    # what a touch newly reaches is then one mask operation, and this is asked very often.
    warm: dict[int, int] = field(default_factory=dict)
    heard: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.budget_of = self.problem.budget_group_of()
        self.budget_used = [0] * len(self.problem.budget_groups)

    def marginal(self, option: Option) -> int:
        """What taking ``option`` would add to the plan's value now."""
        return option.gain + self.reach(option.person, option.week, option.cover)

    def reach(self, person: int, week: int, cover: int) -> int:
        """What a touch with ``person`` in ``week`` that keeps ``cover`` weeks warm would add
        now through the weeks it newly warms and keeps heard."""
        values = self.problem.values
        new_warm = _weeks(values.warm_range(week, cover)) & ~self._warm(person)
        new_heard = _weeks(values.heard_range(person, week)) & ~self._heard(person)
        return (new_warm.bit_count() * values.warm_value[person]
                + new_heard.bit_count() * values.cold_penalty[person])

    def fits(self, index: int) -> bool:
        """Whether option ``index`` keeps every limit next to the options taken so far."""
        return self.admits(self.problem.options[index], self.budget_of[index])

    def admits(self, option: Option, group: int) -> bool:
        """Whether ``option``, of budget group ``group``, keeps every limit."""
        person = self.problem.snapshot.people[option.person]
        gap = timedelta(days=person.min_gap_days)
        return not (
            (option.person, option.week) in self.weeks_taken
            or any(abs(option.start - s) < gap for s in self.starts[option.person])
            or (group >= 0 and self.budget_used[group] >= self.problem.budget_groups[group][0])
            or not self.has_time(option)
            or (option.event_id is not None and self.seats_used[option.event_id]
                >= self.problem.seats_left.get(option.event_id, 0))
            or (option.commitment_id is not None and option.commitment_id in self.commitments)
            or (option.event_id, option.person) in self.invitees
            or self._overlaps(option)
        )

    def has_time(self, option: Option) -> bool:
        """Whether the manager's week still has the minutes ``option`` needs, and room for
        one more touch under his weekly touch limit."""
        touches_left = self.problem.touches_left
        return (self.capacity_used[option.week] + option.load_minutes
                <= self.problem.capacity_left[option.week]
                and (touches_left is None
                     or self.touches_used[option.week] < touches_left[option.week]))

    def move(self, index: int, start: datetime) -> int:
        """Add option ``index`` moved to ``start`` to the problem (see ``Problem.move``)."""
        moved = self.problem.move(index, start, self.budget_of[index])
        self.budget_of.append(self.budget_of[index])
        return moved

    def take(self, index: int) -> None:
        """Count option ``index`` as taken."""
        option = self.problem.options[index]
        values = self.problem.values
        self.weeks_taken.add((option.person, option.week))
        self.starts[option.person].append(option.start)
        if self.budget_of[index] >= 0:
            self.budget_used[self.budget_of[index]] += 1
        self.capacity_used[option.week] += option.load_minutes
        self.touches_used[option.week] += 1
        if option.event_id is not None:
            self.seats_used[option.event_id] += 1
            self.invitees.add((option.event_id, option.person))
        if option.commitment_id is not None:
            self.commitments.add(option.commitment_id)
        insort(self.busy, (option.start, option.end))
        self.warm[option.person] = self._warm(option.person) | _weeks(
            values.warm_range(option.week, option.cover))
        self.heard[option.person] = self._heard(option.person) | _weeks(
            values.heard_range(option.person, option.week))

    def _warm(self, person: int) -> int:
        found = self.warm.get(person)
        if found is None:
            found = self.warm[person] = _mask(self.problem.values.known_warm[person])
        return found

    def _heard(self, person: int) -> int:
        found = self.heard.get(person)
        if found is None:
            found = self.heard[person] = _mask(self.problem.values.known_heard[person])
        return found

    def _overlaps(self, option: Option) -> bool:
        at = bisect_left(self.busy, (option.start, option.start))
        before = self.busy[at - 1] if at > 0 else None
        after = self.busy[at] if at < len(self.busy) else None
        return (before is not None and before[1] > option.start) or (
            after is not None and after[0] < option.end
        )


def _mask(weeks: frozenset[int]) -> int:
    """``weeks`` as a bitmask."""
    return sum(1 << week for week in weeks)


def _weeks(span: range) -> int:
    """The weeks of ``span`` (a range of step 1) as a bitmask."""
    return (1 << span.stop) - (1 << span.start) if span.stop > span.start else 0
