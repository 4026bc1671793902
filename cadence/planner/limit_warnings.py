"""What the manager's weekly touch limit does to a plan, in words: weeks it closes before the
plan starts on them, and what took the slots a stakeholder or a promise lost to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cadence.planner.options import Problem, touches_made
from cadence.planner.plan import PlannedTouch
from cadence.timezones import zone
from cadence.wording import counted

#: For a span of time (start, end): why the limit left a stakeholder without a touch in it,
#: or ``None`` when the limit did not fill a week of the span.
LimitCause = Callable[[datetime, datetime], str | None]


@dataclass(frozen=True)
class _Weeks:
    """Per horizon week, the touches already made or accepted and those the plan adds."""

    limit: int
    made: list[int]
    planned: list[int]

    @classmethod
    def of(cls, problem: Problem, limit: int, touches: list[PlannedTouch]) -> _Weeks:
        horizon = problem.horizon
        planned = [0] * horizon.weeks
        for touch in touches:
            week = horizon.week_of(touch.start)
            if 0 <= week < horizon.weeks:
                planned[week] += 1
        return cls(limit, touches_made(problem.snapshot, horizon), planned)

    def full(self, week: int) -> bool:
        """Whether ``week`` holds as many touches as the limit allows."""
        return self.made[week] + self.planned[week] >= self.limit


def limit_cause(problem: Problem, touches: list[PlannedTouch]) -> LimitCause:
    """The cause to name when a stakeholder had a slot in a span but no touch: the limit, if
    it filled a week of the span, told apart by what filled it."""
    limit = problem.snapshot.manager.weekly_touch_limit
    if limit is None:
        return lambda start, end: None
    horizon = problem.horizon
    weeks = _Weeks.of(problem, limit, touches)
    name = f"the manager's limit of {counted(limit, 'touch', 'touches')} a week"

    def cause(start: datetime, end: datetime) -> str | None:
        span = range(max(horizon.week_of(start), 0),
                     min(horizon.week_of(end - timedelta(microseconds=1)) + 1, horizon.weeks))
        full = [week for week in span if weeks.full(week)]
        if not full:
            return None
        if limit == 0:
            return f"{name} allows none"
        if any(weeks.planned[week] for week in full):
            return f"{name} went to touches worth at least as much"
        return f"{name} is already taken by touches logged or accepted"
    return cause


def limit_warnings(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """A limit of 0, or weeks already over the limit before anything is planned in them."""
    limit = problem.snapshot.manager.weekly_touch_limit
    if limit is None:
        return []
    if limit == 0:
        return ["Your weekly touch limit is 0, so nothing is planned; raise or lift it in the "
                "settings to get suggestions."]
    horizon, manager_zone = problem.horizon, zone(problem.snapshot.manager.zone)
    weeks = _Weeks.of(problem, limit, touches)
    return [
        f"The week of {horizon.bounds[week].astimezone(manager_zone):%Y-%m-%d} already has "
        f"{made} touches logged or accepted, over your limit of {limit} a week, so nothing more "
        "is planned in it."
        for week, made in enumerate(weeks.made) if made > limit
    ]
