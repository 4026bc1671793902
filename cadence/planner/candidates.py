"""Candidate slots: when a touch with a stakeholder could happen at all.

A slot must lie inside the stakeholder's reachable days and hours in *their* zone, inside the
account manager's working days and hours in *his* zone, on a day that is a public holiday for
neither, after ``now``, and clear of busy blocks and of accepted touchpoints. Every week of the
horizon gets a few concrete, spread-out slots per stakeholder and duration rather than every
possible start: the optimiser then chooses among a small, good set, which keeps the model small
enough for large workspaces.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from cadence.planner.snapshot import Interval, Manager, Person, Snapshot
from cadence.public_holidays import holiday_on
from cadence.timezones import local_to_utc, start_of_day_utc, zone

GRID = timedelta(minutes=15)
_EPOCH = datetime(2000, 1, 3, tzinfo=UTC)


@dataclass(frozen=True)
class Horizon:
    """The planned weeks: week ``i`` runs from ``bounds[i]`` to ``bounds[i + 1]`` (UTC).

    Weeks are seven calendar days from the plan's start date in the manager's zone; nothing is
    planned before ``earliest`` (the later of the start and ``now``).
    """

    start: date
    weeks: int
    bounds: tuple[datetime, ...]
    earliest: datetime

    @classmethod
    def build(cls, start: date, weeks: int, zone_name: str, now: datetime) -> Horizon:
        """The horizon of ``weeks`` weeks from ``start`` in ``zone_name``."""
        bounds = tuple(
            start_of_day_utc(start + timedelta(days=7 * i), zone_name) for i in range(weeks + 1)
        )
        return cls(start, weeks, bounds, max(bounds[0], ceil_to_grid(now)))

    @property
    def end(self) -> datetime:
        """The end of the last week."""
        return self.bounds[-1]

    def week_of(self, instant: datetime) -> int:
        """The index of the week holding ``instant`` (-1 before, ``weeks`` after the horizon)."""
        return bisect_right(self.bounds, instant) - 1


@dataclass
class SlotFinder:
    """Free time per stakeholder and week, cached by reachable-hours signature."""

    snapshot: Snapshot
    horizon: Horizon
    _blocked: list[Interval] = field(init=False)
    _manager: list[Interval] = field(init=False)
    _free: dict[tuple[object, ...], list[list[Interval]]] = field(init=False, default_factory=dict)
    _counted: dict[tuple[object, ...], _StartGrid] = field(
        init=False, default_factory=dict)

    def __post_init__(self) -> None:
        blocked = [*self.snapshot.busy]
        blocked += [Interval(f.start, f.end) for f in self.snapshot.fixed]
        self._blocked = merge(blocked)
        self._manager = _manager_windows(self.snapshot.manager, self.horizon)

    def manager_free(self, week: int) -> list[Interval]:
        """The manager's free working time in ``week`` (none before ``now``)."""
        lo = max(self.horizon.bounds[week], self.horizon.earliest)
        hi = self.horizon.bounds[week + 1]
        if lo >= hi:
            return []
        return intersect(subtract(self._manager, self._blocked), [Interval(lo, hi)])

    def free(self, person: Person, week: int) -> list[Interval]:
        """The free, common intervals of ``person`` and the manager in ``week``."""
        key = _signature(person)
        per_week = self._free.get(key)
        if per_week is None:
            per_week = self._free_by_week(person)
            self._free[key] = per_week
        if person.quiet_until is not None:
            return intersect(per_week[week], [Interval(person.quiet_until, self.horizon.end)])
        return per_week[week]

    def slots(
        self, person: Person, week: int, minutes: int, count: int, salt: int,
        window: tuple[datetime, datetime] | None = None, avoid: Sequence[Interval] = (),
    ) -> list[Interval]:
        """Up to ``count`` spread-out slots of ``minutes`` for ``person`` in ``week``.

        ``window`` narrows the slots further (e.g. the days before a due date) and ``avoid``
        takes times out (e.g. too close to a touch already made). ``salt`` varies the choice
        between stakeholders and kinds so that their slots rarely collide; it is derived from
        ids, so the choice is the same on every run.
        """
        if window is None and person.quiet_until is None and not avoid:
            # The usual case, asked for every stakeholder and week: shared by all with the
            # same hours.
            key = (*_signature(person), week, minutes)
            starts = self._counted.get(key)
            if starts is None:
                starts = self._counted[key] = _StartGrid.of(self.free(person, week), minutes)
        else:
            free = self.free(person, week)
            if window is not None:
                free = intersect(free, [Interval(*window)])
            if avoid:
                free = subtract(free, list(avoid))
            starts = _StartGrid.of(free, minutes)
        total = starts.total
        if not total:
            return []
        length = timedelta(minutes=minutes)
        first = (salt * 7919) % total
        if count == 1:
            at = starts.nth(first)
            return [Interval(at, at + length)]
        step = max(1, total // count)
        picked = sorted({(first + i * step) % total for i in range(min(count, total))})
        return [Interval(at, at + length) for at in map(starts.nth, picked)]

    def _free_by_week(self, person: Person) -> list[list[Interval]]:
        reachable = _daily_windows(
            person.zone, person.reachable_days, person.reachable_start, person.reachable_end,
            self.horizon, person.holiday_region,
        )
        common = subtract(intersect(reachable, self._manager), self._blocked)
        clip = Interval(self.horizon.earliest, self.horizon.end)
        weeks: list[list[Interval]] = [[] for _ in range(self.horizon.weeks)]
        for window in intersect(common, [clip]):
            first = max(self.horizon.week_of(window.start), 0)
            for week in range(first, self.horizon.weeks):
                lo, hi = self.horizon.bounds[week], self.horizon.bounds[week + 1]
                if lo >= window.end:
                    break
                part = Interval(max(lo, window.start), min(hi, window.end))
                if part.start < part.end:
                    weeks[week].append(part)
        return weeks


def _signature(person: Person) -> tuple[object, ...]:
    """What a stakeholder's free time depends on (besides a snooze)."""
    return (person.zone, person.reachable_days, person.reachable_start, person.reachable_end,
            person.holiday_region)


def grid_starts(windows: Iterable[Interval], length: timedelta) -> Iterable[datetime]:
    """Every quarter-hour start at which ``length`` fits inside one of ``windows``."""
    for window in windows:
        at = ceil_to_grid(window.start)
        while at + length <= window.end:
            yield at
            at += GRID


def quarters_taken(length: timedelta) -> int:
    """The quarter hours a touch of ``length`` keeps to itself: its start and those it covers."""
    return -(-length // GRID)


def quarter_hours(windows: Iterable[Interval]) -> int:
    """How many quarter hours of the grid start inside ``windows``.

    Touches start on the grid and may not overlap, so a touch of ``n`` minutes has
    ``ceil(n / 15)`` of these starts to itself: a calendar limit that ignores where it sits.
    """
    return sum(max(0, quarters_taken(w.end - ceil_to_grid(w.start))) for w in windows)


def quarter_starts(windows: Iterable[Interval]) -> frozenset[int]:
    """The quarter hours of the grid that start inside ``windows``, numbered from the grid's
    epoch (as many as :func:`quarter_hours` counts)."""
    starts: set[int] = set()
    for window in windows:
        first = (ceil_to_grid(window.start) - _EPOCH) // GRID
        starts.update(range(first, first + max(0, quarters_taken(window.end - ceil_to_grid(
            window.start)))))
    return frozenset(starts)


@dataclass(frozen=True, slots=True)
class _StartGrid:
    """The quarter-hour starts at which a touch fits inside some free windows, numbered
    from 0: each window's first start and the running count of starts up to its end."""

    firsts: list[datetime]
    ends: list[int]

    @classmethod
    def of(cls, free: list[Interval], minutes: int) -> _StartGrid:
        """The starts of a touch of ``minutes`` inside ``free``."""
        length = timedelta(minutes=minutes)
        firsts, ends, total = [], [], 0
        for window in free:
            total += _starts_in(window, length)
            firsts.append(ceil_to_grid(window.start))
            ends.append(total)
        return cls(firsts, ends)

    @property
    def total(self) -> int:
        """How many starts there are."""
        return self.ends[-1] if self.ends else 0

    def nth(self, index: int) -> datetime:
        """Start number ``index`` (0 <= index < total)."""
        at = bisect_right(self.ends, index)
        before = self.ends[at - 1] if at else 0
        return self.firsts[at] + (index - before) * GRID


def _starts_in(window: Interval, length: timedelta) -> int:
    """How many quarter-hour starts fit ``length`` inside ``window``."""
    room = window.end - ceil_to_grid(window.start) - length
    return 0 if room < timedelta(0) else room // GRID + 1


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and merge overlapping or touching intervals."""
    merged: list[Interval] = []
    for item in sorted(intervals, key=lambda i: (i.start, i.end)):
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end)
        else:
            merged.append(item)
    return merged


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The intersection of two sorted, disjoint interval lists."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i].start, b[j].start), min(a[i].end, b[j].end)
        if lo < hi:
            out.append(Interval(lo, hi))
        if a[i].end <= b[j].end:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Interval], blocked: Sequence[Interval]) -> list[Interval]:
    """``a`` minus the sorted, merged ``blocked`` intervals."""
    out: list[Interval] = []
    j = 0
    for window in a:
        start = window.start
        while j < len(blocked) and blocked[j].end <= start:
            j += 1
        k = j
        while k < len(blocked) and blocked[k].start < window.end:
            if blocked[k].start > start:
                out.append(Interval(start, blocked[k].start))
            start = max(start, blocked[k].end)
            k += 1
        if start < window.end:
            out.append(Interval(start, window.end))
    return out


def within_hours(person: Person, manager: Manager, slot: Interval) -> bool:
    """Whether ``slot`` is inside both the stakeholder's and the manager's hours (one day each)."""
    return reachable_then(person, slot) and working_then(manager, slot)


def reachable_then(person: Person, slot: Interval) -> bool:
    """Whether ``slot`` is inside one day of the stakeholder's reachable hours, in their zone,
    and that day is no public holiday for them."""
    return (_inside(slot, person.zone, person.reachable_days, person.reachable_start,
                    person.reachable_end)
            and holiday_then(person.zone, person.holiday_region, slot) is None)


def working_then(manager: Manager, slot: Interval) -> bool:
    """Whether ``slot`` is inside one day of the manager's working hours, in his zone, and
    that day is no public holiday for him."""
    return (_inside(slot, manager.zone, manager.work_days, manager.work_start, manager.work_end)
            and holiday_then(manager.zone, manager.holiday_region, slot) is None)


def holiday_then(zone_name: str, region: str | None, slot: Interval) -> str | None:
    """The public holiday ``slot`` starts on, in ``region`` and by the day in ``zone_name``."""
    return holiday_on(region, slot.start.astimezone(zone(zone_name)).date())


def _inside(slot: Interval, zone_name: str, days: frozenset[int], start: time, end: time) -> bool:
    local_day = slot.start.astimezone(zone(zone_name)).date()
    if local_day.weekday() not in days:
        return False
    return (
        local_to_utc(local_day, start, zone_name) <= slot.start
        and slot.end <= local_to_utc(local_day, end, zone_name)
    )


def _manager_windows(manager: Manager, horizon: Horizon) -> list[Interval]:
    return _daily_windows(
        manager.zone, manager.work_days, manager.work_start, manager.work_end, horizon,
        manager.holiday_region,
    )


def _daily_windows(
    zone_name: str, days: frozenset[int], start: time, end: time, horizon: Horizon,
    region: str | None,
) -> list[Interval]:
    # One day either side covers every zone offset from the manager's.
    first = horizon.start - timedelta(days=1)
    windows = []
    for offset in range(7 * horizon.weeks + 2):
        day = first + timedelta(days=offset)
        if day.weekday() in days and holiday_on(region, day) is None:
            windows.append(
                Interval(local_to_utc(day, start, zone_name), local_to_utc(day, end, zone_name))
            )
    return merge(windows)


def ceil_to_grid(instant: datetime) -> datetime:
    """The first quarter hour (of the UTC grid every slot starts on) at or after ``instant``."""
    remainder = (instant - _EPOCH) % GRID
    return instant if not remainder else instant + (GRID - remainder)
