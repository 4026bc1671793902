"""Whether a repeat rule can match any date at all.

dateutil looks for a match up to the year 9999 before it gives up, as its UNTIL and COUNT only
end a rule that matches: a daily rule for every 30 February takes it five seconds, a daily rule
for July days in week 1 seven, an hourly rule for the second date of each hour (``BYSETPOS=2``)
many minutes, and recurring-ical-events would look again; nothing can cancel it meanwhile. So a
rule is checked here first, two ways:

- against the filters that depend on the day alone (``BYMONTH``, ``BYMONTHDAY``, ``BYYEARDAY``,
  ``BYWEEKNO`` and the weekdays of ``BYDAY``): each is a condition every date of the rule meets,
  so a rule found to match no day truly never does (ordinals and the interval are left out,
  which can only let a rule pass);
- against ``BYSETPOS``: a position past the most dates any one period (the rule's ``FREQ``) can
  hold never exists. That most is counted from above, so it too only errs towards passing.
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
    """Why no date can ever match the rule, or "" if one may."""
    return _no_day(recur) or _no_position(recur)


def _no_day(recur: vRecur) -> str:
    """Why no day of any year passes the rule's day filters, or "" if some day does."""
    filters = {name: {int(n) for n in recur.get(name, [])}
               for name in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")}
    weekly = bool(filters["BYWEEKNO"])
    if not (filters["BYMONTHDAY"] or filters["BYYEARDAY"] or weekly):
        return ""  # every month has a first day
    weekdays = _weekdays(recur)
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


_FINER_TIMES = {"YEARLY": ("BYHOUR", "BYMINUTE", "BYSECOND"),
                "MONTHLY": ("BYHOUR", "BYMINUTE", "BYSECOND"),
                "WEEKLY": ("BYHOUR", "BYMINUTE", "BYSECOND"),
                "DAILY": ("BYHOUR", "BYMINUTE", "BYSECOND"),
                "HOURLY": ("BYMINUTE", "BYSECOND"), "MINUTELY": ("BYSECOND",), "SECONDLY": ()}
_PERIOD = {"YEARLY": "year", "MONTHLY": "month", "WEEKLY": "week", "DAILY": "day",
           "HOURLY": "hour", "MINUTELY": "minute", "SECONDLY": "second"}


def _no_position(recur: vRecur) -> str:
    """Why no period of the rule holds any of its ``BYSETPOS`` positions, or "" if one may."""
    positions = {int(p) for p in recur.get("BYSETPOS", [])}
    frequency = str(recur.get("FREQ", [""])[0]).upper()
    if not positions or frequency not in _PERIOD:
        return ""
    most = _most_days(recur, frequency)
    for name in _FINER_TIMES[frequency]:  # each time of a day's is a date of its own
        most *= len(recur.get(name, [])) or 1
    if any(abs(p) <= most for p in positions):
        return ""
    held = "1 date" if most == 1 else f"{most} dates"
    return (f"BYSETPOS={','.join(map(str, sorted(positions)))}, but each "
            f"{_PERIOD[frequency]} holds at most {held}")


def _most_days(recur: vRecur, frequency: str) -> int:
    """The most days one period of the rule can hold, counted from above.

    Where no filter names days, dateutil takes the start's (its weekday, day of the month, or
    day of the year in each month named), as RFC 5545 says.
    """
    if frequency not in ("YEARLY", "MONTHLY", "WEEKLY"):
        return 1
    days = recur.get("BYDAY", [])
    weeks, months = len(recur.get("BYWEEKNO", [])), len(recur.get("BYMONTH", []))
    month_days, year_days = len(recur.get("BYMONTHDAY", [])), len(recur.get("BYYEARDAY", []))
    if frequency == "WEEKLY":
        if days:
            return len(_weekdays(recur))
        return 7 if weeks or month_days or year_days else 1
    if not (days or weeks or month_days or year_days):
        return (months or 1) if frequency == "YEARLY" else 1
    bounds = [year_days or 366, 7 * (weeks + 1) if weeks else 366]
    if month_days:
        bounds.append(month_days * ((months or 12) if frequency == "YEARLY" else 1))
    if days:
        in_months = months if frequency == "YEARLY" and months else 1
        per_weekday = 53 if frequency == "YEARLY" and not months else 5
        bounds.append(sum(in_months if str(day)[:-2] else per_weekday * in_months
                          for day in days))
    return min(bounds) if frequency == "YEARLY" else min(*bounds, 31)


def _weekdays(recur: vRecur) -> set[int]:
    """The weekdays ``BYDAY`` names, ordinals left out (0 is Monday)."""
    return {WEEKDAYS.index(str(day)[-2:].upper()) for day in recur.get("BYDAY", [])}
