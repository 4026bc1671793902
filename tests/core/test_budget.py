"""Contact budgets: parsing and calendar periods in the stakeholder's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cadence.budget import Budget, parse_budget, period_bounds, period_window_utc, touches_in_period
from cadence.errors import ValidationError
from cadence.vocabulary import Period


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3/quarter", Budget(3, Period.QUARTER)), (" 1 / Week ", Budget(1, Period.WEEK)),
     ("0/year", Budget(0, Period.YEAR)), ("12/month", Budget(12, Period.MONTH))],
)
def test_parse_budget_accepts_the_forms_people_type(text: str, expected: Budget) -> None:
    assert parse_budget(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("-1/quarter", "not from 0 to 999"), ("1000/year", "not from 0 to 999"),
     ("3/fortnight", "not one of"), ("three/quarter", "N/period"), ("3", "N/period")],
)
def test_parse_budget_rejects_bad_text_naming_the_field(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_budget(text)
    assert caught.value.field == "budget"
    assert fragment in str(caught.value)


def test_budget_prints_and_serialises_in_the_contract_shape() -> None:
    budget = Budget(3, Period.QUARTER)
    assert str(budget) == "3/quarter"
    assert budget.as_json() == {"max": 3, "period": "quarter"}


@pytest.mark.parametrize(
    ("period", "day", "first", "after"),
    [
        (Period.WEEK, date(2026, 11, 22), date(2026, 11, 16), date(2026, 11, 23)),  # Sunday
        (Period.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),
        (Period.QUARTER, date(2026, 11, 22), date(2026, 10, 1), date(2027, 1, 1)),
        (Period.QUARTER, date(2026, 3, 31), date(2026, 1, 1), date(2026, 4, 1)),
        (Period.YEAR, date(2026, 6, 1), date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_period_bounds_are_calendar_periods(period: Period, day: date, first: date,
                                            after: date) -> None:
    assert period_bounds(period, day) == (first, after)


def test_period_window_follows_the_stakeholders_zone() -> None:
    # 23:30 UTC on 31 March is already 1 April in Singapore: the next quarter there.
    instant = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    start, end = period_window_utc(Period.QUARTER, instant, "Asia/Singapore")
    assert start == datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 6, 30, 16, 0, tzinfo=UTC)
    start_ny, _ = period_window_utc(Period.QUARTER, instant, "America/New_York")
    assert start_ny == datetime(2026, 1, 1, 5, 0, tzinfo=UTC)


def test_touches_in_period_counts_only_the_current_period() -> None:
    budget = Budget(3, Period.MONTH)
    touches = [datetime(2026, 10, 30, 12, tzinfo=UTC), datetime(2026, 11, 2, 12, tzinfo=UTC),
               datetime(2026, 11, 20, 12, tzinfo=UTC), datetime(2026, 12, 1, 12, tzinfo=UTC)]
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    assert touches_in_period(touches, budget, now, "Europe/Berlin") == 2
