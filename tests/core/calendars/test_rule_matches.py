"""Rules no day can match are told apart from rules that match rarely, week numbers included."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vRecur

from cadence.calendars.rule_matches import WEEKDAYS, never_matched


def _rule(text: str) -> vRecur:
    return vRecur.from_ical(text)  # type: ignore[no-any-return]  # unannotated upstream


def test_july_days_in_week_one_are_found_impossible() -> None:
    assert never_matched(_rule("FREQ=DAILY;BYWEEKNO=1;BYMONTH=7")) == (
        "no day of any year has BYMONTH=7;BYWEEKNO=1")
    assert never_matched(_rule("FREQ=YEARLY;BYWEEKNO=20;BYYEARDAY=1;BYDAY=MO")) == (
        "no day of any year has BYYEARDAY=1;BYWEEKNO=20;BYDAY=MO")


def test_week_rules_that_match_only_some_years_pass() -> None:
    for text in ("FREQ=WEEKLY;BYWEEKNO=53;BYDAY=TH",  # 31 December 2026
                 "FREQ=YEARLY;BYWEEKNO=-1;BYMONTH=1",  # 1-3 January 2027
                 "FREQ=DAILY;BYWEEKNO=1;BYMONTH=12;BYDAY=MO",  # 31 December 2029
                 "FREQ=DAILY;BYWEEKNO=1;BYMONTH=12;WKST=SU;BYDAY=SU"):  # 31 December 2028
        assert never_matched(_rule(text)) == "", text


def _iso_days() -> list[tuple[int, int, int, int]]:
    """(month, ISO week, weeks in that ISO year, weekday) of every day in 28 years."""
    found, day = [], date(2000, 1, 1)
    while day < date(2028, 1, 1):
        year, week, weekday = day.isocalendar()
        weeks = date(year, 12, 28).isocalendar()[1]
        found.append((day.month, week, weeks, weekday - 1))
        day += timedelta(days=1)
    return found


ISO_DAYS = _iso_days()


@settings(max_examples=300, deadline=None)
@given(months=st.sets(st.integers(1, 12), min_size=1, max_size=3),
       weeks=st.sets(st.integers(-53, 53).filter(bool), min_size=1, max_size=3),
       weekdays=st.sets(st.integers(0, 6), max_size=2))
def test_the_week_check_agrees_with_the_iso_calendar(
    months: set[int], weeks: set[int], weekdays: set[int]
) -> None:
    text = (f"FREQ=DAILY;BYMONTH={','.join(map(str, sorted(months)))};"
            f"BYWEEKNO={','.join(map(str, sorted(weeks)))}")
    if weekdays:
        text += ";BYDAY=" + ",".join(WEEKDAYS[d] for d in sorted(weekdays))
    some_day = any(
        month in months and (week in weeks or week - count - 1 in weeks)
        and (not weekdays or weekday in weekdays)
        for month, week, count, weekday in ISO_DAYS)
    assert (never_matched(_rule(text)) == "") == some_day, text


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("FREQ=HOURLY;BYSETPOS=2", "BYSETPOS=2, but each hour holds at most 1 date"),
        ("FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=3;BYSETPOS=3",
         "BYSETPOS=3, but each year holds at most 1 date"),
        ("FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9,14;BYSETPOS=-5",
         "BYSETPOS=-5, but each week holds at most 4 dates"),
    ],
)
def test_a_set_position_no_period_reaches_is_found_impossible(rule: str, why: str) -> None:
    assert never_matched(_rule(rule)) == why


def test_set_positions_a_period_can_hold_pass() -> None:
    for text in ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",  # a month's last working day
                 "FREQ=DAILY;BYHOUR=9,10;BYSETPOS=2",
                 "FREQ=YEARLY;BYDAY=SU;BYSETPOS=53"):  # 53 Sundays: 2023, 2028
        assert never_matched(_rule(text)) == "", text


_DAY_FILTERS = st.fixed_dictionaries({}, optional={
    "BYMONTH": st.sets(st.integers(1, 12), min_size=1, max_size=3),
    "BYMONTHDAY": st.sets(st.sampled_from([1, 2, 15, 28, 29, 30, 31, -1, -2]),
                          min_size=1, max_size=3),
    "BYDAY": st.sets(st.sampled_from(["MO", "TU", "SA", "1MO", "2FR", "-1SU", "3WE"]),
                     min_size=1, max_size=3),
    "BYWEEKNO": st.sets(st.sampled_from([1, 2, 20, 52, 53, -1]), min_size=1, max_size=2),
    "BYYEARDAY": st.sets(st.sampled_from([1, 60, 200, 365, 366, -1]), min_size=1, max_size=2),
    "BYHOUR": st.sets(st.integers(8, 11), min_size=1, max_size=2),
})


@settings(max_examples=150, deadline=None)
@given(frequency=st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY"]), filters=_DAY_FILTERS)
def test_no_period_holds_more_dates_than_counted(
    frequency: str, filters: dict[str, set[object]]
) -> None:
    text = ";".join([f"FREQ={frequency}", *(
        f"{name}={','.join(map(str, sorted(values, key=str)))}"
        for name, values in filters.items())])
    if never_matched(_rule(text)):
        return  # a rule matching no day: dateutil would walk to the year 9999
    start = datetime(2024, 1, 1, 9)
    per_period: Counter[tuple[int, ...]] = Counter()
    for when in rrulestr(text, dtstart=start):
        if when.year >= 2032:
            break
        period = {"YEARLY": (when.year,), "MONTHLY": (when.year, when.month),
                  "WEEKLY": tuple(when.isocalendar()[:2])}[frequency]
        per_period[period] += 1
    most = max(per_period.values(), default=0)
    for position in (most, -most) if most else ():
        # A position some period holds is never called impossible.
        assert never_matched(_rule(f"{text};BYSETPOS={position}")) == "", (text, position)
