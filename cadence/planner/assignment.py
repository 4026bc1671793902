"""Assigning one week's touches to quarter hours with a linear programme.

Placing touches one by one (:mod:`cadence.planner.placement`) can paint itself into a corner
on a crowded calendar: an early touch takes the last quarter hour a later one could use,
although another was free for it. Choosing all starts at once avoids that. Each touch may take
one start in its room; each quarter hour holds at most one touch; the value of the touches
placed is maximised. With touches of one quarter hour this is a bipartite matching, whose
programme has whole optimal vertices; with longer ones a few values come out fractional and
are rounded, largest first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
from ortools.linear_solver import pywraplp

Bools = npt.NDArray[np.bool_]
# A start later than a touch's latest (see ``assign``) costs this share of its worth: enough
# to choose the earlier of two equal starts, never enough to drop a touch.
LATE_COST = 1e-3


def assign(
    starts: Mapping[int, Bools], length: Mapping[int, int], worth: Mapping[int, float],
    latest: Mapping[int, int], cells: int,
) -> list[tuple[int, int]]:
    """Non-overlapping starts for as much of the touches' worth as the quarter hours allow.

    Args:
        starts: Per touch, the quarter hours (of ``cells``) it may start at.
        length: Per touch, the quarter hours it takes.
        worth: Per touch, what placing it is worth.
        latest: Per touch that has one, the last start that leaves the touch after it room;
            later starts are used only when nothing else fits.
        cells: The quarter hours in the week.

    Returns:
        (touch, start) pairs, in the order they were rounded; touches left out are absent.
    """
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "GLOP ships with OR-Tools"
    objective = solver.Objective()
    objective.SetMaximization()
    rows: dict[int, pywraplp.Constraint] = {}
    choices: list[tuple[int, int, pywraplp.Variable]] = []
    for touch in sorted(starts):
        once = solver.Constraint(0.0, 1.0)
        last = latest.get(touch, cells)
        for at in np.flatnonzero(starts[touch]).tolist():
            choice = solver.NumVar(0.0, 1.0, "")
            once.SetCoefficient(choice, 1.0)
            for cell in range(at, at + length[touch]):
                if cell not in rows:
                    rows[cell] = solver.Constraint(0.0, 1.0)
                rows[cell].SetCoefficient(choice, 1.0)
            late = LATE_COST if at > last else 0.0
            objective.SetCoefficient(choice, worth[touch] * (1.0 - late))
            choices.append((touch, at, choice))
    if not choices or solver.Solve() != pywraplp.Solver.OPTIMAL:
        return []
    ranked = sorted(((choice.solution_value(), touch, at) for touch, at, choice in choices),
                    key=lambda c: (-c[0], -worth[c[1]], c[1], c[2]))
    booked = np.zeros(cells, dtype=bool)
    taken: list[tuple[int, int]] = []
    placed: set[int] = set()
    for share, touch, at in ranked:
        if share < 1e-6:
            break
        if touch in placed or booked[at:at + length[touch]].any():
            continue
        booked[at:at + length[touch]] = True
        placed.add(touch)
        taken.append((touch, at))
    return taken
