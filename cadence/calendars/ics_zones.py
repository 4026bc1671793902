"""Time zones that calendar files name but do not define.

Outlook writes display names (``(UTC+05:30) Chennai, Kolkata, ...``) or ``Customized Time Zone``
as TZIDs, often without a ``VTIMEZONE``. icalendar resolves IANA, Windows (``W. Europe Standard
Time``) and libical's ``/vendor/Area/City`` names; what it cannot resolve it leaves naive, which
would later read as floating time. Like khal's ``sanitize``, such times are given a zone here,
before expansion, and the guess is reported: the stated UTC offset where the name has one,
else the manager's own zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from icalendar import Calendar, Event
from icalendar.timezone.tzid import tzid_from_tzinfo

from cadence.calendars.ics_reading import Skipped
from cadence.errors import ValidationError
from cadence.timezones import zone

_UTC_OFFSET = re.compile(r"^\(?(?:UTC|GMT)\s*(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})\)?")
_SINGLE = ("DTSTART", "DTEND", "RECURRENCE-ID")
_LISTS = ("EXDATE", "RDATE")


def resolve_unnamed_zones(calendar: Calendar, manager_zone: str, notes: list[Skipped]) -> None:
    """Give every naive time that carries a TZID a zone, noting each guess once.

    Args:
        calendar: Parsed calendar; its events are changed in place.
        manager_zone: The fallback zone.
        notes: Where the guesses are reported.
    """
    for event in calendar.events:
        try:
            _resolve_event(event, manager_zone, notes)
        except ValueError:
            continue  # a broken value: expanding the event reports it


def _resolve_event(event: Event, manager_zone: str, notes: list[Skipped]) -> None:
    for name in _SINGLE:
        value = _guessed(event.get(name), manager_zone, notes)
        if value is not None:
            event.pop(name)
            event.add(name, value[0])
    for name in _LISTS:
        _resolve_list(event, name, manager_zone, notes)


def _resolve_list(event: Event, name: str, manager_zone: str, notes: list[Skipped]) -> None:
    found = event.get(name)
    if found is None:
        return
    properties = found if isinstance(found, list) else [found]
    values: list[date | datetime] = []
    changed = False
    for prop in properties:
        tzid = prop.params.get("TZID")
        for item in prop.dts:
            guess = _guess(tzid, item.dt, manager_zone, notes)
            changed |= guess is not None
            values.append(guess if guess is not None else item.dt)
    if changed:
        event.pop(name)
        for value in values:
            event.add(name, value)


def _guessed(prop: Any, manager_zone: str, notes: list[Skipped]) -> tuple[datetime] | None:
    if prop is None or not hasattr(prop, "params"):
        return None
    guess = _guess(prop.params.get("TZID"), prop.dt, manager_zone, notes)
    return None if guess is None else (guess,)


def _guess(
    tzid: str | None, value: object, manager_zone: str, notes: list[Skipped]
) -> datetime | None:
    if tzid is None or not isinstance(value, datetime) or value.tzinfo is not None:
        return None
    tz, reason = guess_zone(tzid, manager_zone)
    note = Skipped(f"TZID {tzid!r}", reason)
    if note not in notes:
        notes.append(note)
    return value.replace(tzinfo=tz)


def guess_zone(tzid: str, manager_zone: str) -> tuple[tzinfo, str]:
    """The zone to read an unresolvable ``tzid`` in, and why."""
    offset = _UTC_OFFSET.match(tzid.strip())
    if offset:
        minutes = int(offset["h"]) * 60 + int(offset["m"])
        delta = timedelta(minutes=minutes if offset["sign"] == "+" else -minutes)
        return timezone(delta), "unknown zone; read at its fixed UTC offset"
    return zone(manager_zone), f"unknown zone; read in your zone {manager_zone}"


def iana_name(tz: tzinfo | None) -> str:
    """The IANA name to store beside an instant read in ``tz`` (``UTC`` where there is none)."""
    name = getattr(tz, "key", None) or tzid_from_tzinfo(tz)
    if not name:
        return "UTC"
    try:
        zone(name)
    except ValidationError:
        return "UTC"
    return str(name)
