"""Plans rounded from the linear relaxation.

The relaxation's fractions say which options a good plan takes; the greedy construction
(:func:`cadence.planner.greedy.greedy`) takes the likely ones first, at a few thresholds of
"likely", and the best plan wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from cadence.planner.greedy import greedy
from cadence.planner.options import Problem

# Which threshold rounds best varies by workspace; each try costs about a tenth of a second at
# 300 stakeholders.
GUIDE_THRESHOLDS = (0.3, 0.4, 0.5, 0.7)


def best_rounding(problem: Problem, fractions: Sequence[float], start: list[int]) -> list[int]:
    """The best of ``start`` and the greedy plans guided by ``fractions`` at each threshold."""
    best, value = start, problem.value(start)
    for threshold in GUIDE_THRESHOLDS:
        guided = greedy(problem, fractions, threshold)
        if (worth := problem.value(guided)) > value:
            best, value = guided, worth
    return best
