"""Every stakeholder's best path through their options, all stakeholders at once with numpy.

A path is a stakeholder's touches in time order. Within one stakeholder the limits are exact
here: one touch a week, the minimum gap, the budget per period, and the weeks each touch warms
and keeps heard (every touch of a stakeholder reaches equally far, so only the previous touch
matters, and a dynamic programme over "the last touch so far" is exact). What stakeholders
share (the manager's time, seats, the calendar) is left to the caller, which charges it to each
option as a ``cost``.

Options that differ only in their slot within a week (same kind, event, promise and budget
period) are one *node*: their value and effort are equal. A touch may also move to any other
free time in its room (:meth:`cadence.planner.options.Problem.room`), so two nodes may follow
each other if *some* moments of their rooms respect the minimum gap. That can only overstate a
path's value, so a bound built on paths holds for plans whose touches moved, while the tables
stay as small as with one slot per option.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cadence.planner.candidates import quarters_taken
from cadence.planner.options import Problem

Floats = npt.NDArray[np.float64]
Floats32 = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
NEG = -1e15
# Stakeholders solved together: large enough for numpy to pay off, small enough that the
# (people x nodes x nodes) transition tables of one chunk stay within a few hundred MB.
CHUNK = 256


@dataclass(frozen=True)
class Nodes:
    """The options merged into nodes; node ``n`` stands for ``options[members[n]]``."""

    members: list[list[int]]
    person: Ints
    week: Ints
    load: Floats
    quarters: Floats  # the quarter hours of the calendar it takes (see candidates.quarter_hours)
    event: Ints  # the event whose seat the node takes, -1 for none
    occasion: Ints  # the event or promise a node's touch is made for once, -1 for none
    gain: Floats
    group: Ints  # budget group; a node outside every group has a negative one of its own
    cap: Ints  # touches its budget group has left
    early: Floats  # the earliest and latest start it may move to, in seconds
    late: Floats


@dataclass(frozen=True)
class Chunk:
    """Some stakeholders' nodes in time order, padded to a common length.

    ``node[p, k]`` is the node at position ``k`` of stakeholder ``p`` (-1 for padding);
    ``gain`` is ``NEG`` for padding. ``first[p, k]`` is the value of the weeks position ``k``
    warms and keeps heard as the first touch in the horizon; ``after_other[p, k, j]`` the same
    when it follows position ``j`` of another budget period, ``after_same`` of the same period
    (``NEG`` where ``k`` may not follow ``j``); ``cap[p, k]`` the budget left in its period;
    ``same_from[k]`` the first position ``j`` that position ``k`` of any of them may follow
    within its period (a period spans a few weeks, so the search for it starts there).
    """

    node: Ints
    gain: Floats
    first: Floats
    after_other: Floats32
    after_same: Floats32
    cap: Ints
    same_from: Ints


def merge(problem: Problem) -> Nodes:
    """Group options that differ only in their slot within the week."""
    options = problem.options
    group = problem.budget_group_of()
    keys: dict[tuple[object, ...], int] = {}
    members: list[list[int]] = []
    for index, option in enumerate(options):
        key = (option.person, option.week, option.kind.key, option.channel, option.event_id,
               option.commitment_id, group[index])
        node = keys.setdefault(key, len(members))
        if node == len(members):
            members.append([])
        members[node].append(index)
    firsts = [options[m[0]] for m in members]
    caps = [problem.budget_groups[group[m[0]]][0] if group[m[0]] >= 0 else 1 for m in members]
    reaches = [_reach(problem, m) for m in members]
    occasions: dict[tuple[str, int], int] = {}
    # An invitation that also carries a promise's update counts as the invitation only: a
    # path may then take the promise's own update as well, which loosens the bound but
    # keeps it one.
    occasion = [-1 if o.event_id is None and o.commitment_id is None else occasions.setdefault(
                    ("event", o.event_id) if o.event_id is not None
                    else ("promise", o.commitment_id or 0), len(occasions))
                for o in firsts]
    return Nodes(
        members=members,
        person=np.array([o.person for o in firsts], dtype=np.int64),
        week=np.array([o.week for o in firsts], dtype=np.int64),
        load=np.array([o.load_minutes for o in firsts], dtype=np.float64),
        quarters=np.array([quarters_taken(o.end - o.start) for o in firsts], dtype=np.float64),
        event=np.array([-1 if o.event_id is None else o.event_id for o in firsts],
                       dtype=np.int64),
        occasion=np.array(occasion, dtype=np.int64),
        gain=np.array([o.gain for o in firsts], dtype=np.float64),
        group=np.array([group[m[0]] if group[m[0]] >= 0 else -1 - n
                        for n, m in enumerate(members)], dtype=np.int64),
        cap=np.array(caps, dtype=np.int64),
        early=np.array([reach[0] for reach in reaches]),
        late=np.array([reach[1] for reach in reaches]),
    )


def _reach(problem: Problem, members: list[int]) -> tuple[float, float]:
    """The earliest and latest start a node's touch may have: its slots, or in its room."""
    options = problem.options
    length = options[members[0]].end - options[members[0]].start
    starts = [options[i].start for i in members]
    fits = [w for w in problem.room(members[0]) if w.end - w.start >= length]
    if fits:
        starts += [fits[0].start, fits[-1].end - length]
    return min(starts).timestamp(), max(starts).timestamp()


def chunks(problem: Problem, nodes: Nodes) -> Iterator[Chunk]:
    """The stakeholders' nodes in chunks of ``CHUNK`` stakeholders."""
    options = problem.options
    mine: dict[int, list[int]] = defaultdict(list)
    for number in sorted(range(len(nodes.members)),
                         key=lambda n: (int(nodes.week[n]), float(nodes.early[n]), n)):
        mine[int(nodes.person[number])].append(number)
    people = sorted(mine)
    for at in range(0, len(people), CHUNK):
        part = people[at:at + CHUNK]
        width = max(len(mine[p]) for p in part)
        node = np.full((len(part), width), -1, dtype=np.int64)
        for row, person in enumerate(part):
            node[row, :len(mine[person])] = mine[person]
        real = node >= 0
        at_node = np.maximum(node, 0)
        week = nodes.week[at_node]
        gap = np.array([problem.snapshot.people[p].min_gap_days * 86_400.0 for p in part])
        # [p, k, j]: may position k follow position j? Some slots of each must keep the gap.
        allowed = (real[:, :, None] & real[:, None, :] & (week[:, None, :] < week[:, :, None])
                   & (nodes.late[at_node][:, :, None] - nodes.early[at_node][:, None, :]
                      >= gap[:, None, None]))
        # An invite or status update is made once: the same occasion may not follow itself
        # (only the last touch is tracked, so one with another touch in between still may).
        occasion = nodes.occasion[at_node]
        allowed &= (occasion[:, :, None] < 0) | (occasion[:, :, None] != occasion[:, None, :])
        same = nodes.group[at_node][:, :, None] == nodes.group[at_node][:, None, :]
        cover = np.array([options[nodes.members[mine[p][0]][0]].cover for p in part],
                         dtype=np.int64)
        earned = _earned(problem, part, cover, week)
        after = earned[:, :, 1:]
        yield Chunk(
            node=node, gain=np.where(real, nodes.gain[at_node], NEG),
            first=np.where(real, earned[:, :, 0], NEG),
            after_other=np.where(allowed & ~same, after, NEG).astype(np.float32),
            after_same=np.where(allowed & same, after, NEG).astype(np.float32),
            cap=np.where(real, nodes.cap[at_node], 0),
            same_from=_same_from(allowed & same),
        )


def best_paths(chunk: Chunk, cost: Floats) -> tuple[Floats, list[list[int]]]:
    """Each stakeholder's best path when position ``k`` costs ``cost[p, k]``.

    Returns the path values (zero for no touch at all) and the paths as node numbers.
    """
    people, width = chunk.gain.shape
    depth = int(chunk.cap.max(initial=1))
    gain = chunk.gain - cost
    levels = np.arange(depth)
    rows = np.arange(people)
    best = np.full((people, width, depth), NEG)
    top = np.full((people, width), NEG)
    top_level = np.zeros((people, width), dtype=np.int64)
    # Where each (position, level) came from: the previous position, -1 for none.
    from_other = np.full((people, width), -1, dtype=np.int64)
    from_same = np.full((people, width, depth), -1, dtype=np.int64)
    for k in range(width):
        row = np.full((people, depth), NEG)
        row[:, 0] = chunk.first[:, k]
        if k:
            follow = top[:, :k] + chunk.after_other[:, k, :k]
            j = follow.argmax(axis=1)
            better = follow[rows, j] > row[:, 0]
            row[:, 0] = np.where(better, follow[rows, j], row[:, 0])
            from_other[:, k] = np.where(better, j, -1)
            if depth > 1:
                lo = int(chunk.same_from[k])
                same = best[:, lo:k, :-1] + chunk.after_same[:, k, lo:k, None]
                if same.shape[1]:
                    js = same.argmax(axis=1)
                    row[:, 1:] = np.take_along_axis(same, js[:, None, :], axis=1)[:, 0, :]
                    from_same[:, k, 1:] = js + lo
        row += gain[:, k, None]
        row[levels[None, :] >= chunk.cap[:, k, None]] = NEG
        best[:, k] = row
        top_level[:, k] = row.argmax(axis=1)
        top[:, k] = row[rows, top_level[:, k]]
    end = top.argmax(axis=1)
    value = np.maximum(top[rows, end], 0.0)
    paths = []
    for p in range(people):
        path: list[int] = []
        k, level = (int(end[p]), int(top_level[p, end[p]])) if value[p] > 0 else (-1, 0)
        while k >= 0:
            path.append(int(chunk.node[p, k]))
            if level:
                k, level = int(from_same[p, k, level]), level - 1
            else:
                k = int(from_other[p, k])
                level = int(top_level[p, k]) if k >= 0 else 0
        paths.append(path[::-1])
    return value, paths


def _earned(problem: Problem, people: list[int], cover: Ints, week: Ints) -> Floats:
    """``[p, k, j]``: value of the weeks position ``k`` newly warms and keeps heard.

    Column 0 is for no earlier touch in the horizon, column ``j + 1`` for position ``j``
    before. A touch reaches ``cover`` (warm) or ``silence`` (heard) weeks ahead and every
    touch of a stakeholder reaches equally far, so only the previous touch matters.
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
        hi = np.minimum(week + span[:, None], weeks)
        reach = previous[:, None, :] + span[:, None, None]
        lo = np.minimum(np.maximum(week[:, :, None], reach), hi[:, :, None])
        # Where a touch's reach ends depends on the touch alone: read once per position,
        # not once per position and predecessor.
        counted = (np.take_along_axis(running, hi, axis=1)[:, :, None]
                   - np.take_along_axis(running, lo.reshape(len(people), -1), axis=1
                                        ).reshape(lo.shape))
        weight = np.array([worth[p] for p in people], dtype=np.float64)
        earned += weight[:, None, None] * counted
    return earned


def _same_from(follows: npt.NDArray[np.bool_]) -> Ints:
    """Per position ``k``, the first position ``j`` with ``follows[p, k, j]`` for any
    stakeholder ``p`` (``k`` if none)."""
    width = follows.shape[1]
    any_of = np.any(follows, axis=0)  # [k, j]
    first = np.where(any_of.any(axis=1), any_of.argmax(axis=1), np.arange(width))
    return first.astype(np.int64)
