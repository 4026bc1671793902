"""The hard rules, checked on a finished plan.

The optimiser is built so that it cannot break these; this checker verifies that independently
(property tests run it on random workspaces, and the service runs it as a last safety net).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import timedelta

from cadence.budget import period_window_utc
from cadence.planner.candidates import Horizon, merge, within_hours
from cadence.planner.options import touches_made
from cadence.planner.plan import PlannedTouch
from cadence.planner.snapshot import Interval, Snapshot
from cadence.timezones import ensure_utc


def violations(
    snapshot: Snapshot, horizon: Horizon, touches: Sequence[PlannedTouch]
) -> list[tuple[int, str]]:
    """Every broken hard rule as ``(index of the touch, sentence)``; empty when all hold."""
    # In UTC: Python compares and subtracts two times of one zone by their wall clocks, which
    # gets the hour repeated when clocks go back wrong (02:45 CEST then 02:15 CET).
    touches = [dataclasses.replace(t, start=ensure_utc(t.start), end=ensure_utc(t.end))
               if t.start.tzinfo is not None else t for t in touches]
    found: list[tuple[int, str]] = []
    found += _per_touch(snapshot, horizon, touches)
    found += _budget_and_gap(snapshot, touches)
    found += _overlaps(snapshot, touches)
    found += _capacity(snapshot, horizon, touches)
    found += _touch_limit(snapshot, horizon, touches)
    found += _seats(snapshot, touches)
    return sorted(set(found))


def _per_touch(
    snapshot: Snapshot, horizon: Horizon, touches: Sequence[PlannedTouch]
) -> list[tuple[int, str]]:
    people = {p.id: p for p in snapshot.people}
    events = {e.id: e for e in snapshot.events}
    found = []
    for i, touch in enumerate(touches):
        person = people[touch.stakeholder_id]
        if touch.start.tzinfo is None or touch.end <= touch.start:
            found.append((i, "slot is not an aware, positive interval"))
        if not horizon.earliest <= touch.start < horizon.end or touch.end > horizon.end:
            found.append((i, "slot outside the horizon or in the past"))
        if person.quiet_until is not None and touch.start < person.quiet_until:
            found.append((i, f"a suggestion with {person.name} is snoozed until then"))
        if touch.kind in person.dislikes:
            found.append((i, f"{person.name} dislikes {touch.kind}"))
        if touch.channel not in person.channels:
            found.append((i, f"{person.name} does not accept {touch.channel}"))
        if not within_hours(person, snapshot.manager, Interval(touch.start, touch.end)):
            found.append((i, "slot outside reachable or working hours, or on a holiday"))
        if touch.event_id is not None:
            event = events[touch.event_id]
            if not person.interests & event.topics:
                found.append((i, f"{event.name} does not match {person.name}'s interests"))
            if touch.start > event.starts_at - timedelta(days=event.invite_lead_days):
                found.append((i, f"invite to {event.name} later than its lead time"))
    return found


def _budget_and_gap(
    snapshot: Snapshot, touches: Sequence[PlannedTouch]
) -> list[tuple[int, str]]:
    people = {p.id: p for p in snapshot.people}
    mine: dict[int, list[int]] = defaultdict(list)
    for i, touch in enumerate(touches):
        mine[touch.stakeholder_id].append(i)
    found = []
    for i, touch in enumerate(touches):
        person = people[touch.stakeholder_id]
        # In UTC: aware datetimes sharing a zone subtract as wall-clock times, which across
        # a DST change would make a gap of exactly N days look an hour short.
        at = ensure_utc(touch.start)
        others = [ensure_utc(touches[j].start) for j in mine[person.id] if j != i]
        instants = others + [t.at for t in person.touches]
        gap = timedelta(days=person.min_gap_days)
        if any(abs(at - other) < gap for other in instants):
            found.append((i, f"less than {person.min_gap_days} days from another touch"))
        lo, hi = period_window_utc(person.budget_period, touch.start, person.zone)
        if 1 + sum(1 for t in instants if lo <= t < hi) > person.budget_max:
            found.append((i, f"over {person.name}'s budget of {person.budget_max}"))
    return found


def _overlaps(snapshot: Snapshot, touches: Sequence[PlannedTouch]) -> list[tuple[int, str]]:
    blocked = merge([*snapshot.busy, *(Interval(f.start, f.end) for f in snapshot.fixed)])
    starts = [b.start for b in blocked]
    order = sorted(range(len(touches)), key=lambda i: (touches[i].start, i))
    found = []
    for rank, i in enumerate(order):
        touch = touches[i]
        k = max(bisect_right(starts, touch.start) - 1, 0)
        near = blocked[k:bisect_right(starts, touch.end, lo=k)]
        if any(b.start < touch.end and touch.start < b.end for b in near):
            found.append((i, "overlaps a busy time or an accepted touchpoint"))
        for j in order[rank + 1:]:
            if touches[j].start >= touch.end:
                break
            found.append((j, "overlaps another planned touch"))
    return found


def _capacity(
    snapshot: Snapshot, horizon: Horizon, touches: Sequence[PlannedTouch]
) -> list[tuple[int, str]]:
    used: dict[int, float] = defaultdict(float)
    last: dict[int, int] = {}
    for fixed in snapshot.fixed:
        kind = snapshot.kinds_by_key.get(fixed.kind_key)
        prep = kind.prep_minutes if kind else 0
        minutes = (fixed.end - fixed.start) / timedelta(minutes=1)
        used[horizon.week_of(fixed.start)] += minutes + prep
    for i, touch in enumerate(touches):
        week = horizon.week_of(touch.start)
        prep = snapshot.kinds_by_key[touch.kind].prep_minutes
        used[week] += (touch.end - touch.start) / timedelta(minutes=1) + prep
        last[week] = i
    limit = snapshot.manager.weekly_capacity_hours * 60
    return [(i, f"week {week + 1} over capacity") for week, i in last.items()
            if used[week] > limit + 1e-6]


def _touch_limit(
    snapshot: Snapshot, horizon: Horizon, touches: Sequence[PlannedTouch]
) -> list[tuple[int, str]]:
    """Each planned touch beyond the manager's weekly touch limit (the latest of the week's)."""
    limit = snapshot.manager.weekly_touch_limit
    if limit is None:
        return []
    made = dict(enumerate(touches_made(snapshot, horizon)))
    per_week: dict[int, list[int]] = defaultdict(list)
    for i in sorted(range(len(touches)), key=lambda i: touches[i].start):
        per_week[horizon.week_of(touches[i].start)].append(i)
    return [(i, f"week {week + 1} over the limit of {limit} touches")
            for week, members in per_week.items()
            for i in members[max(0, limit - made.get(week, 0)):]]


def _seats(snapshot: Snapshot, touches: Sequence[PlannedTouch]) -> list[tuple[int, str]]:
    taken = Counter(t.event_id for t in touches if t.event_id is not None)
    found = []
    for event in snapshot.events:
        if taken[event.id] > event.seats_left:
            last = max(i for i, t in enumerate(touches) if t.event_id == event.id)
            found.append((last, f"{event.name} over-allocated"))
    seen: set[tuple[int, int]] = set()
    for i, touch in enumerate(touches):
        event_id = touch.event_id
        if event_id is None:
            continue
        if touch.stakeholder_id in _invited(snapshot, event_id):
            found.append((i, "stakeholder already invited"))
        if (event_id, touch.stakeholder_id) in seen:
            found.append((i, "stakeholder invited twice to one event"))
        seen.add((event_id, touch.stakeholder_id))
    return found


def _invited(snapshot: Snapshot, event_id: int) -> frozenset[int]:
    return next((e.invited for e in snapshot.events if e.id == event_id), frozenset())
