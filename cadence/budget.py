"""Contact budgets: at most N touches per calendar period, a minimum gap, a maximum silence.

Periods are calendar periods in the stakeholder's own zone (ISO weeks starting Monday, months,
quarters, years), because that is how people reason about "three touches a quarter".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cadence.errors import ValidationError
from cadence.timezones import start_of_day_utc, zone
from cadence.vocabulary import Period, parse_enum

#: More touches per period than anyone could make (one a day for a year and then some).
MAX_TOUCHES = 999

_BUDGET_RE = re.compile(r"^\s*(-?\d+)\s*/\s*([a-zA-Z]+)\s*$")


@dataclass(frozen=True, slots=True)
class Budget:
    """At most ``max_touches`` touches per ``period``."""

    max_touches: int
    period: Period

    def __post_init__(self) -> None:
        if not 0 <= self.max_touches <= MAX_TOUCHES:
            raise ValidationError("budget", f"{self.max_touches} touches per period is not "
                                            f"from 0 to {MAX_TOUCHES}")

    def __str__(self) -> str:
        return f"{self.max_touches}/{self.period.value}"

    def as_json(self) -> dict[str, object]:
        """The budget in the JSON contract's shape: ``{"max": 3, "period": "quarter"}``."""
        return {"max": self.max_touches, "period": self.period.value}


def parse_budget(text: str, field: str = "budget") -> Budget:
    """Parse ``"3/quarter"`` into a :class:`Budget`.

    Raises:
        ValidationError: malformed text, a negative count or an unknown period.
    """
    match = _BUDGET_RE.match(text)
    if not match:
        raise ValidationError(field, f"{text!r} is not of the form N/period (e.g. 3/quarter)")
    period = parse_enum(Period, match.group(2), field)
    try:
        return Budget(int(match.group(1)), period)
    except ValidationError as err:
        raise ValidationError(field, err.message) from err


def period_bounds(period: Period, day: date) -> tuple[date, date]:
    """The first day and the day after the last day of the calendar period holding ``day``."""
    if period is Period.WEEK:
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=7)
    if period is Period.MONTH:
        first = day.replace(day=1)
        return first, _add_months(first, 1)
    if period is Period.QUARTER:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, _add_months(first, 3)
    first = date(day.year, 1, 1)
    return first, date(day.year + 1, 1, 1)


def period_window_utc(
    period: Period, instant: datetime, zone_name: str
) -> tuple[datetime, datetime]:
    """The UTC bounds of the calendar period holding ``instant`` in ``zone_name``."""
    local_day = instant.astimezone(zone(zone_name)).date()
    first, after = period_bounds(period, local_day)
    return start_of_day_utc(first, zone_name), start_of_day_utc(after, zone_name)


def period_label(period: Period) -> str:
    """Human label for "this period": ``this quarter``."""
    return f"this {period.value}"


def touches_in_period(
    touches: Iterable[datetime], budget: Budget, instant: datetime, zone_name: str
) -> int:
    """How many of ``touches`` fall in the budget period holding ``instant``."""
    start, end = period_window_utc(budget.period, instant, zone_name)
    return sum(1 for t in touches if start <= t < end)


def _add_months(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)
