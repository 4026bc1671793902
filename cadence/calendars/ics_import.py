"""Busy times from the account manager's own calendar file.

The file is read (salvaging what can be, :mod:`cadence.calendars.ics_reading`), its recurring
series are expanded over the import window by recurring-ical-events (``RRULE``, ``RDATE``,
``EXDATE``, ``RECURRENCE-ID`` overrides), and every occurrence that makes the manager busy
becomes a :class:`~cadence.models.BusyBlock`. Re-importing a file replaces the blocks that file
gave before. Free time is not busy: ``TRANSP:TRANSPARENT``, ``STATUS:CANCELLED`` and Outlook's
``X-MICROSOFT-CDO-BUSYSTATUS:FREE``.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar, Event, Timezone
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from cadence.calendars.ics_reading import ReadCalendar, Skipped, read_calendar, read_text
from cadence.calendars.ics_zones import iana_name, resolve_unnamed_zones
from cadence.errors import FileFormatError, ValidationError
from cadence.models import BusyBlock
from cadence.timezones import today_in, zone

log = logging.getLogger(__name__)

DEFAULT_DAYS = 365
Progress = Callable[[float, str], None]
FREE_STATUSES = frozenset({"CANCELLED"})
# icalendar's message when a property that failed to parse is used.
_BROKEN_PROPERTY = re.compile(
    r"Cannot access '\w+' on broken property '(?P<name>[\w-]+)' \(expected '\w+'\): (?P<why>.*)"
)
# Any failure inside icalendar or recurring-ical-events on one series: it is reported, not raised.
_SERIES_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError)


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
    the steps with the fraction done and what comes next, and may raise to cancel (the caller's
    transaction then rolls back and nothing changes).

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
    tell(0.4, "expanding repeats")
    if read.event_count == 0 and read.skipped:
        where, reason = read.skipped[0]
        raise FileFormatError(str(path), f"{where}: {reason}; nothing imported")
    report = ImportReport(source=source, skipped=list(read.skipped), notes=list(read.notes))
    report.events = read.event_count
    rows = list(_busy_rows(read, window, source, report))
    if report.unreadable == report.events and report.skipped:
        where, reason = report.skipped[-1]
        raise FileFormatError(str(path), f"{where}: {reason}; nothing imported")
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


def _busy_rows(
    read: ReadCalendar, window: _Window, source: str, report: ImportReport
) -> Iterator[dict[str, Any]]:
    for occurrence in _occurrences(read, window, report):
        row = _row(occurrence, window.zone_name, source)
        if row is None:
            report.free += 1
        else:
            yield row


def _occurrences(read: ReadCalendar, window: _Window, report: ImportReport) -> list[Event]:
    """Every occurrence in the window: the whole calendar at once, else series by series."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolve_unnamed_zones(read.calendar, window.zone_name, report.notes)
        try:
            found = _expand(read.calendar, window)
        except _SERIES_ERRORS:
            found = list(_expand_by_uid(read, window, report))
    for warning in caught:
        note = Skipped(report.source, str(warning.message))
        if note not in report.notes:
            report.notes.append(note)
    return found


def _expand(calendar: Calendar, window: _Window) -> list[Event]:
    for event in calendar.events:
        # Alarms never make anyone busy, and broken ones must not sink their event.
        event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    standard = x_wr_timezone.to_standard(calendar)
    query = recurring_ical_events.of(standard, components=["VEVENT"])
    return list(query.between(window.start, window.end))


def _expand_by_uid(read: ReadCalendar, window: _Window, report: ImportReport) -> Iterator[Event]:
    """Expand each UID's series in its own calendar, so one bad series costs only itself."""
    calendar = read.calendar
    zones = {str(tz.tz_name): tz for tz in calendar.timezones}
    groups: dict[str, list[Event]] = {}
    for index, event in enumerate(calendar.events, start=1):
        uid = str(event.get("UID", "")).strip() or f"#{index}"
        groups.setdefault(uid, []).append(event)
    for uid, events in groups.items():
        where = _where(uid, read)
        try:
            yield from _expand(_series_calendar(calendar, events, zones), window)
        except _SERIES_ERRORS as err:
            yield from _first_occurrences(uid, where, events, calendar, zones, window, report, err)


def _first_occurrences(
    uid: str,
    where: str,
    events: list[Event],
    calendar: Calendar,
    zones: dict[str, Timezone],
    window: _Window,
    report: ImportReport,
    err: BaseException,
) -> Iterator[Event]:
    """A series whose rule cannot be read still has its first date (RFC 5545 3.8.5.3)."""
    if not any("RRULE" in event for event in events):
        report.skipped.append(Skipped(where, _reason(err)))
        report.unreadable += len(events)
        return
    for event in events:
        event.pop("RRULE", None)
    try:
        found = _expand(_series_calendar(calendar, events, zones), window)
    except _SERIES_ERRORS:
        report.skipped.append(Skipped(where, _reason(err)))
        report.unreadable += len(events)
        return
    report.notes.append(
        Skipped(where, f"repeat rule unreadable ({_reason(err)}); only its first date imported")
    )
    yield from found


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
        starts_at = _aware(start, tz).astimezone(UTC)
        ends_at = _aware(end if isinstance(end, datetime) else start, tz).astimezone(UTC)
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


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _midnight(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone(zone_name)).astimezone(UTC)


def _where(uid: str, read: ReadCalendar) -> str:
    line = read.uid_lines.get(uid)
    label = f"VEVENT {uid}" if not uid.startswith("#") else f"VEVENT {uid} (no UID)"
    return f"{label} (line {line})" if line else label


def _reason(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    if not lines:
        return type(err).__name__
    broken = _BROKEN_PROPERTY.match(lines[0])
    if broken:
        return f"bad {broken['name']}: {broken['why']}"
    if isinstance(err, KeyError):
        return f"no {lines[0].strip(chr(39))}"
    return lines[0]


def skipped_lines(entries: Iterable[Skipped]) -> list[str]:
    """``where: reason`` lines for printing."""
    return [f"{where}: {reason}" for where, reason in entries]
