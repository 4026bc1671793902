"""The ``VTIMEZONE`` of a zone, written the way Outlook reads it.

One ``STANDARD`` and one ``DAYLIGHT`` observance, each with a yearly ``RRULE`` (as Google
Calendar and tzurl.org write them). Outlook on Windows turns a ``VTIMEZONE`` into a Windows zone
with one rule for each and cannot hold the dated ``RDATE`` lists or the repeated ``STANDARD``
that :meth:`icalendar.Timezone.from_tzinfo` writes: it then shows every summer entry an hour
off or falls back to UTC (iCalcreator/iCalcreator#86 and #106, ridafkih/keeper.sh#423). That
method also gives each onset in the time after the change, where RFC 5545 3.6.5 reads it in
the time before (``TZOFFSETFROM``): a strict reader then has the hour after every spring change
wrong. vobject's generator has the same onsets and names zones by abbreviation. A zone whose
changes no yearly rule describes in the years needed (Morocco's around Ramadan, a zone changing
its rules) gets each change on its date (``RDATE``), read from the zone data itself.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from cadence.timezones import zone

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Offsets change weeks apart at the closest: a daily scan sees every change.
_SCAN_STEP = timedelta(days=1)


@dataclass(frozen=True)
class _Transition:
    """A change of a zone's UTC offset: the first instant of the new one."""

    at: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str

    @property
    def onset(self) -> datetime:
        """The wall-clock time of the change on the clocks before it (naive), which is what an
        observance's ``DTSTART`` gives (RFC 5545 3.6.5: local time in ``TZOFFSETFROM``)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def weeks(self) -> frozenset[int]:
        """Which occurrence of its weekday in the month the onset is: 1 to 5, and -1 for the
        last (``BYDAY=2SU``, ``BYDAY=-1SU``)."""
        day = self.onset.day
        nth = {(day - 1) // 7 + 1}
        return frozenset(nth | {-1} if day + 7 > monthrange(self.onset.year, self.onset.month)[1]
                         else nth)

    @property
    def rule_key(self) -> tuple[timedelta, timedelta, str, int, int, time]:
        """What a yearly rule keeps from year to year: offsets, name, month, weekday, time."""
        onset = self.onset
        return (self.offset_from, self.offset_to, self.name, onset.month, onset.weekday(),
                onset.time())


@lru_cache(maxsize=64)
def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """The ``VTIMEZONE`` of zone ``name``, right for every local time from 1 January of
    ``first_year`` to 31 December of ``last_year``.

    Its observances start in the year before ``first_year``: a time before a ``VTIMEZONE``'s
    first onset has no offset (RFC 5545 3.6.5), and a January time precedes both onsets of
    that year. Generating one walks the zone's transitions, so one per zone and span is kept.

    Args:
        name: An IANA zone name, also the ``TZID``.
        first_year: The first year of the entries (in their local time).
        last_year: The last one.

    Returns:
        One ``STANDARD`` and, for a zone with summer time, one ``DAYLIGHT`` observance with a
        yearly ``RRULE``; where no yearly rule gives the zone's changes, the offset at the
        start and every change on its date (``RDATE``).
    """
    tz = zone(name)
    since = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    changes = _transitions(tz, since, datetime(last_year + 1, 1, 1, tzinfo=UTC) + _SCAN_STEP)
    vtz = Timezone()
    vtz.add("TZID", name)
    rules = _yearly_rules(changes, range(first_year - 1, last_year + 1))
    if rules is not None:
        for first, week in rules:
            observance = _observance(first.offset_from, first.offset_to, first.name,
                                     first.onset)
            observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": first.onset.month,
                                     "BYDAY": f"{week}{_WEEKDAYS[first.onset.weekday()]}"})
            vtz.add_component(observance)
        return vtz
    # icalendar's Timezone.from_tzinfo would write this form too, but it misses changes
    # (Casablanca's in 2027, asked for 2025-2027), so the scan's changes are written instead.
    local = since.astimezone(tz)
    offset = local.utcoffset() or timedelta()
    vtz.add_component(_observance(offset, offset, local.tzname() or "", since.replace(tzinfo=None),
                                  daylight=(local.dst() or timedelta()) > timedelta()))
    dated: dict[tuple[timedelta, timedelta, str], list[_Transition]] = {}
    for change in changes:
        dated.setdefault((change.offset_from, change.offset_to, change.name), []).append(change)
    for same in dated.values():
        observance = _observance(same[0].offset_from, same[0].offset_to, same[0].name,
                                 same[0].onset)
        if len(same) > 1:
            observance.add("RDATE", [change.onset for change in same[1:]])
        vtz.add_component(observance)
    return vtz


def _observance(offset_from: timedelta, offset_to: timedelta, name: str, onset: datetime, *,
                daylight: bool | None = None) -> TimezoneStandard | TimezoneDaylight:
    """A ``STANDARD`` or ``DAYLIGHT`` observance; by default a change to a greater offset is
    summer time (so Dublin's summer is ``DAYLIGHT``, as Windows and Outlook have it, although
    tzdata calls its winter the saving)."""
    is_daylight = offset_to > offset_from if daylight is None else daylight
    observance = TimezoneDaylight() if is_daylight else TimezoneStandard()
    observance.DTSTART = onset
    observance.TZOFFSETFROM = offset_from
    observance.TZOFFSETTO = offset_to
    observance.add("TZNAME", name)
    return observance


def _transitions(tz: ZoneInfo, since: datetime, until: datetime) -> list[_Transition]:
    """The changes of ``tz``'s UTC offset between two instants, in order."""
    found: list[_Transition] = []
    before = since
    while before < until:
        after = before + _SCAN_STEP
        if before.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset():
            # tzdata changes offsets on whole seconds: halve the day down to one.
            low, high = int(before.timestamp()), int(after.timestamp())
            offset = before.astimezone(tz).utcoffset()
            while high - low > 1:
                middle = (low + high) // 2
                if datetime.fromtimestamp(middle, tz).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            new = datetime.fromtimestamp(high, tz)
            found.append(_Transition(new.astimezone(UTC), offset or timedelta(),
                                     new.utcoffset() or timedelta(), new.tzname() or ""))
        before = after
    return found


def _yearly_rules(changes: list[_Transition],
                  years: range) -> list[tuple[_Transition, int]] | None:
    """Two yearly rules that give exactly ``changes``: each rule's first transition and which
    occurrence of its weekday in the month (the last where both fit, as tzdata's rules mostly
    say); ``None`` if the zone changes otherwise in ``years``."""
    by_rule: dict[tuple[timedelta, timedelta, str, int, int, time], list[_Transition]] = {}
    for change in changes:
        by_rule.setdefault(change.rule_key, []).append(change)
    rules: list[tuple[_Transition, int]] = []
    for same in by_rule.values():
        if [change.onset.year for change in same] != list(years):
            return None
        weeks = frozenset.intersection(*(change.weeks for change in same))
        if not weeks:
            return None
        rules.append((same[0], min(weeks)))
    return rules if len(rules) == 2 else None
