"""Reading iCalendar files from the wild, salvaging what can be read.

Real calendars are often slightly broken: a stray line, a component without ``END``, a time zone
with an impossible offset. icalendar refuses such a file whole. Here, a file that does not parse
whole is split into its top-level components (with their line numbers); each is parsed on its
own, beside the time zones it uses, and what cannot be read is reported instead of sinking the
rest. The approach follows khal's ``split_ics`` (``khal/icalendar.py``), which splits by UID and
collects the errors per item.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from icalendar import Calendar, Component, Timezone, vDDDLists
from icalendar.prop import vBroken

from cadence.errors import FileFormatError

log = logging.getLogger(__name__)

# Components that matter for busy time; other top-level ones (VTODO, VJOURNAL, ...) are ignored.
WANTED = ("VEVENT", "VTIMEZONE")
C = TypeVar("C", bound=Component)
# Alarms never make anyone busy; a broken one must not cost its event.
_IGNORED = "VALARM"
# Properties RFC 5545 allows once per component; a second one is a likely cause of odd failures.
_ONCE = ("TZID", "UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "DTSTAMP")
# Errors that mean a value or component is malformed (icalendar raises all of these on bad input).
READ_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError)


class Skipped(NamedTuple):
    """Something left out of an import (or read with a caveat), and why.

    ``where`` names the line, component or UID, as a user would look for it in the file.
    """

    where: str
    reason: str


@dataclass(frozen=True)
class Origin:
    """Where a component is in the file, so that messages can point into it.

    Attributes:
        name: The component's name (``VEVENT``, ``VTIMEZONE``).
        line: The line of its ``BEGIN``.
        properties: For each of its own properties (not those of nested components), the lines
            it is on, in order.
    """

    name: str
    line: int
    properties: dict[str, list[int]] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        """The first line of property ``name``, else the line where the component starts."""
        lines = self.properties.get(name.upper())
        return lines[0] if lines else self.line


@dataclass
class ReadCalendar:
    """The readable part of a file: a calendar of its events and time zones.

    ``origins`` holds, for each event of ``calendar.events`` in the same order, where it is in
    the file (``None`` where that is not known).
    """

    calendar: Calendar
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    origins: list[Origin | None] = field(default_factory=list)

    @property
    def event_count(self) -> int:
        """How many ``VEVENT`` components were read."""
        return len(self.calendar.events)


@dataclass
class _Block:
    name: str
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


_NAME = re.compile(r"^[A-Z0-9-]+$")
# A calendar, or calendar components without it (some tools write bare VEVENTs, which are
# salvaged); another file with BEGIN lines (a vCard, say) is no calendar at all.
_CALENDAR_BEGIN = re.compile(
    r"^[ \t]*BEGIN[ \t]*:[ \t]*(?:VCALENDAR|VEVENT|VTODO|VJOURNAL|VFREEBUSY|VTIMEZONE)\b",
    re.IGNORECASE | re.MULTILINE)
_TZID_PARAM = re.compile(r';TZID=("[^"]*"|[^:;]*)', re.IGNORECASE)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without byte-order mark), else Windows-1252.

    Raises:
        FileFormatError: the file cannot be read, or is not an iCalendar file at all.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise FileFormatError(str(path), f"cannot read ({err.strerror})") from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Outlook versions write 8-bit zone names in the Windows code page.
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        # Said apart from "no BEGIN:VCALENDAR": an empty file is an unfinished download or save.
        raise FileFormatError(str(path), "the file is empty")
    if not _CALENDAR_BEGIN.search(text):
        raise FileFormatError(str(path), "not an iCalendar file (no BEGIN:VCALENDAR)", 1)
    return text


def read_calendar(text: str, path: str) -> ReadCalendar:
    """Parse ``text`` whole if it is well-formed, else component by component.

    Args:
        text: The file's text.
        path: The file name, for messages.

    Returns:
        The readable events and time zones, with what was skipped and why.
    """
    origins = _origins(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _read_whole(text, origins) or _read_salvaged(text, origins)
    for warning in caught:
        note = Skipped(path, str(warning.message))
        if note not in result.notes:
            result.notes.append(note)
    if len(result.origins) != result.event_count:  # stray nesting: better no line than a wrong one
        result.origins = [None] * result.event_count
    return result


def _read_whole(text: str, origins: dict[int, Origin]) -> ReadCalendar | None:
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return None
    try:
        components = Calendar.from_ical(text, multiple=True)
    except READ_ERRORS:
        return None
    calendars = [c for c in components if isinstance(c, Calendar)]
    if len(calendars) != 1:
        return None
    # icalendar lists events in the order of their BEGIN lines, as the scan found them.
    events: list[Origin | None] = [o for o in origins.values() if o.name == "VEVENT"]
    return ReadCalendar(calendar=calendars[0], origins=events)


def _read_salvaged(text: str, origins: dict[int, Origin]) -> ReadCalendar:
    """Parse each top-level component on its own, beside the time zones it refers to."""
    header, blocks, result = _split(text)
    result.calendar = _header_calendar(header, result)
    zones: dict[str, _Block] = {}
    for block in (b for b in blocks if b.name == "VTIMEZONE"):
        tzid = _parse_timezone(block, origins.get(block.line), result)
        if tzid is not None:
            zones[tzid] = block
            result.calendar.add_component(_parse_one(block.text, Timezone))
    for block in (b for b in blocks if b.name == "VEVENT"):
        _add_event(block, zones, origins.get(block.line), result)
    for block in (b for b in blocks if b.name not in WANTED):
        result.notes.append(Skipped(f"line {block.line}", f"{block.name} ignored"))
    return result


def _split(text: str) -> tuple[list[str], list[_Block], ReadCalendar]:
    """Top-level components with their first line; calendar properties; bad lines skipped."""
    result = ReadCalendar(calendar=Calendar())
    header: list[str] = []
    blocks: list[_Block] = []
    block: _Block | None = None
    open_names: list[str] = []  # components open inside the current block
    in_calendar = False
    for number, line in _logical_lines(text):
        name, colon, value = line.partition(":")
        keyword = name.split(";", 1)[0].strip().upper()
        if not colon or not _NAME.match(keyword):
            result.skipped.append(Skipped(f"line {number}", f"not a content line: {line[:40]!r}"))
            continue
        component = value.strip().upper()
        if keyword in ("BEGIN", "END") and component == "VCALENDAR":
            if block is not None:
                _close_unterminated(block, open_names, f"line {number}", result)
                blocks.append(block)
                block = None
            in_calendar = keyword == "BEGIN"
        elif block is not None:
            if keyword == "BEGIN":
                open_names.append(component)
            if _IGNORED not in open_names:
                block.lines.append(line)
            if keyword == "END" and open_names:
                open_names.pop()
            if not open_names:
                blocks.append(block)
                block = None
        elif keyword == "BEGIN":
            block, open_names = _Block(component, number, [line]), [component]
        elif in_calendar:
            header.append(line)
        else:
            result.skipped.append(Skipped(f"line {number}", "outside any component"))
    if block is not None:
        _close_unterminated(block, open_names, "the end of the file", result)
        blocks.append(block)
    return header, blocks, result


def _close_unterminated(
    block: _Block, open_names: list[str], where: str, result: ReadCalendar
) -> None:
    """A component still open at ``END:VCALENDAR`` (or the end of the file) is closed there."""
    block.lines.extend(f"END:{name}" for name in reversed(open_names))
    result.notes.append(
        Skipped(f"line {block.line}", f"{block.name} has no END:{block.name}; read up to {where}")
    )


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines (RFC 5545 3.1) with the number of their first physical line."""
    current: str | None = None
    start = 0
    for number, physical in enumerate(text.splitlines(), start=1):
        if physical[:1] in (" ", "\t") and current is not None:
            current += physical[1:]
            continue
        if current is not None and current.strip():
            yield start, current
        current, start = physical, number
    if current is not None and current.strip():
        yield start, current


def _header_calendar(header: list[str], result: ReadCalendar) -> Calendar:
    text = "BEGIN:VCALENDAR\r\n" + "".join(f"{line}\r\n" for line in header) + "END:VCALENDAR\r\n"
    try:
        return _parse_one(text, Calendar)
    except ValueError as err:
        result.notes.append(Skipped("calendar properties", f"ignored: {err}"))
        return Calendar()


def _parse_timezone(block: _Block, origin: Origin | None, result: ReadCalendar) -> str | None:
    """The TZID of a usable ``VTIMEZONE`` block, or ``None`` (skipped with the reason)."""
    try:
        timezone = _parse_one(block.text, Timezone)
        timezone.to_tz(lookup_tzid=False)
    except READ_ERRORS as err:
        line, reason = describe(err, None, origin)
        reason += "; times given in this zone are read by its name"
        result.skipped.append(Skipped(f"line {line} (VTIMEZONE)", reason))
        return None
    return str(timezone.tz_name)


def _add_event(
    block: _Block, zones: dict[str, _Block], origin: Origin | None, result: ReadCalendar
) -> None:
    """Parse one ``VEVENT`` beside the time zones it names, so its TZIDs resolve."""
    used = {match.strip('"') for match in _TZID_PARAM.findall(block.text)}
    wrapper = (
        "BEGIN:VCALENDAR\r\n"
        + "".join(zones[tzid].text for tzid in sorted(used) if tzid in zones)
        + block.text
        + "END:VCALENDAR\r\n"
    )
    try:
        events = _parse_one(wrapper, Calendar).events
    except READ_ERRORS as err:
        line, reason = describe(err, None, origin)
        result.skipped.append(Skipped(f"line {line} (VEVENT)", reason))
        return
    for event in events:
        result.calendar.add_component(event)
        result.origins.append(origin)


def drop_unreadable_dates(event: Component) -> list[tuple[int, str]]:
    """Leave out the ``RDATE`` values icalendar could not read, keeping the rest of the event.

    icalendar keeps an ``RDATE`` line with one bad value as unreadable text, and the event's
    expansion then fails whole; the line's other values and the event's other dates are good.

    Args:
        event: A ``VEVENT``; its ``RDATE`` properties are rewritten in place.

    Returns:
        For each value left out, which ``RDATE`` line of the event it was on (0 for the first)
        and the value as written.
    """
    found = event.get("RDATE", [])
    values = found if isinstance(found, list) else [found]
    if not any(isinstance(value, vBroken) for value in values):
        return []
    dropped: list[tuple[int, str]] = []
    kept: list[object] = []
    for index, value in enumerate(values):
        if not isinstance(value, vBroken):
            kept.append(value)
            continue
        tzid = value.params.get("TZID")
        good = []
        for part in str(value).split(","):
            try:
                vDDDLists.from_ical(part, timezone=tzid)  # type: ignore[no-untyped-call]
            except READ_ERRORS:
                dropped.append((index, part))
            else:
                good.append(part)
        if good:
            rebuilt = vDDDLists(
                vDDDLists.from_ical(",".join(good), timezone=tzid))  # type: ignore[no-untyped-call]
            rebuilt.params.update(value.params)
            kept.append(rebuilt)
    del event["RDATE"]
    if kept:
        event["RDATE"] = kept
    return dropped


def _parse_one(text: str, kind: type[C]) -> C:
    component = kind.from_ical(text)
    if not isinstance(component, kind):
        raise ValueError(f"expected {kind.__name__}, found {type(component).__name__}")
    return component


def _origins(text: str) -> dict[int, Origin]:
    """Every ``VEVENT`` and ``VTIMEZONE`` in the file by the line of its ``BEGIN``, in order."""
    found: dict[int, Origin] = {}
    open_components: list[tuple[str, Origin | None]] = []
    for number, line in _logical_lines(text):
        name, _, value = line.partition(":")
        keyword = name.split(";", 1)[0].strip().upper()
        component = value.strip().upper()
        if keyword == "BEGIN":
            origin = Origin(component, number) if component in WANTED else None
            if origin is not None:
                found[number] = origin
            open_components.append((component, origin))
        elif keyword == "END":
            names = [open_name for open_name, _ in open_components]
            if component in names:  # an END without its BEGIN closes nothing
                del open_components[len(names) - 1 - names[::-1].index(component) :]
        elif open_components and (innermost := open_components[-1][1]) is not None:
            innermost.properties.setdefault(keyword, []).append(number)
    return found


def describe(
    err: BaseException, component: Component | None, origin: Origin | None
) -> tuple[int | None, str]:
    """The line at fault and, in plain words, what is wrong, for an error reading a component.

    Args:
        err: What icalendar or recurring-ical-events raised.
        component: The component, where it was parsed (its parse errors explain more).
        origin: Where the component is in the file.

    Returns:
        The line of the offending property where known, else of the component (``None`` when
        neither is known), and the reason.
    """
    line = origin.line if origin else None
    name, reason, missing = _property_at_fault(err)
    if name is not None:
        malformed = _malformed_line(component, name)
        if malformed is not None:  # "missing" only because icalendar could not read its line
            reason, missing = f"{name} is malformed: {malformed!r}", False
        if origin is not None and not missing:
            line = origin.line_of(name)
        return line, reason
    repeated = _repeated(origin)
    if repeated is not None:
        return line, repeated
    if isinstance(err, ValueError) and str(err).strip():
        return line, str(err).strip().splitlines()[0]
    # Anything else is icalendar tripping over the malformed text: its own words would be Python's.
    log.debug("unreadable component at line %s", line, exc_info=err)
    return line, "malformed; it could not be read"


# icalendar's message when a property that failed to parse is used.
_BROKEN_PROPERTY = re.compile(
    r"Cannot access '\w+' on broken property '(?P<name>[\w-]+)' \(expected '\w+'\): (?P<why>.*)"
)
# icalendar's record of a content line it could not split into name, parameters and value.
_UNPARSED_LINE = re.compile(r"Content line could not be parsed into parts: '(?P<line>.*?)': ")


def _property_at_fault(err: BaseException) -> tuple[str | None, str, bool]:
    """The property a failure names, the reason, and whether the property is missing."""
    lines = str(err).strip().splitlines()
    broken = _BROKEN_PROPERTY.match(lines[0]) if lines else None
    if broken:
        return broken["name"], f"bad {broken['name']}: {broken['why']}", False
    if isinstance(err, KeyError) and lines and _NAME.match(name := lines[0].strip("'\"")):
        return name, f"no {name}", True
    return None, "", False


def _malformed_line(component: Component | None, name: str) -> str | None:
    """The text of a line for property ``name`` that icalendar could not even split up."""
    for _, error in component.errors if component is not None else []:
        unparsed = _UNPARSED_LINE.match(error)
        if unparsed and re.split("[;:]", unparsed["line"], maxsplit=1)[0].upper() == name:
            return unparsed["line"]
    return None


def _repeated(origin: Origin | None) -> str | None:
    """A property given more than once where the standard allows one, which icalendar trips on."""
    for name in _ONCE:
        lines = origin.properties.get(name, []) if origin else []
        if len(lines) > 1:
            where = ", ".join(str(line) for line in lines)
            return f"{name} is given {len(lines)} times (lines {where}); only one is allowed"
    return None


__all__ = ["READ_ERRORS", "Origin", "ReadCalendar", "Skipped", "describe",
           "drop_unreadable_dates", "read_calendar", "read_text"]
