"""Busy times from the account manager's own calendar file.

The file is read (salvaging what can be, :mod:`cadence.calendars.ics_reading`), its recurring
series are expanded one by one over the import window by recurring-ical-events (``RRULE``,
``RDATE``, ``EXDATE``, ``RECURRENCE-ID`` overrides), with a limit per series
(:mod:`cadence.calendars.ics_repeats`), and every occurrence that makes the manager busy becomes
a :class:`~cadence.models.BusyBlock`. Re-importing a file replaces the blocks that file gave
before, and importing another file with the same events replaces theirs: an event is its ``UID``
(and an overridden occurrence its ``RECURRENCE-ID``, RFC 5545 3.8.4.4), not the file it came in,
so the fresh download of a calendar under a new name replaces the old download's blocks for its
events.

Only a version of an event at least as new as the one another file gave replaces that file's
blocks, so that an old backup imported last does not move a meeting back. A version is the
component's ``SEQUENCE`` (RFC 5545 3.8.7.4; 0 when missing or unreadable) and when it was last
revised: its ``LAST-MODIFIED`` (3.8.7.3), else its ``DTSTAMP`` (3.8.7.2). A version is older
than another when its ``SEQUENCE`` is lower, or the same and it was revised earlier; where either
revision time is unknown, equal sequences are the same version and the file read last wins, as
it does over blocks imported before versions were kept. Every block keeps the version of the
component it came from (the event's own, or its override's). Versions are compared as the file
replaces:

- A file holding the event itself (a component without ``RECURRENCE-ID``) is compared per
  ``UID``: its newest component against the newest block other files gave of the event. If it
  is older, none of its occurrences of the event are imported and every block stored for the
  event stays, the ones this file gave before included: the newer file may hold only one
  overridden occurrence, and the rest of the series is still this file's.
- A file holding only overridden occurrences of an event replaces per occurrence, and is compared
  so: each override against the other files' blocks at the instant it overrides; an older one is
  left out.

What is left out so is listed in :attr:`ImportReport.older`. A file's own earlier blocks are
otherwise replaced whatever their version.

Free time is not busy: ``TRANSP:TRANSPARENT`` and Outlook's ``X-MICROSOFT-CDO-BUSYSTATUS:FREE``
(unless the import counts them, as for a holidays calendar, whose days off are all marked
free), nor ``STATUS:CANCELLED``, nor an event of no length.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

import x_wr_timezone
from icalendar import Calendar, Event, Timezone
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cadence.calendars.ics_reading import (
    READ_ERRORS,
    Origin,
    ReadCalendar,
    Skipped,
    describe,
    drop_unreadable_dates,
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
from cadence.timezones import YEARS, today_in, zone
from cadence.vocabulary import LARGEST_NUMBER
from cadence.wording import counted

log = logging.getLogger(__name__)

DEFAULT_DAYS = 365
Progress = Callable[[float, str], None]
# Any failure inside icalendar or recurring-ical-events on one series: it is reported, not raised.
_SERIES_ERRORS = (*READ_ERRORS, OverflowError)
EXPANDING = "expanding repeats"
# Expansion is told as the part of the import from 0.4 to 0.8.
_EXPANSION_FROM, _EXPANSION_SHARE = 0.4, 0.4
_SERIES_PER_REPORT = 100  # a series without repeats expands in well under a millisecond
# How many skipped entries a "nothing imported" message quotes.
_QUOTED = 3
# UIDs or ids per ``IN (...)`` query: well below SQLite's oldest limit of 999 parameters.
_PER_QUERY = 500
_T = TypeVar("_T")


@dataclass
class ImportReport:
    """What an import did.

    Attributes:
        source: The source key of the blocks (the file's absolute path).
        blocks: How many busy blocks the source now has.
        skipped: What could not be read, as ``(component/UID/line, reason)``.
        notes: What was read with a caveat (a guessed zone, a series cut to its first date).
        events: How many ``VEVENT`` components were read.
        free: Occurrences in the window marked free (transparent, or Outlook's "free") and so
            left out; counting them as busy is the ``all_busy`` choice of the import.
        cancelled: Occurrences in the window that are cancelled.
        zero_length: Occurrences in the window that take no time (no ``DTEND``, or one equal
            to the start), so block none.
        unreadable: ``VEVENT`` components skipped whole.
        replaced: For each other source, how many of its events this file replaced.
        older: Events (or overridden occurrences) left out because another source gave a newer
            version of them, as ``(VEVENT uid (line n), reason)``.
        removed: Busy blocks the source held before and holds no more: events deleted from
            the file, moved, or now outside the import's dates.
    """

    source: str
    blocks: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    events: int = 0
    free: int = 0
    cancelled: int = 0
    zero_length: int = 0
    unreadable: int = 0
    replaced: dict[str, int] = field(default_factory=dict)
    older: list[Skipped] = field(default_factory=list)
    removed: int = 0


@dataclass(frozen=True)
class _Window:
    """The import's days as instants: midnights in the manager's zone, on its wall clock."""

    start: datetime
    end: datetime  # exclusive
    zone_name: str


# What a file's events replace in other sources: by UID, every block of the event (``None``) or,
# for a file holding only overridden occurrences of it, the blocks starting at those instants.
_Replaced = dict[str, set[datetime] | None]
# Sorts an unknown revision time before every known one, for picking the newest version.
_UNKNOWN_REVISION = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Version:
    """Which revision of an event a component (or a block made from it) is."""

    sequence: int = 0
    revised_at: datetime | None = None

    def older_than(self, other: _Version) -> bool:
        """A lower ``SEQUENCE``, or the same one revised earlier (unknown times decide nothing)."""
        if self.sequence != other.sequence:
            return self.sequence < other.sequence
        return (self.revised_at is not None and other.revised_at is not None
                and self.revised_at < other.revised_at)

    @property
    def rank(self) -> tuple[int, datetime]:
        """What the newest of several versions is picked by."""
        return self.sequence, self.revised_at or _UNKNOWN_REVISION

    def said(self, with_time: bool) -> str:
        """``SEQUENCE n``, with the revision time when that is what decided."""
        if with_time and self.revised_at is not None:
            return (f"SEQUENCE {self.sequence}, revised "
                    f"{self.revised_at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
        return f"SEQUENCE {self.sequence}"


@dataclass(frozen=True)
class _Stored:
    """A block another source gave of one of the file's events, as stored before the import."""

    id: int
    source: str
    starts_at: datetime
    version: _Version


@dataclass
class _Held:
    """What other sources hold of the file's events, and what the import does about it.

    Attributes:
        others: By UID, the blocks other sources gave of the event.
        replaced: What the file's events replace of those.
        kept: UIDs of the events the file leaves out as older: its own earlier blocks of them
            stay.
    """

    others: dict[str, list[_Stored]]
    replaced: _Replaced = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)


def import_calendar(
    session: Session,
    path: Path,
    *,
    start: date | None,
    end: date | None,
    manager_zone: str,
    now: datetime,
    all_busy: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Replace the busy blocks from ``path`` with the busy occurrences it holds in the window.

    The blocks other files gave for the same events (UIDs) are replaced too, unless they come
    from a newer version of the event: then this file's occurrences of it are left out (and
    listed in the report's ``older``); see the module's description for the rule.

    Large files take seconds, so the app runs this in a worker: ``progress`` is called between
    the steps with the fraction done and what comes next, and at least every few tenths of a
    second while expanding repeats; it may raise to cancel (the caller's transaction then rolls
    back and nothing changes).

    Args:
        session: The open unit of work.
        path: The ``.ics`` file.
        start: First day (manager's zone); default today.
        end: Last day, inclusive; default a year after ``start``.
        manager_zone: Floating times and all-day events are read in this zone, and the window's
            days are days in it.
        now: The current instant (for the default window).
        all_busy: Count free (transparent) events as busy too, as for a holidays calendar.
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
    before = _own_occurrences(session, source)
    if read.event_count == 0 and before:
        # A download cut short can be a bare VCALENDAR: it must not wipe the busy times.
        raise FileFormatError(str(path), f"it holds no events, and it gave "
                              f"{counted(len(before), 'busy block')} before; nothing changed "
                              "(`cadence busy remove` drops a calendar's busy times)")
    report = ImportReport(source=source, skipped=list(read.skipped), notes=list(read.notes))
    report.events = read.event_count
    held = _held_elsewhere(session, source, read)
    rows = list(_busy_rows(read, _Options(window, source, all_busy), report, held, tell))
    if report.unreadable == report.events and report.skipped:
        raise _nothing_imported(path, report.skipped)
    tell(0.8, "saving")
    _delete_own(session, source, held.kept)
    report.replaced = _replace_elsewhere(session, held)
    if rows:
        session.execute(insert(BusyBlock), rows)
    report.blocks = len(rows)
    report.removed = len(before - _own_occurrences(session, source))
    tell(1.0, "done")
    log.info("imported %d busy blocks from %s (%d skipped, %d older versions left out)",
             len(rows), path, len(report.skipped), len(report.older))
    return report


def _quiet(_fraction: float, _step: str) -> None:
    """No progress display."""


def _window(start: date | None, end: date | None, zone_name: str, now: datetime) -> _Window:
    first = start or today_in(zone_name, now)
    last = end or first + timedelta(days=DEFAULT_DAYS)
    if last < first:
        raise ValidationError("to", f"{last} is before {first}")
    tz = zone(zone_name)
    # Kept on the manager's wall clock (not UTC): recurring-ical-events reads floating times
    # and dates on the clock of the bounds it is given.
    return _Window(datetime.combine(first, time(), tzinfo=tz),
                   datetime.combine(last + timedelta(days=1), time(), tzinfo=tz), zone_name)


def _held_elsewhere(session: Session, source: str, read: ReadCalendar) -> _Held:
    """The blocks other sources gave of the events (UIDs) the file holds."""
    uids = sorted({_uid(event) for event in read.calendar.events} - {""})
    others: dict[str, list[_Stored]] = {}
    for chunk in _chunks(uids):
        found = session.execute(
            select(BusyBlock.id, BusyBlock.source, BusyBlock.uid, BusyBlock.starts_at,
                   BusyBlock.sequence, BusyBlock.revised_at)
            .where(BusyBlock.source != source, BusyBlock.uid.in_(chunk))
        )
        for block_id, other, uid, starts_at, sequence, revised_at in found:
            others.setdefault(uid, []).append(
                _Stored(block_id, other, starts_at, _Version(sequence, revised_at)))
    return _Held(others)


def _own_occurrences(session: Session, source: str) -> set[tuple[str, datetime]]:
    """The (UID, start) of each busy block ``source`` holds."""
    rows = session.execute(
        select(BusyBlock.uid, BusyBlock.starts_at).where(BusyBlock.source == source))
    return {(uid, starts_at) for uid, starts_at in rows}


def _delete_own(session: Session, source: str, kept: set[str]) -> None:
    """Delete the blocks the file gave before, but for the events it left out as older."""
    if not kept:
        session.execute(delete(BusyBlock).where(BusyBlock.source == source))
        return
    found = session.execute(select(BusyBlock.id, BusyBlock.uid).where(BusyBlock.source == source))
    doomed = [block_id for block_id, uid in found if uid not in kept]
    for ids in _chunks(doomed):
        session.execute(delete(BusyBlock).where(BusyBlock.id.in_(ids)))


def _replace_elsewhere(session: Session, held: _Held) -> dict[str, int]:
    """Delete the blocks other sources gave for the events the file replaces.

    Returns:
        For each other source, how many of its events were replaced.
    """
    doomed: list[int] = []
    events: dict[str, set[str]] = {}
    for uid, only in held.replaced.items():
        for block in held.others.get(uid, []):
            if only is None or block.starts_at in only:
                doomed.append(block.id)
                events.setdefault(block.source, set()).add(uid)
    for ids in _chunks(doomed):
        session.execute(delete(BusyBlock).where(BusyBlock.id.in_(ids)))
    return {other: len(found_uids) for other, found_uids in sorted(events.items())}


def _chunks(items: list[_T]) -> Iterator[list[_T]]:
    """``items`` a few hundred at a time, for queries with one parameter per item."""
    for first in range(0, len(items), _PER_QUERY):
        yield items[first:first + _PER_QUERY]


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


@dataclass(frozen=True)
class _Options:
    """What one import was asked for: the window, the source key, whether free time counts."""

    window: _Window
    source: str
    all_busy: bool


def _busy_rows(
    read: ReadCalendar, options: _Options, report: ImportReport, held: _Held, tell: Progress,
) -> Iterator[dict[str, Any]]:
    """The busy blocks of the occurrences in the window; what is not busy is counted by why."""
    zone_name = options.window.zone_name
    for occurrence, version in _occurrences(read, options.window, report, held, tell):
        if _is_cancelled(occurrence):
            report.cancelled += 1
        elif _is_free(occurrence) and not options.all_busy:
            report.free += 1
        elif (row := _row(occurrence, version, zone_name, options.source)) is None:
            report.zero_length += 1
        else:
            yield row


def _occurrences(
    read: ReadCalendar, window: _Window, report: ImportReport, held: _Held, tell: Progress,
) -> Iterator[tuple[Event, _Version]]:
    """Every occurrence in the window with the version it came from, series by series, so one
    bad series costs only itself.

    What other sources gave in a newer version is left out first. Each series read adds to
    ``held.replaced`` what it replaces in other sources; one that cannot be read replaces
    nothing, so their old blocks stay.
    """
    with _warnings_as_notes(report):
        resolve_unnamed_zones(read.calendar, window.zone_name, report.notes)
    zones = {str(tz["TZID"]): tz for tz in read.calendar.timezones if "TZID" in tz}
    series = _series(read)
    run = _Run(read.calendar, zones, window, report, _Pace(tell, len(series)))
    for one in series:
        # Before expansion, which gives every occurrence the series' highest SEQUENCE.
        versions = _Versions.of(one, window.zone_name)
        if _without_older(one, versions, held, report, window.zone_name):
            _drop_unreadable_dates(one, report)
            with _warnings_as_notes(report):
                found = _expand_or_report(one, run)
            if found is not None:
                _add_replaced(one, window.zone_name, held.replaced)
            for occurrence in found or []:
                yield occurrence, versions.at(occurrence, window.zone_name)
        run.pace.series_done()


@dataclass(frozen=True)
class _Versions:
    """The versions of one series' components.

    Attributes:
        newest: The newest of them all.
        own: The newest of the event's own components (without ``RECURRENCE-ID``); ``None``
            when the file holds only overridden occurrences.
        overridden: By the instant it overrides, the version of each override.
    """

    newest: _Version
    own: _Version | None
    overridden: dict[datetime, _Version]

    @classmethod
    def of(cls, series: _Series, zone_name: str) -> _Versions:
        """The versions of the components of ``series`` (not empty)."""
        every: list[_Version] = []
        own: list[_Version] = []
        overridden: dict[datetime, _Version] = {}
        for event in series.events:
            version = _version(event)
            every.append(version)
            if "RECURRENCE-ID" not in event:
                own.append(version)
            elif (instant := _overridden(event, zone_name)) is not None:
                # Of two overrides of one occurrence, expansion keeps the newer.
                found = overridden.get(instant)
                overridden[instant] = version if found is None else _newest([found, version])
        return cls(_newest(every), _newest(own) if own else None, overridden)

    def at(self, occurrence: Event, zone_name: str) -> _Version:
        """The version an occurrence came from: its override's, else the event's own."""
        if self.overridden:
            instant = _overridden(occurrence, zone_name)
            if instant is not None and instant in self.overridden:
                return self.overridden[instant]
        return self.own or self.newest


def _without_older(
    series: _Series, versions: _Versions, held: _Held, report: ImportReport, zone_name: str
) -> bool:
    """Leave out of ``series`` what other sources gave in a newer version, and report it.

    Returns:
        Whether anything of the series is left to import.
    """
    others = held.others.get(series.uid) if series.uid else None
    if not others:
        return True
    if any("RECURRENCE-ID" not in event for event in series.events):
        newer = _newest_block(others)
        if not versions.newest.older_than(newer.version):
            return True
        report.older.append(Skipped(series.where(), _older(versions.newest, newer)))
        held.kept.add(series.uid)
        return False
    left: list[int] = []
    for index, event in enumerate(series.events):
        instant = _overridden(event, zone_name)
        there = [block for block in others if block.starts_at == instant]
        version = _version(event)
        if there and version.older_than((newer := _newest_block(there)).version):
            report.older.append(Skipped(series.where(index), _older(version, newer)))
        else:
            left.append(index)
    series.events[:] = [series.events[i] for i in left]
    series.origins[:] = [series.origins[i] for i in left]
    return bool(left)


def _newest(versions: Iterable[_Version]) -> _Version:
    return max(versions, key=lambda version: version.rank)


def _newest_block(blocks: list[_Stored]) -> _Stored:
    return max(blocks, key=lambda block: block.version.rank)


def _older(version: _Version, newer: _Stored) -> str:
    """Why ``version`` is left out for the block of ``newer``."""
    by_time = version.sequence == newer.version.sequence
    return (f"an older version ({version.said(by_time)}) than the one from {newer.source} "
            f"({newer.version.said(by_time)}); kept that one")


def _drop_unreadable_dates(series: _Series, report: ImportReport) -> None:
    """Bad ``RDATE`` values are reported and left out; the event keeps its other dates."""
    for index, event in enumerate(series.events):
        origin = series.origins[index]
        lines = origin.properties.get("RDATE", []) if origin else []
        for which, value in drop_unreadable_dates(event):
            line = lines[which] if which < len(lines) else None
            report.skipped.append(Skipped(
                series.where(index, line),
                f"bad RDATE value {value!r} (not a date or time); the event's other dates are "
                "imported"))


def _add_replaced(series: _Series, zone_name: str, replaced: _Replaced) -> None:
    """What the series replaces: the whole event, or only the occurrences the file overrides."""
    if not series.uid:
        return
    if any("RECURRENCE-ID" not in event for event in series.events):
        replaced[series.uid] = None
        return
    instants = {_overridden(event, zone_name) for event in series.events}
    replaced[series.uid] = {instant for instant in instants if instant is not None}


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
        uid = _uid(event)
        one = groups.setdefault(uid or f"#{index}", _Series(uid))
        one.events.append(event)
        one.origins.append(origin)
    return list(groups.values())


def _expand_or_report(series: _Series, run: _Run) -> list[Event] | None:
    """The series' occurrences; ``None`` when it cannot be expanded, which is reported."""
    report = run.report
    try:
        found, spans = run.expand(series)
    except RepeatLimitError as err:
        report.skipped.append(Skipped(series.rule_line(), str(err)))
        report.unreadable += len(series.events)
        return None
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


def _first_occurrences(series: _Series, run: _Run, err: BaseException) -> list[Event] | None:
    """A series whose rule cannot be read still has its first date (RFC 5545 3.8.5.3);
    ``None`` when it cannot be read at all."""
    report = run.report
    if not any("RRULE" in event for event in series.events):
        report.skipped.append(_failure(series, err))
        report.unreadable += len(series.events)
        return None
    where = series.rule_line()
    for event in series.events:
        event.pop("RRULE", None)
    try:
        found, _ = run.expand(series)
    except _SERIES_ERRORS:
        report.skipped.append(_failure(series, err))
        report.unreadable += len(series.events)
        return None
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


def _uid(event: Event) -> str:
    """The event's UID as stored with its blocks ("" when it has none)."""
    return str(event.get("UID", "")).strip()


def _overridden(event: Event, zone_name: str) -> datetime | None:
    """The instant of the occurrence ``event`` overrides (its ``RECURRENCE-ID``), if readable."""
    with suppress(*READ_ERRORS):
        overridden = event.RECURRENCE_ID
        if overridden is not None:
            return _start_instant(overridden, zone_name)
    return None


def _version(event: Event) -> _Version:
    """Which revision of the event a component is: ``SEQUENCE`` and when it was last revised."""
    try:
        # A negative or huge SEQUENCE breaks the standard; kept in the range Cadence stores.
        sequence = min(max(event.sequence, 0), LARGEST_NUMBER)
    except READ_ERRORS:
        sequence = 0  # the standard's default, as if it were missing
    return _Version(sequence, _revised_at(event))


def _revised_at(event: Event) -> datetime | None:
    """``LAST-MODIFIED``, else ``DTSTAMP``, in UTC; an unreadable one counts as missing, and so
    does one outside the years Cadence keeps."""
    for name in ("LAST_MODIFIED", "DTSTAMP"):
        with suppress(*READ_ERRORS):
            revised: datetime | None = getattr(event, name)
            if revised is not None and revised.year in YEARS:
                return revised
    return None


def _start_instant(value: date, zone_name: str) -> datetime:
    """Where a block starting at ``value`` (a date, floating or zoned time) starts, in UTC."""
    if not isinstance(value, datetime):
        return _midnight(value, zone_name)
    return _aware(value, zone(zone_name)).astimezone(UTC)


def _row(
    occurrence: Event, version: _Version, manager_zone: str, source: str
) -> dict[str, Any] | None:
    """The busy block of one occurrence from ``version``, or ``None`` when it takes no time."""
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
        "uid": _uid(occurrence),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": zone_name,
        "all_day": all_day,
        "summary": str(occurrence.get("SUMMARY", "")),
        "sequence": version.sequence,
        "revised_at": version.revised_at,
    }


def _is_cancelled(occurrence: Event) -> bool:
    return str(occurrence.get("STATUS", "")).upper() == "CANCELLED"


def _is_free(occurrence: Event) -> bool:
    """Marked as not taking the manager's time (RFC 5545 3.8.2.7, or Outlook's busy status)."""
    if str(occurrence.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
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


def left_out(report: ImportReport, count_free: str) -> list[str]:
    """What the import read and why occurrences made no busy block, for its summary.

    Args:
        report: The import's report.
        count_free: How the user counts free events as busy (the option or checkbox), said
            when some were left out.

    Returns:
        Phrases such as "180 events read" and "12 free occurrences skipped: ...".
    """
    said = [counted(report.events, "event") + " read"]
    if report.free:
        said.append(f"{counted(report.free, 'free occurrence')} skipped: {count_free}")
    if report.cancelled:
        said.append(f"{counted(report.cancelled, 'cancelled occurrence')} skipped")
    if report.zero_length:
        said.append(f"{counted(report.zero_length, 'zero-length occurrence')} skipped "
                    "(no end, so no time to block)")
    return said


def replaced_lines(report: ImportReport) -> list[str]:
    """What the file did to the events other sources gave: "replaced N events first imported
    from SOURCE", one line per other source; then the blocks it gave before and gives no more,
    and how many of its own it left out as older."""
    lines = [f"replaced {counted(count, 'event')} first imported from {other}"
             for other, count in report.replaced.items()]
    if report.removed:
        lines.append(f"removed {counted(report.removed, 'busy block')} it gave before and no "
                     "longer gives (deleted or moved in it, or outside these dates)")
    if report.older:
        lines.append(f"left out {counted(len(report.older), 'event')} older than another "
                     "calendar's version")
    return lines


def skipped_lines(entries: Iterable[Skipped]) -> list[str]:
    """``where: reason`` lines for printing."""
    return [f"{where}: {reason}" for where, reason in entries]
