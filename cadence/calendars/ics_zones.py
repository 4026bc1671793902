"""Time zones that calendar files name but icalendar could not resolve.

icalendar resolves IANA, Windows (``W. Europe Standard Time``) and libical's ``/vendor/Area/City``
names, and TZIDs defined by a ``VTIMEZONE`` of the same name. What it cannot resolve it leaves
naive, which would later read as floating time. Like khal's ``sanitize``, such times are given a
zone here, before expansion, in this order:

1. the file's own ``VTIMEZONE`` whose TZID differs only in spacing or case (Thunderbird writes
   ``TZID:Mitteleuropäische Zeit `` with a trailing space, which icalendar strips from the
   references but not from the definition);
2. for an Outlook display name (``(UTC-05:00) Eastern Time (US & Canada)``), the IANA zone of a
   city it lists or of the Windows zone it describes, if that zone has the offset it states;
3. the stated UTC offset, fixed (right outside summer time only);
4. the manager's own zone.

Every guess (2 to 4) is reported once.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Calendar, Event, Timezone
from icalendar.timezone.tzid import tzid_from_tzinfo
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from cadence.calendars.ics_reading import READ_ERRORS, Skipped
from cadence.errors import ValidationError
from cadence.timezones import zone

_UTC_OFFSET = re.compile(r"^\(?(?:UTC|GMT)\s*(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})\)?")
# Outlook's display name of UTC itself: "(UTC) Dublin, Edinburgh, Lisbon, London".
_UTC_ITSELF = re.compile(r"^\((?:UTC|GMT)\)")
# What a display name lists after its offset: cities, or a zone name, with remarks in brackets.
_NAME_PARTS = re.compile(r"\s*[,:/]\s*|\s+and\s+")
_REMARK = re.compile(r"\([^)]*\)")
# IANA areas of current zones; the others (US/, Canada/, Etc/, ...) are kept for compatibility.
_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian",
          "Pacific")
_SINGLE = ("DTSTART", "DTEND", "RECURRENCE-ID")
_LISTS = ("EXDATE", "RDATE")


def resolve_unnamed_zones(calendar: Calendar, manager_zone: str, notes: list[Skipped]) -> None:
    """Give every naive time that carries a TZID a zone, noting each guess once.

    Args:
        calendar: Parsed calendar; its events are changed in place.
        manager_zone: The fallback zone.
        notes: Where the guesses are reported.
    """
    zones = _Zones(calendar, manager_zone, notes)
    for event in calendar.events:
        try:
            _resolve_event(event, zones)
        except ValueError:
            continue  # a broken value: expanding the event reports it


class _Zones:
    """The zone for each unresolved TZID of one file, looked up (and reported) once."""

    def __init__(self, calendar: Calendar, manager_zone: str, notes: list[Skipped]) -> None:
        self._defined = _defined_zones(calendar)
        self._manager_zone = manager_zone
        self._notes = notes
        self._found: dict[str, tzinfo] = {}

    def zone_for(self, tzid: str, when: date) -> tzinfo:
        """The zone to read a time with this TZID in (``when`` is its date)."""
        if tzid not in self._found:
            defined = self._defined.get(_spacing_and_case(tzid))
            tz = defined.to_tz() if defined is not None else None
            if tz is None:
                tz, reason = guess_zone(tzid, self._manager_zone, when)
                self._notes.append(Skipped(f"TZID {tzid!r}", reason))
            self._found[tzid] = tz
        return self._found[tzid]


def _defined_zones(calendar: Calendar) -> dict[str, Timezone]:
    """The file's usable ``VTIMEZONE`` components by their TZID, spacing and case ignored."""
    defined: dict[str, Timezone] = {}
    for component in calendar.timezones:
        try:
            component.to_tz()
            tzid = str(component["TZID"])
        except READ_ERRORS:
            continue  # reading the file reported it; its TZID is guessed like an unknown one
        defined.setdefault(_spacing_and_case(tzid), component)
    return defined


def _spacing_and_case(tzid: str) -> str:
    return " ".join(tzid.split()).casefold()


def _resolve_event(event: Event, zones: _Zones) -> None:
    for name in _SINGLE:
        value = _guessed(event.get(name), zones)
        if value is not None:
            event.pop(name)
            event.add(name, value[0])
    for name in _LISTS:
        _resolve_list(event, name, zones)


def _resolve_list(event: Event, name: str, zones: _Zones) -> None:
    found = event.get(name)
    if found is None:
        return
    properties = found if isinstance(found, list) else [found]
    values: list[date | datetime] = []
    changed = False
    for prop in properties:
        tzid = prop.params.get("TZID")
        for item in prop.dts:
            guess = _guess(tzid, item.dt, zones)
            changed |= guess is not None
            values.append(guess if guess is not None else item.dt)
    if changed:
        event.pop(name)
        for value in values:
            event.add(name, value)


def _guessed(prop: Any, zones: _Zones) -> tuple[datetime] | None:
    if prop is None or not hasattr(prop, "params"):
        return None
    guess = _guess(prop.params.get("TZID"), prop.dt, zones)
    return None if guess is None else (guess,)


def _guess(tzid: str | None, value: object, zones: _Zones) -> datetime | None:
    if tzid is None or not isinstance(value, datetime) or value.tzinfo is not None:
        return None
    return value.replace(tzinfo=zones.zone_for(tzid, value.date()))


def guess_zone(tzid: str, manager_zone: str, when: date) -> tuple[tzinfo, str]:
    """The zone to read a TZID that names no known zone in, and why.

    Args:
        tzid: The name, as the file gives it.
        manager_zone: The zone used when the name says nothing usable.
        when: A date the zone is used on, to check a stated offset against candidate zones.

    Returns:
        The zone and, in words, how it was chosen.
    """
    stated = _stated_offset(tzid)
    named = _display_name_zone(tzid, stated, when)
    if named is not None:
        return ZoneInfo(named), f"Outlook zone name; read as {named}"
    if stated is not None:
        return timezone(stated), "unknown zone; read at its fixed UTC offset"
    return zone(manager_zone), f"unknown zone; read in your zone {manager_zone}"


def _stated_offset(tzid: str) -> timedelta | None:
    offset = _UTC_OFFSET.match(tzid.strip())
    if offset:
        minutes = int(offset["h"]) * 60 + int(offset["m"])
        return timedelta(minutes=minutes if offset["sign"] == "+" else -minutes)
    return timedelta(0) if _UTC_ITSELF.match(tzid.strip()) else None


def _display_name_zone(tzid: str, stated: timedelta | None, when: date) -> str | None:
    """The IANA zone an Outlook display name describes, checked against its stated offset.

    Windows display names list cities (``Canberra, Melbourne, Sydney``) or describe a Windows
    zone (``Eastern Time (US & Canada)`` is ``Eastern Standard Time``); icalendar's CLDR table
    maps Windows zones to IANA ones.
    """
    listed = _REMARK.sub("", _UTC_ITSELF.sub("", _UTC_OFFSET.sub("", tzid.strip())))
    for name in (part.strip() for part in _NAME_PARTS.split(listed) if part.strip()):
        windows = [name, name.replace(" Time", " Standard Time"), f"{name} Standard Time"]
        candidates = [WINDOWS_TO_OLSON[w] for w in windows if w in WINDOWS_TO_OLSON]
        for candidate in [*candidates, *_zones_by_city().get(name.casefold(), [])]:
            if stated is None or stated in _offsets(candidate, when.year):
                return candidate
    return None


@cache
def _zones_by_city() -> dict[str, list[str]]:
    """IANA zones by their city, spelled as in prose (``hong kong``), current areas first."""
    by_city: dict[str, list[str]] = {}
    for key in sorted(available_timezones(), key=lambda k: (not k.startswith(_AREAS), k)):
        city = key.rsplit("/", 1)[-1].replace("_", " ").casefold()
        by_city.setdefault(city, []).append(key)
    return by_city


def _offsets(key: str, year: int) -> set[timedelta | None]:
    """The zone's UTC offsets in January and July: its standard and its summer offset."""
    tz = ZoneInfo(key)
    return {datetime(year, month, 1, tzinfo=tz).utcoffset() for month in (1, 7)}


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
