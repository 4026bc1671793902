"""Plans rounded from a linear relaxation, over every option or over a promising few.

The relaxation's fractions say which options a good plan takes; the greedy construction
(:func:`cadence.planner.greedy.greedy`) takes the likely ones first, at a few thresholds of
"likely", and the best plan wins.

On workspaces too large for the whole relaxation, the column generation behind their bound
(:mod:`cadence.planner.lagrangian`) has already found the options worth considering: those on
some stakeholder's best path at some prices. The relaxation over those alone, with the
calendar, is small enough to solve (price and round): at 2,000 stakeholders x 13 weeks, 22,000
of 97,000 options, and the plan rounded from it is worth 4 % more than the plain greedy one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cadence.planner.greedy import greedy
from cadence.planner.options import Problem
from cadence.planner.relaxation import relax

# Which threshold rounds best varies by workspace; each try costs about a tenth of a second at
# 300 stakeholders.
GUIDE_THRESHOLDS = (0.3, 0.4, 0.5, 0.7)
# Only the fractions of the restricted relaxation are used (its value bounds nothing), so a
# looser accuracy will do: 5 s instead of 9 s at 2,000 x 13, for 0.2 % less plan value.
RESTRICTED_ACCURACY = 3e-3


def best_rounding(problem: Problem, fractions: Sequence[float], start: list[int]) -> list[int]:
    """The best of ``start`` and the greedy plans guided by ``fractions`` at each threshold."""
    best, value = start, problem.value(start)
    for threshold in GUIDE_THRESHOLDS:
        guided = greedy(problem, fractions, threshold)
        if (worth := problem.value(guided)) > value:
            best, value = guided, worth
    return best


def restricted_plan(
    problem: Problem, keep: list[int], start: list[int], time_limit: float,
    should_stop: Callable[[], bool] | None = None,
) -> list[int]:
    """A plan rounded from the relaxation over the options at ``keep`` (sorted indexes).

    The rounding may still take any option; it is never worse than ``start``, which is
    returned as it is if the relaxation does not finish within ``time_limit``.
    """
    relaxation = relax(problem.restricted(keep), time_limit, should_stop, exact=False,
                       accuracy=RESTRICTED_ACCURACY)
    if relaxation is None:
        return start
    fractions = [0.0] * len(problem.options)
    for new, old in enumerate(keep):
        fractions[old] = relaxation.fractions[new]
    return best_rounding(problem, fractions, start)
