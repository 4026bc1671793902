"""Expanding one series over the import window: with a limit, and with room to cancel.

recurring-ical-events returns the occurrences in a span as one list, and dateutil, beneath it,
walks a rule from its first date on. A rule without an end that repeats every minute
(``FREQ=MINUTELY``) would so take a minute and gigabytes to turn into half a million busy
blocks, and an import could not be cancelled meanwhile. So each series' rules are first walked
here with dateutil's lazy iterator (a date costs microseconds, an expanded occurrence about fifty
times that), to learn where to stop (:data:`MAX_OCCURRENCES`, :data:`MAX_AT_ONCE`) and where to
cut the window into spans of :data:`SPAN_OCCURRENCES`. The series is then expanded span by span,
and ``check`` is called between spans and every :data:`CHECK_EVERY` dates walked: it reports
progress, and is where a cancel is raised.

As recurring-ical-events returns the occurrences that overlap a span, it walks a rule from one
event's length before the span: a span costs its own dates plus the occurrences still going on
at its start. Hence the limit on occurrences going on at once.

The window is two instants (midnights in the manager's zone), and so are the spans' edges:
recurring-ical-events compares aware bounds with each occurrence as instants, and reads floating
times and dates on the bounds' wall clock, which is the manager's, as the import reads them.
Naive bounds would be read on each series' own clock, moving the window by the zones' difference.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

import recurring_ical_events
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vRecur

from cadence.calendars.ics_reading import READ_ERRORS
from cadence.calendars.rule_matches import never_matched

MAX_OCCURRENCES = 10_000
"""Occurrences of one series kept in the window; the rest of the series is left out.

No real busy time comes near it: it is a daily meeting for 27 years, or a meeting every hour of
every day and night for 14 months, where the default window is one year and a weekday stand-up
in it is 261. (sabre/dav, the CalDAV server, refuses to expand a series past 3,500.)
"""
MAX_BEFORE_WINDOW = 100_000
"""Dates a rule may have before the window starts: an hourly rule from 11 years before it."""
MAX_AT_ONCE = 100
"""Occurrences of one series going on at the same time (a meeting every minute lasting an hour
is 60): beyond this the series is cut, as no calendar means a hundred copies of one busy time."""
SPAN_OCCURRENCES = 1_000  # expanded in about a tenth of a second
CHECK_EVERY = 20_000  # dates walked in about a twentieth of a second

Check = Callable[[], None]


class RepeatLimitError(Exception):
    """A series repeats so often before the window that it is not walked to the window."""


class NoDateMatchesError(ValueError):
    """A repeat rule no date can ever match, such as every 30 February."""


@dataclass(frozen=True)
class Spans:
    """Where to expand a series.

    Attributes:
        bounds: The edges of consecutive spans, as aware instants, from the window's start to
            its end (or the cut).
        left_out: Why and from when the rest of the series is left out; empty if nothing is.
    """

    bounds: list[datetime]
    left_out: str = ""

    def pairs(self) -> Iterator[tuple[datetime, datetime]]:
        """Each span as ``(start, stop)``, the stop exclusive."""
        return itertools.pairwise(self.bounds)


def plan_spans(events: list[Event], start: datetime, end: datetime, check: Check) -> Spans:
    """Where to expand the series of ``events`` over the instants ``start`` to ``end``.

    Args:
        events: The components of one series (one UID).
        start: Where the window starts: an aware instant, on the wall clock of the zone that
            floating times and dates are read in (the manager's midnight).
        end: Where the window ends (exclusive), likewise.
        check: Called every :data:`CHECK_EVERY` dates walked.

    Returns:
        The spans, cut where the series passes :data:`MAX_OCCURRENCES` in the window or
        :data:`MAX_AT_ONCE`.

    Raises:
        RepeatLimitError: more than :data:`MAX_BEFORE_WINDOW` dates before the window, or
            :data:`MAX_AT_ONCE` passed before it.
        ValueError: a rule cannot be read (so recurring-ical-events could not either).
        NoDateMatchesError: a rule matches no date (and recurring-ical-events would look for
            one until the year 9999).
    """
    rules = [event for event in events if "RRULE" in event]
    if not rules:  # a date, perhaps with RDATEs: as many occurrences as the file has lines
        return Spans([start, end])
    # The rules are walked on the series' wall clock (see _rule_dates), so the window is too.
    clock = _clock(rules[0], start)
    first, last = _wall(start, clock), _wall(end, clock)
    day = start.date()
    length = _longest(events)
    bounds = [start]
    before = inside = cost = 0
    going_on: deque[datetime] = deque()  # dates whose occurrence has not ended at the latest one
    dates = heapq.merge(*(_rule_dates(event) for event in rules))
    for walked, when in enumerate(dates, start=1):
        if walked % CHECK_EVERY == 0:
            check()
        if when >= last:
            break
        while going_on and going_on[0] + length <= when:
            going_on.popleft()
        going_on.append(when)
        if len(going_on) > MAX_AT_ONCE:
            if not inside:
                raise RepeatLimitError(f"{_TOO_MANY_AT_ONCE} before {day}; left out")
            return Spans([*bounds, _instant(when, clock)],
                         f"{_TOO_MANY_AT_ONCE}; {_not_from(when)}")
        if when < first and when + length <= first:
            before += 1
            if before > MAX_BEFORE_WINDOW:
                raise RepeatLimitError(
                    f"repeats more than {MAX_BEFORE_WINDOW:,} times before {day}; left out"
                )
            continue
        inside += 1
        if inside > MAX_OCCURRENCES:
            return Spans([*bounds, _instant(when, clock)], _too_many(start, end, when))
        cost += 1
        if cost > SPAN_OCCURRENCES:
            bounds.append(_instant(when, clock))
            cost = len(going_on)  # the next span also walks what is still on at its start
    return Spans([*bounds, end])


def expand_series(calendar: Calendar, spans: Spans, check: Check) -> list[Event]:
    """The occurrences of the one series in ``calendar``, span by span.

    An occurrence that overlaps the edge of two spans is returned for both; it is kept once.

    Args:
        calendar: A calendar of one series and the time zones it uses.
        spans: From :func:`plan_spans`.
        check: Called after each span.

    Returns:
        The occurrences, each as an event of its own.
    """
    query = recurring_ical_events.of(calendar, components=["VEVENT"])
    if len(spans.bounds) == 2:
        return list(query.between(*spans.bounds))
    found: list[Event] = []
    earlier: set[tuple[date, date]] = set()
    for begin, stop in spans.pairs():
        here = [((o.DTSTART, o.end), o) for o in query.between(begin, stop)]
        found.extend(o for key, o in here if key not in earlier)
        earlier.update(key for key, _ in here)
        check()
    return found


_TOO_MANY_AT_ONCE = f"more than {MAX_AT_ONCE} of its occurrences are on at the same time"


def _too_many(start: datetime, end: datetime, cut: datetime) -> str:
    window = f"from {start.date()} to {(end - timedelta(days=1)).date()}"
    return f"repeats more than {MAX_OCCURRENCES:,} times {window}; {_not_from(cut)}"


def _not_from(cut: datetime) -> str:
    return f"those from {cut:%Y-%m-%d %H:%M:%S} on are not imported"


def _longest(events: list[Event]) -> timedelta:
    """The longest of the components, by which recurring-ical-events widens what it walks."""
    lengths = [timedelta(0)]
    for event in events:
        try:
            lengths.append(event.duration)
        except READ_ERRORS:
            continue  # expanding the series reports it
    return max(lengths)


def _rule_dates(event: Event) -> Iterator[datetime]:
    """The dates of the event's rules, lazily, on its own wall clock."""
    start = event.DTSTART
    found = event["RRULE"]
    rules = []
    for recur in found if isinstance(found, list) else [found]:
        if not isinstance(recur, vRecur):  # icalendar keeps what it cannot parse as text
            raise ValueError(f"malformed: {str(recur)!r}")
        rules.append(recur)
    zone = start.tzinfo if isinstance(start, datetime) else None
    first = _wall(start, zone)
    return heapq.merge(*(_rule(recur, first, zone) for recur in rules))


def _rule(recur: vRecur, first: datetime, zone: tzinfo | None) -> Iterator[datetime]:
    impossible = never_matched(recur)
    if impossible:
        raise NoDateMatchesError(impossible)
    # UNTIL is set apart: on the wall clock it must lose its zone, which dateutil insists on.
    # A negative COUNT is dropped, as recurring-ical-events does (the rule then has no end).
    kept = vRecur({k: v for k, v in recur.items() if k != "UNTIL"})
    if any(int(count) < 0 for count in kept.get("COUNT", [])):
        del kept["COUNT"]
    text = kept.to_ical().decode()  # type: ignore[no-untyped-call]  # unannotated upstream
    try:
        rule = rrulestr(text, dtstart=first)
        until = recur.get("UNTIL", [])
        if until and "COUNT" not in kept:  # beside a COUNT, dateutil deprecates an UNTIL
            rule = rule.replace(until=_wall(until[0], zone, end_of_day=True))
    except (ValueError, TypeError) as err:
        raise ValueError(f"{err} in {text!r}") from err
    return iter(rule)


def _clock(event: Event, window_start: datetime) -> tzinfo | None:
    """The zone of the wall clock a series' rules are walked on: its start's zone, or, for
    floating times and dates, the window's (which is the manager's)."""
    start = event.DTSTART
    if isinstance(start, datetime) and start.tzinfo is not None:
        return start.tzinfo
    return window_start.tzinfo


def _instant(wall: datetime, clock: tzinfo | None) -> datetime:
    """A date walked on the wall clock of ``clock``, as an instant, to cut a span at."""
    return wall.replace(tzinfo=clock)


def _wall(value: date, zone: tzinfo | None, *, end_of_day: bool = False) -> datetime:
    """``value`` on the series' wall clock, without a zone (a day: its start, or its end)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time.max if end_of_day else time())
    if value.tzinfo is not None and zone is not None:
        value = value.astimezone(zone)
    return value.replace(tzinfo=None)
