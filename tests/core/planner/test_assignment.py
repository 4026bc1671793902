"""Assigning a week's touches to quarter hours all at once."""

from __future__ import annotations

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.planner.assignment import assign

CELLS = 8


@st.composite
def weeks(draw: st.DrawFn, longest: int) -> tuple[dict[int, np.ndarray], dict[int, int],
                                                  dict[int, float]]:
    """A few touches, each with its length, worth and the starts its room allows."""
    count = draw(st.integers(1, 5))
    length = {t: draw(st.integers(1, longest)) for t in range(count)}
    starts = {}
    for t in range(count):
        allowed = draw(st.lists(st.booleans(), min_size=CELLS, max_size=CELLS))
        mask = np.array(allowed, dtype=bool)
        mask[CELLS - length[t] + 1:] = False  # a touch ends inside the week
        starts[t] = mask
    worth = {t: float(draw(st.integers(1, 20))) for t in range(count)}
    return starts, length, worth


def _best_possible(starts: dict[int, np.ndarray], length: dict[int, int],
                   worth: dict[int, float]) -> float:
    """Brute force: every touch at each of its starts or left out (at most 9**5 tries)."""
    best = 0.0
    touches = sorted(starts)
    choices = [[None, *np.flatnonzero(starts[t]).tolist()] for t in touches]
    for pick in product(*choices):
        cells = np.zeros(CELLS, dtype=int)
        for t, at in zip(touches, pick, strict=True):
            if at is not None:
                cells[at:at + length[t]] += 1
        if cells.max(initial=0) <= 1:
            best = max(best, sum(worth[t] for t, at in zip(touches, pick, strict=True)
                                 if at is not None))
    return best


@given(weeks(longest=3))
def test_every_touch_gets_at_most_one_allowed_start_and_none_overlap(
    case: tuple[dict[int, np.ndarray], dict[int, int], dict[int, float]],
) -> None:
    starts, length, worth = case

    taken = assign(starts, length, worth, {}, CELLS)

    assert len({t for t, _ in taken}) == len(taken)
    assert all(starts[t][at] for t, at in taken)
    cells = np.zeros(CELLS, dtype=int)
    for t, at in taken:
        cells[at:at + length[t]] += 1
    assert cells.max(initial=0) <= 1


@settings(deadline=None)
@given(weeks(longest=1))
def test_quarter_hour_touches_are_placed_for_the_most_worth_there_is(
    case: tuple[dict[int, np.ndarray], dict[int, int], dict[int, float]],
) -> None:
    starts, length, worth = case

    taken = assign(starts, length, worth, {}, CELLS)

    assert sum(worth[t] for t, _ in taken) == _best_possible(starts, length, worth)


def test_a_touch_starts_no_later_than_its_latest_when_it_can() -> None:
    # Starting after quarter hour 2 would leave the stakeholder's next touch too close.
    starts = {0: np.array([False, False, True, False, False, True, False, False])}

    assert assign(starts, {0: 1}, {0: 5.0}, {0: 3}, CELLS) == [(0, 2)]
    # With no start early enough, a late one is still better than leaving the touch out.
    assert len(assign(starts, {0: 1}, {0: 5.0}, {0: 1}, CELLS)) == 1
