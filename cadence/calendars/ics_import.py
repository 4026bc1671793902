"""Busy times from the account manager's own calendar file.

The file is read (salvaging what can be, :mod:`cadence.calendars.ics_reading`), its recurring
series are expanded one by one over the import window by recurring-ical-events (``RRULE``,
``RDATE``, ``EXDATE``, ``RECURRENCE-ID`` overrides), with a limit per series
(:mod:`cadence.calendars.ics_repeats`), and every occurrence that makes the manager busy becomes
a :class:`~cadence.models.BusyBlock`. Re-importing a file replaces the blocks that file gave
before. Free time is not busy: ``TRANSP:TRANSPARENT``, ``STATUS:CANCELLED`` and Outlook's
``X-MICROSOFT-CDO-BUSYSTATUS:FREE``.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import x_wr_timezone
from icalendar import Calendar, Event, Timezone
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from cadence.calendars.ics_reading import (
    READ_ERRORS,
    Origin,
    ReadCalendar,
    Skipped,
    describe,
    read_calendar,
    read_text,
)
from cadence.calendars.ics_repeats import (
    NoDateMatchesError,
    RepeatLimitError,
    Spans,
    expand_series,
    plan_spans,
)
from cadence.calendars.ics_zones import iana_name, resolve_unnamed_zones
from cadence.errors import FileFormatError, ValidationError
from cadence.models import BusyBlock
from cadence.timezones import today_in, zone

log = logging.getLogger(__name__)

DEFAULT_DAYS = 365
Progress = Callable[[float, str], None]
FREE_STATUSES = frozenset({"CANCELLED"})
# Any failure inside icalendar or recurring-ical-events on one series: it is reported, not raised.
_SERIES_ERRORS = (*READ_ERRORS, OverflowError)
EXPANDING = "expanding repeats"
# Expansion is told as the part of the import from 0.4 to 0.8.
_EXPANSION_FROM, _EXPANSION_SHARE = 0.4, 0.4
_SERIES_PER_REPORT = 100  # a series without repeats expands in well under a millisecond
# How many skipped entries a "nothing imported" message quotes.
_QUOTED = 3


@dataclass
class ImportReport:
    """What an import did.

    Attributes:
        source: The source key of the blocks (the file's absolute path).
        blocks: How many busy blocks the source now has.
        skipped: What could not be read, as ``(component/UID/line, reason)``.
        notes: What was read with a caveat (a guessed zone, a series cut to its first date).
        events: How many ``VEVENT`` components were read.
        free: Occurrences in the window that do not make the manager busy.
        unreadable: ``VEVENT`` components skipped whole.
    """

    source: str
    blocks: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    events: int = 0
    free: int = 0
    unreadable: int = 0


@dataclass(frozen=True)
class _Window:
    start: date
    end: date  # exclusive
    zone_name: str


def import_calendar(
    session: Session,
    path: Path,
    *,
    start: date | None,
    end: date | None,
    manager_zone: str,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    """Replace the busy blocks from ``path`` with the busy occurrences it holds in the window.

    Large files take seconds, so the app runs this in a worker: ``progress`` is called between
    the steps with the fraction done and what comes next, and at least every few tenths of a
    second while expanding repeats; it may raise to cancel (the caller's transaction then rolls
    back and nothing changes).

    Args:
        session: The open unit of work.
        path: The ``.ics`` file.
        start: First day (manager's zone); default today.
        end: Last day, inclusive; default a year after ``start``.
        manager_zone: Floating times and all-day events are read in this zone.
        now: The current instant (for the default window).
        progress: Told ``(fraction, step)`` as the import advances.

    Returns:
        The report, listing what was skipped.

    Raises:
        FileFormatError: nothing in the file could be read (names the line where known).
        ValidationError: the window runs backwards.
    """
    tell = progress or _quiet
    window = _window(start, end, manager_zone, now)
    source = str(path.expanduser().resolve())
    tell(0.0, "reading")
    text = read_text(path)
    read = read_calendar(text, str(path))
    tell(_EXPANSION_FROM, EXPANDING)
    if read.event_count == 0 and read.skipped:
        raise _nothing_imported(path, read.skipped)
    report = ImportReport(source=source, skipped=list(read.skipped), notes=list(read.notes))
    report.events = read.event_count
    rows = list(_busy_rows(read, window, source, report, tell))
    if report.unreadable == report.events and report.skipped:
        raise _nothing_imported(path, report.skipped)
    tell(0.8, "saving")
    session.execute(delete(BusyBlock).where(BusyBlock.source == source))
    if rows:
        session.execute(insert(BusyBlock), rows)
    report.blocks = len(rows)
    tell(1.0, "done")
    log.info("imported %d busy blocks from %s (%d skipped)", len(rows), path, len(report.skipped))
    return report


def _quiet(_fraction: float, _step: str) -> None:
    """No progress display."""


def _window(start: date | None, end: date | None, zone_name: str, now: datetime) -> _Window:
    first = start or today_in(zone_name, now)
    last = end or first + timedelta(days=DEFAULT_DAYS)
    if last < first:
        raise ValidationError("to", f"{last} is before {first}")
    return _Window(first, last + timedelta(days=1), zone_name)


def _nothing_imported(path: Path, skipped: list[Skipped]) -> FileFormatError:
    """The error for a file with nothing readable, quoting the first problems in it."""
    quoted = "; ".join(f"{where}: {reason}" for where, reason in skipped[:_QUOTED])
    more = f" (and {len(skipped) - _QUOTED} more)" if len(skipped) > _QUOTED else ""
    return FileFormatError(str(path), f"{quoted}{more}; nothing imported")


@dataclass
class _Series:
    """The components of one UID, where each starts in the file, and how to name them."""

    uid: str  # empty when the components have none
    events: list[Event] = field(default_factory=list)
    origins: list[Origin | None] = field(default_factory=list)

    def where(self, index: int = 0, line: int | None = None) -> str:
        """``VEVENT uid (line n)``, at ``line`` or where component ``index`` starts."""
        origin = self.origins[index]
        line = line if line is not None else origin.line if origin else None
        label = f"VEVENT {self.uid}" if self.uid else "VEVENT without UID"
        return f"{label} (line {line})" if line else label

    def rule_line(self) -> str:
        """Where the series' first ``RRULE`` is."""
        index = next((i for i, e in enumerate(self.events) if "RRULE" in e), 0)
        origin = self.origins[index]
        return self.where(index, origin.line_of("RRULE") if origin else None)


class _Pace:
    """Progress told now and then while expanding: ``tell`` is also where a cancel is raised."""

    def __init__(self, tell: Progress, series: int) -> None:
        self._tell = tell
        self._series = max(series, 1)
        self._done = 0

    def check(self) -> None:
        """Tell how far expansion has come (callers do so at least every tenth of a second)."""
        self._tell(_EXPANSION_FROM + _EXPANSION_SHARE * self._done / self._series, EXPANDING)

    def series_done(self) -> None:
        """One more series expanded (told every hundred)."""
        self._done += 1
        if self._done % _SERIES_PER_REPORT == 0:
            self.check()


def _busy_rows(
    read: ReadCalendar, window: _Window, source: str, report: ImportReport, tell: Progress
) -> Iterator[dict[str, Any]]:
    for occurrence in _occurrences(read, window, report, tell):
        row = _row(occurrence, window.zone_name, source)
        if row is None:
            report.free += 1
        else:
            yield row


def _occurrences(
    read: ReadCalendar, window: _Window, report: ImportReport, tell: Progress
) -> Iterator[Event]:
    """Every occurrence in the window, series by series, so one bad series costs only itself."""
    with _warnings_as_notes(report):
        resolve_unnamed_zones(read.calendar, window.zone_name, report.notes)
    zones = {str(tz["TZID"]): tz for tz in read.calendar.timezones if "TZID" in tz}
    series = _series(read)
    run = _Run(read.calendar, zones, window, report, _Pace(tell, len(series)))
    for one in series:
        with _warnings_as_notes(report):
            found = _expand_or_report(one, run)
        yield from found
        run.pace.series_done()


@dataclass(frozen=True)
class _Run:
    """What expanding each series of one import needs: the file, its zones, the window, the
    report it adds to and the pace it keeps."""

    calendar: Calendar
    zones: dict[str, Timezone]
    window: _Window
    report: ImportReport
    pace: _Pace

    def expand(self, series: _Series) -> tuple[list[Event], Spans]:
        """The occurrences of ``series`` in the window, and the spans they were taken from."""
        return _expand(_series_calendar(self.calendar, series.events, self.zones), self.window,
                       self.pace)


@contextmanager
def _warnings_as_notes(report: ImportReport) -> Iterator[None]:
    """Warnings icalendar and recurring-ical-events give meanwhile become notes of the report."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        note = Skipped(report.source, str(warning.message))
        if note not in report.notes:
            report.notes.append(note)


def _series(read: ReadCalendar) -> list[_Series]:
    """The events grouped by UID; events without one are a series each."""
    groups: dict[str, _Series] = {}
    for index, (event, origin) in enumerate(zip(read.calendar.events, read.origins, strict=True)):
        uid = str(event.get("UID", "")).strip()
        one = groups.setdefault(uid or f"#{index}", _Series(uid))
        one.events.append(event)
        one.origins.append(origin)
    return list(groups.values())


def _expand_or_report(series: _Series, run: _Run) -> list[Event]:
    """The series' occurrences; what cannot be expanded is reported instead."""
    report = run.report
    try:
        found, spans = run.expand(series)
    except RepeatLimitError as err:
        report.skipped.append(Skipped(series.rule_line(), str(err)))
        report.unreadable += len(series.events)
        return []
    except _SERIES_ERRORS as err:
        return _first_occurrences(series, run, err)
    if spans.left_out:
        report.skipped.append(Skipped(series.rule_line(), spans.left_out))
    return found


def _expand(calendar: Calendar, window: _Window, pace: _Pace) -> tuple[list[Event], Spans]:
    """The occurrences of the one series in ``calendar``, and the spans they were taken from."""
    for event in calendar.events:
        # Alarms never make anyone busy, and broken ones must not sink their event.
        event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    standard = x_wr_timezone.to_standard(calendar)
    spans = plan_spans(standard.events, window.start, window.end, pace.check)
    return expand_series(standard, spans, pace.check), spans


def _first_occurrences(series: _Series, run: _Run, err: BaseException) -> list[Event]:
    """A series whose rule cannot be read still has its first date (RFC 5545 3.8.5.3)."""
    report = run.report
    if not any("RRULE" in event for event in series.events):
        report.skipped.append(_failure(series, err))
        report.unreadable += len(series.events)
        return []
    where = series.rule_line()
    for event in series.events:
        event.pop("RRULE", None)
    try:
        found, _ = run.expand(series)
    except _SERIES_ERRORS:
        report.skipped.append(_failure(series, err))
        report.unreadable += len(series.events)
        return []
    _, reason = describe(err, None, None)
    problem = "matches no date" if isinstance(err, NoDateMatchesError) else "unreadable"
    report.notes.append(
        Skipped(where, f"repeat rule {problem} ({reason}); only its first date imported")
    )
    return found


def _failure(series: _Series, err: BaseException) -> Skipped:
    """What is wrong with a series, at the line of the component (or property) at fault."""
    index = _culprit(series.events, err)
    line, reason = describe(err, series.events[index], series.origins[index])
    return Skipped(series.where(index, line), reason)


def _culprit(events: list[Event], err: BaseException) -> int:
    """Which component of a series a failure is about.

    The first one missing the property the failure names, else one icalendar could not parse
    whole, else the first.
    """
    if isinstance(err, KeyError) and err.args:
        missing = str(err.args[0])
        return next((i for i, event in enumerate(events) if missing not in event), 0)
    return next((i for i, event in enumerate(events) if event.errors), 0)


def _series_calendar(
    calendar: Calendar, events: list[Event], zones: dict[str, Timezone]
) -> Calendar:
    series = Calendar()
    if "X-WR-TIMEZONE" in calendar:  # Google's calendar-wide zone applies to every series
        series["X-WR-TIMEZONE"] = calendar["X-WR-TIMEZONE"]
    for event in events:
        series.add_component(event)
    for tzid in sorted(series.get_used_tzids()):
        if tzid in zones:
            series.add_component(zones[tzid])
    return series


def _row(occurrence: Event, manager_zone: str, source: str) -> dict[str, Any] | None:
    """The busy block of one occurrence, or ``None`` when it leaves the manager free."""
    if _is_free(occurrence):
        return None
    start, end = occurrence.DTSTART, occurrence.end
    all_day = not isinstance(start, datetime)
    if all_day:
        starts_at = _midnight(start, manager_zone)
        ends_at = _midnight(end if end > start else start + timedelta(days=1), manager_zone)
        zone_name = manager_zone
    else:
        # Naive here means floating (unresolvable TZIDs were given a zone before expansion).
        tz = start.tzinfo or zone(manager_zone)
        zone_name = iana_name(start.tzinfo) if start.tzinfo else manager_zone
        starts_at, ends_at = _instants(start, end if isinstance(end, datetime) else start, tz)
    if ends_at <= starts_at:
        return None
    return {
        "source": source,
        "uid": str(occurrence.get("UID", "")),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": zone_name,
        "all_day": all_day,
        "summary": str(occurrence.get("SUMMARY", "")),
    }


def _is_free(occurrence: Event) -> bool:
    if str(occurrence.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return True
    if str(occurrence.get("STATUS", "")).upper() in FREE_STATUSES:
        return True
    return str(occurrence.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() == "FREE"


def _instants(start: datetime, end: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants of a start and an end given on a wall clock (RFC 5545 3.3.5).

    A time that clocks skip when they go forward is read with the offset before the gap, which
    moves it on by the gap (02:30 becomes 03:30 summer time); a time that occurs twice when they
    go back is its first occurrence (summer time). That is zoneinfo's reading with ``fold=0``.
    Only where that leaves no time at all (02:30-03:30 in the spring gap) does the end keep the
    length the file gives it.
    """
    first, last = _aware(start, tz), _aware(end, tz)
    starts_at, ends_at = first.astimezone(UTC), last.astimezone(UTC)
    wall = last.replace(tzinfo=None) - first.replace(tzinfo=None)
    if ends_at <= starts_at and first.tzinfo is last.tzinfo and wall > timedelta(0):
        return starts_at, starts_at + wall
    return starts_at, ends_at


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz, fold=0)


def _midnight(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone(zone_name)).astimezone(UTC)


def skipped_lines(entries: Iterable[Skipped]) -> list[str]:
    """``where: reason`` lines for printing."""
    return [f"{where}: {reason}" for where, reason in entries]
