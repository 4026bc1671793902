"""Whether a repeat rule's day filters can match any day at all.

dateutil looks for a match up to the year 9999 before it gives up, as its UNTIL and COUNT only
end a rule that matches: a daily rule for every 30 February takes it five seconds, an hourly one
ten, a daily rule for July days in week 1 seven, and recurring-ical-events would look again. So
a rule is checked here first, against the filters that depend on the day alone (``BYMONTH``,
``BYMONTHDAY``, ``BYYEARDAY``, ``BYWEEKNO`` and the weekdays of ``BYDAY``). Each is a condition
every date of the rule meets, so a rule found to match no day truly never does; ordinals,
``BYSETPOS`` and the interval are left out, which can only let a rule pass.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from collections.abc import Iterator
from datetime import date, timedelta

from icalendar import vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Whether a day passes the month and year filters depends only on whether its year is a leap
# year; with week numbers and weekdays, on the weekday the year starts on as well: every one of
# the 14 kinds of year comes in any 28 years between 1901 and 2099.
_LEAP_AND_COMMON = (2024, 2025)
_EVERY_KIND_OF_YEAR = range(2000, 2028)


def never_matched(recur: vRecur) -> str:
    """Why no day of any year passes the rule's day filters, or "" if some day does."""
    filters = {name: {int(n) for n in recur.get(name, [])}
               for name in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")}
    weekly = bool(filters["BYWEEKNO"])
    if not (filters["BYMONTHDAY"] or filters["BYYEARDAY"] or weekly):
        return ""  # every month has a first day
    weekdays = {WEEKDAYS.index(str(day)[-2:].upper()) for day in recur.get("BYDAY", [])}
    week_start = WEEKDAYS.index(str(recur.get("WKST", ["MO"])[0]).upper()) if weekly else 0
    for day in _days(_EVERY_KIND_OF_YEAR if weekly else _LEAP_AND_COMMON):
        year_length = 366 if isleap(day.year) else 365
        month_length = monthrange(day.year, day.month)[1]
        if (_kept(filters["BYMONTH"], day.month, 12)
                and _kept(filters["BYMONTHDAY"], day.day, month_length)
                and _kept(filters["BYYEARDAY"], day.timetuple().tm_yday, year_length)
                and (not weekly or _in_weeks(filters["BYWEEKNO"], day, week_start))
                and (not weekly or not weekdays or day.weekday() in weekdays)):
            return ""
    names = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
    kept = ";".join(f"{name}={','.join(map(str, sorted(filters[name])))}"
                    for name in names if filters[name])
    if weekly and weekdays:
        kept += ";BYDAY=" + ",".join(WEEKDAYS[d] for d in sorted(weekdays))
    return f"no day of any year has {kept}"


def _days(years: range | tuple[int, ...]) -> Iterator[date]:
    for year in years:
        day, last = date(year, 1, 1), date(year, 12, 31)
        while day <= last:
            yield day
            day += timedelta(days=1)


def _kept(allowed: set[int], number: int, count: int) -> bool:
    """Whether ``number`` (of ``count``) passes a BYxxx filter, which may count from the end."""
    return not allowed or number in allowed or number - count - 1 in allowed


def _in_weeks(allowed: set[int], day: date, week_start: int) -> bool:
    """Whether ``day`` is in a week of ``allowed`` (RFC 5545: week 1 is the first week, starting
    on ``week_start``, with at least four days of the year, so the one holding 4 January)."""
    year = day.year + 1
    while _first_week(year, week_start) > day:
        year -= 1
    first = _first_week(year, week_start)
    weeks = (_first_week(year + 1, week_start) - first).days // 7
    return _kept(allowed, (day - first).days // 7 + 1, weeks)


def _first_week(year: int, week_start: int) -> date:
    fourth = date(year, 1, 4)
    return fourth - timedelta(days=(fourth.weekday() - week_start) % 7)
