"""A proven upper bound for workspaces too large for the linear relaxation.

The manager's time is the limit that ties stakeholders together on a large workspace. Giving
each minute of it a price and dropping the other shared limits (seats, overlaps, one status
update per promise, one invite per event) leaves one independent problem per stakeholder: the
best path through their options in time order, where one touch a week, the minimum gap, the
budget per period and the warm and heard weeks are all exact. A dynamic programme solves every
stakeholder's path at once with numpy.

For any price ``p >= 0`` the total of those paths plus ``p`` times the minutes available is an
upper bound on the plan value (weak duality); the bound is convex in ``p``, so a bracketing and
golden-section search finds a good price in about ten solves. At 2,000 stakeholders x 52 weeks
this bound is far tighter than CP-SAT's own after a minute's search.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cadence.planner.options import Problem

Floats = npt.NDArray[np.float64]
Floats32 = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
NEG = -1e15
# Stakeholders solved together: large enough for numpy to pay off, small enough that the
# (people x options x options) transition tables of one chunk stay within a few hundred MB.
CHUNK = 256
FIRST_PRICE = 8.0  # hundredths of a point per minute; prices found lie between 1 and 1,000
GROWTH = 4.0
# No option is worth this much per minute: with no time left at all the bound falls forever.
MAX_PRICE = 1e7
GOLDEN = (math.sqrt(5) - 1) / 2
TOLERANCE = 0.002


@dataclass(frozen=True)
class _Chunk:
    """Some stakeholders' options in time order, padded to a common length ``n``.

    ``gain`` and ``load`` are per option (``gain`` is ``NEG`` for padding); ``first[p, k]`` is
    the value of the weeks option ``k`` warms and keeps heard as the first touch in the
    horizon; ``after_other[p, k, j]`` the same when it follows option ``j`` of another budget
    period, ``after_same`` of the same period (``NEG`` where ``k`` may not follow ``j``: not a
    later week, or closer than the minimum gap); ``cap[p, k]`` the budget left in its period.
    """

    gain: Floats
    load: Floats
    first: Floats
    after_other: Floats32
    after_same: Floats32
    cap: Ints


def path_bound(
    problem: Problem, *, time_budget: float, should_stop: Callable[[], bool] | None = None
) -> int | None:
    """The lowest bound found by pricing the manager's minutes within ``time_budget`` seconds.

    Returns ``None`` if planning was cancelled.
    """
    began = time.monotonic()
    chunks = list(_chunks(problem))
    minutes = float(sum(problem.capacity_left))
    cache: dict[float, float] = {}

    def bound_at(price: float) -> float:
        if price not in cache:
            paths = sum(_best_paths(chunk, price) for chunk in chunks)
            cache[price] = paths + price * minutes
        return cache[price]

    def out_of_time() -> bool:
        stop = should_stop is not None and should_stop()
        return stop or time.monotonic() - began > time_budget

    _search(bound_at, out_of_time)
    if should_stop is not None and should_stop():
        return None
    return math.ceil(min(cache.values()))


def _search(bound_at: Callable[[float], float], out_of_time: Callable[[], bool]) -> None:
    """Try prices: grow until the bound rises, then golden-section search that bracket.

    The bound is flat near its minimum, so the search stops once the two inner points'
    bounds differ by less than ``TOLERANCE``.
    """
    bound_at(0.0)
    lo, mid, price = 0.0, 0.0, FIRST_PRICE
    while price <= MAX_PRICE:
        if out_of_time():
            return
        if bound_at(price) > bound_at(mid):
            break
        lo, mid, price = mid, price, price * GROWTH
    else:
        return  # still falling at a price no option is worth: nothing left to bracket
    hi = price
    left, right = hi - GOLDEN * (hi - lo), lo + GOLDEN * (hi - lo)
    while not out_of_time() and abs(bound_at(left) - bound_at(right)) > TOLERANCE * abs(
            bound_at(left)):
        if bound_at(left) <= bound_at(right):
            hi, right = right, left
            left = hi - GOLDEN * (hi - lo)
        else:
            lo, left = left, right
            right = lo + GOLDEN * (hi - lo)


def _best_paths(chunk: _Chunk, price: float) -> float:
    """Total value of every stakeholder's best path when each minute costs ``price``."""
    people, n = chunk.gain.shape
    depth = int(chunk.cap.max(initial=1))
    gain = chunk.gain - price * chunk.load
    levels = np.arange(depth)
    best = np.full((people, n, depth), NEG)
    top = np.full((people, n), NEG)
    for k in range(n):
        row = np.full((people, depth), NEG)
        row[:, 0] = chunk.first[:, k]
        if k:
            follow = (top[:, :k] + chunk.after_other[:, k, :k]).max(axis=1)
            row[:, 0] = np.maximum(row[:, 0], follow)
            if depth > 1:
                same = best[:, :k, :-1] + chunk.after_same[:, k, :k, None]
                row[:, 1:] = same.max(axis=1)
        row += gain[:, k, None]
        row[levels[None, :] >= chunk.cap[:, k, None]] = NEG
        best[:, k] = row
        top[:, k] = row.max(axis=1)
    return float(np.maximum(top.max(axis=1, initial=NEG), 0.0).sum())


@dataclass(frozen=True)
class _Columns:
    """Per option, as arrays: week, start (seconds), gain, load, budget group and its cap."""

    week: Ints
    start: Floats
    gain: Floats
    load: Floats
    group: Ints
    cap: Ints

    @classmethod
    def of(cls, problem: Problem) -> _Columns:
        options = problem.options
        # An option outside every budget group is its own group of one.
        group = np.arange(-1, -1 - len(options), -1, dtype=np.int64)
        cap = np.ones(len(options), dtype=np.int64)
        for number, (left, members) in enumerate(problem.budget_groups):
            group[members] = number
            cap[members] = left
        return cls(
            week=np.array([o.week for o in options], dtype=np.int64),
            start=np.array([o.start.timestamp() for o in options]),
            gain=np.array([o.gain for o in options], dtype=np.float64),
            load=np.array([o.load_minutes for o in options], dtype=np.float64),
            group=group, cap=cap,
        )


def _chunks(problem: Problem) -> Iterator[_Chunk]:
    options = problem.options
    columns = _Columns.of(problem)
    mine: dict[int, list[int]] = defaultdict(list)
    for index in sorted(range(len(options)), key=lambda i: (options[i].start, i)):
        mine[options[index].person].append(index)
    people = sorted(mine)
    for at in range(0, len(people), CHUNK):
        part = people[at:at + CHUNK]
        yield _chunk(problem, columns, [mine[p] for p in part], part)


def _chunk(
    problem: Problem, columns: _Columns, members: list[list[int]], people: list[int]
) -> _Chunk:
    n = max(len(m) for m in members)
    index = np.full((len(people), n), -1, dtype=np.int64)
    for row, indexes in enumerate(members):
        index[row, :len(indexes)] = indexes
    real = index >= 0
    at = np.maximum(index, 0)
    week, start, group = columns.week[at], columns.start[at], columns.group[at]
    gap = np.array([problem.snapshot.people[p].min_gap_days * 86_400.0 for p in people])
    # [p, k, j]: may option k follow option j?
    allowed = (real[:, :, None] & real[:, None, :] & (week[:, None, :] < week[:, :, None])
               & (start[:, :, None] - start[:, None, :] >= gap[:, None, None]))
    same = group[:, :, None] == group[:, None, :]
    cover = np.array([problem.options[m[0]].cover for m in members], dtype=np.int64)
    earned = _earned(problem, people, cover, week)
    after = earned[:, :, 1:]
    return _Chunk(
        gain=np.where(real, columns.gain[at], NEG), load=np.where(real, columns.load[at], 0.0),
        first=np.where(real, earned[:, :, 0], NEG),
        after_other=np.where(allowed & ~same, after, NEG).astype(np.float32),
        after_same=np.where(allowed & same, after, NEG).astype(np.float32),
        cap=np.where(real, columns.cap[at], 0),
    )


def _earned(problem: Problem, people: list[int], cover: Ints, week: Ints) -> Floats:
    """``[p, k, j]``: value of the weeks option ``k`` newly warms and keeps heard.

    Column 0 is for no earlier touch in the horizon, column ``j + 1`` for option ``j`` before.
    A touch reaches ``cover`` (warm) or ``silence`` (heard) weeks ahead and every touch of a
    stakeholder reaches equally far, so only the previous touch matters.
    """
    values, weeks = problem.values, problem.horizon.weeks
    silence = np.array([values.silence[p] for p in people], dtype=np.int64)
    earned = np.zeros((len(people), week.shape[1], week.shape[1] + 1))
    # No earlier touch: as if the last one were so long ago that it reaches no horizon week.
    never = -(weeks + int(max(cover.max(), silence.max())))
    previous = np.concatenate([np.full((len(people), 1), never), week], axis=1)
    for known, span, worth in ((values.known_warm, cover, values.warm_value),
                               (values.known_heard, silence, values.cold_penalty)):
        open_weeks = np.ones((len(people), weeks))
        for row, person in enumerate(people):
            settled = [w for w in known[person] if 0 <= w < weeks]
            open_weeks[row, settled] = 0.0
        running = np.concatenate([np.zeros((len(people), 1)), open_weeks.cumsum(axis=1)], axis=1)
        hi = np.minimum(week + span[:, None], weeks)[:, :, None]
        reach = previous[:, None, :] + span[:, None, None]
        lo = np.minimum(np.maximum(week[:, :, None], reach), hi)
        hi = np.broadcast_to(hi, lo.shape)
        flat = len(people), -1
        counted = (np.take_along_axis(running, hi.reshape(flat), axis=1)
                   - np.take_along_axis(running, lo.reshape(flat), axis=1)).reshape(lo.shape)
        weight = np.array([worth[p] for p in people], dtype=np.float64)
        earned += weight[:, None, None] * counted
    return earned
