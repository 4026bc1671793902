"""Keep-warm measures for the planner benchmark: how long relationships go past their maximum
silence, and the fewest touches that would keep them all within it.

Both count only stakeholders whose budget allows a touch within every maximum silence (at
least one per ``max_silence_days``): for the others even a perfect plan must let silence run
over, because the budget is a hard rule for the planner.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from cadence.planner.candidates import Horizon
from cadence.planner.scoring import budget_keeps_silence
from cadence.planner.snapshot import Person, Snapshot

DAY = timedelta(days=1)


def _last_heard(person: Person, snapshot: Snapshot) -> datetime:
    # Never touched: silent since long before the horizon.
    return max((t.at for t in person.touches), default=snapshot.now - 365 * DAY)


def days_past_silence(snapshot: Snapshot, horizon: Horizon,
                      touches: Iterable[tuple[int, datetime]]) -> float:
    """Stakeholder-days within the horizon spent past maximum silence, given ``touches``.

    ``touches`` are (stakeholder id, instant). Silence runs from the latest touch, logged or
    planned; a day counts once it is more than ``max_silence_days`` after it.
    """
    planned: dict[int, list[datetime]] = defaultdict(list)
    for person_id, at in touches:
        planned[person_id].append(at)
    total = timedelta()
    for person in snapshot.people:
        if not budget_keeps_silence(person):
            continue
        limit = person.max_silence_days * DAY
        heard = [_last_heard(person, snapshot), *sorted(planned[person.id]), horizon.end]
        for last, following in itertools.pairwise(heard):
            overdue = max(last + limit, horizon.earliest)
            total += max(following - overdue, timedelta())
    return total / DAY


def keep_warm_floor(snapshot: Snapshot, horizon: Horizon) -> int:
    """The fewest touches that keep every such stakeholder within maximum silence all along.

    Touching each at the last moment silence allows (at once if already past it) needs the
    fewest; budgets, gaps and the manager's time are ignored, so no plan can do with fewer.
    """
    count = 0
    for person in snapshot.people:
        if not budget_keeps_silence(person):
            continue
        limit = person.max_silence_days * DAY
        due = _last_heard(person, snapshot) + limit
        while due < horizon.end:
            count += 1
            due = max(due, horizon.earliest) + limit
    return count
