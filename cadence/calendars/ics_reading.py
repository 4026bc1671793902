"""Reading iCalendar files from the wild, salvaging what can be read.

Real calendars are often slightly broken: a stray line, a component without ``END``, a time zone
with an impossible offset. icalendar refuses such a file whole. Here, a file that does not parse
whole is split into its top-level components (with their line numbers); each is parsed on its
own, beside the time zones it uses, and what cannot be read is reported instead of sinking the
rest. The approach follows khal's ``split_ics`` (``khal/icalendar.py``), which splits by UID and
collects the errors per item.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from icalendar import Calendar, Component, Timezone

from cadence.errors import FileFormatError

# Components that matter for busy time; other top-level ones (VTODO, VJOURNAL, ...) are ignored.
WANTED = ("VEVENT", "VTIMEZONE")
C = TypeVar("C", bound=Component)
# Alarms never make anyone busy; a broken one must not cost its event.
_IGNORED = "VALARM"


class Skipped(NamedTuple):
    """Something left out of an import (or read with a caveat), and why.

    ``where`` names the line, component or UID, as a user would look for it in the file.
    """

    where: str
    reason: str


@dataclass
class ReadCalendar:
    """The readable part of a file: a calendar of its events and time zones."""

    calendar: Calendar
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    uid_lines: dict[str, int] = field(default_factory=dict)

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


_UID_LINE = re.compile(r"^UID[;:](?:.*?:)?(?P<uid>.*)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Z0-9-]+$")
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
    if "BEGIN:" not in text.upper():
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
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _read_whole(text) or _read_salvaged(text)
    for warning in caught:
        note = Skipped(path, str(warning.message))
        if note not in result.notes:
            result.notes.append(note)
    result.uid_lines = _uid_lines(text)
    return result


def _read_whole(text: str) -> ReadCalendar | None:
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return None
    try:
        components = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    calendars = [c for c in components if isinstance(c, Calendar)]
    if len(calendars) != 1:
        return None
    return ReadCalendar(calendar=calendars[0])


def _read_salvaged(text: str) -> ReadCalendar:
    """Parse each top-level component on its own, beside the time zones it refers to."""
    header, blocks, result = _split(text)
    result.calendar = _header_calendar(header, result)
    zones: dict[str, _Block] = {}
    for block in (b for b in blocks if b.name == "VTIMEZONE"):
        tzid = _parse_timezone(block, result)
        if tzid is not None:
            zones[tzid] = block
            result.calendar.add_component(_parse_one(block.text, Timezone))
    for block in (b for b in blocks if b.name == "VEVENT"):
        _add_event(block, zones, result)
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


def _parse_timezone(block: _Block, result: ReadCalendar) -> str | None:
    """The TZID of a usable ``VTIMEZONE`` block, or ``None`` (skipped with the reason)."""
    try:
        timezone = _parse_one(block.text, Timezone)
        timezone.to_tz(lookup_tzid=False)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        result.skipped.append(
            Skipped(f"line {block.line} (VTIMEZONE)", f"{_message(err)}; its TZID is read by name")
        )
        return None
    return str(timezone.tz_name)


def _add_event(block: _Block, zones: dict[str, _Block], result: ReadCalendar) -> None:
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
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        result.skipped.append(Skipped(f"line {block.line} (VEVENT)", _message(err)))
        return
    for event in events:
        result.calendar.add_component(event)


def _parse_one(text: str, kind: type[C]) -> C:
    component = kind.from_ical(text)
    if not isinstance(component, kind):
        raise ValueError(f"expected {kind.__name__}, found {type(component).__name__}")
    return component


def _uid_lines(text: str) -> dict[str, int]:
    """Where each UID first appears, so messages can point into the file."""
    found: dict[str, int] = {}
    for number, line in _logical_lines(text):
        match = _UID_LINE.match(line)
        if match:
            found.setdefault(match.group("uid").strip(), number)
    return found


def _message(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


__all__ = ["ReadCalendar", "Skipped", "read_calendar", "read_text"]
