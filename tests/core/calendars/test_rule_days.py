"""Rules no day can match are told apart from rules that match rarely, week numbers included."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vRecur

from cadence.calendars.rule_days import WEEKDAYS, never_matched


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
