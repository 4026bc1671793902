"""Time-zone names and instants: everything stored is UTC with an IANA zone name beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from cadence.errors import ValidationError


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """Return the zone for an IANA name.

    Raises:
        ValidationError: the name is not a known IANA zone.
    """
    if not name or name != name.strip() or _not_a_zone(name):
        raise ValidationError("timezone", f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValidationError("timezone", f"unknown time zone {name!r}") from err


def _not_a_zone(name: str) -> bool:
    # The system's tz directory also holds files that ZoneInfo opens but that are no zone a
    # person is in: "right/Europe/Berlin" (a leap-second variant whose offsets come out
    # wrong), "posix/...", and "localtime" (whatever zone this machine is set to).
    return name.startswith(("right/", "posix/")) or name in _NOT_ZONES


_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


#: The years dates may fall in: well beyond a plan's horizon and a relationship's history,
#: and far enough inside the calendar that date arithmetic on them never overflows.
YEARS = range(1900, 2200)


def check_year(day: date, field: str) -> date:
    """Return ``day`` if its year is one of :data:`YEARS`, else raise naming ``field``."""
    if day.year not in YEARS:
        raise ValidationError(field, f"{day.isoformat()} is outside the years "
                                     f"{YEARS.start}-{YEARS.stop - 1}")
    return day


def validate_zone(name: str, field: str = "timezone") -> str:
    """Return ``name`` if it is a known IANA zone, else raise naming ``field``."""
    try:
        zone(name)
    except ValidationError as err:
        raise ValidationError(field, err.message) from err
    return name


def all_zone_names() -> list[str]:
    """All IANA zone names, sorted, for pickers."""
    return sorted(z for z in available_timezones() if not _not_a_zone(z))


def utcnow() -> datetime:
    """The current instant, aware, in UTC (the one place the core reads the wall clock)."""
    return datetime.now(UTC)


def today_in(zone_name: str, now: datetime | None = None) -> date:
    """The calendar date it is in ``zone_name`` at ``now`` (default: the current instant)."""
    return (now or utcnow()).astimezone(zone(zone_name)).date()


def ensure_utc(value: datetime) -> datetime:
    """Convert an aware datetime to UTC; a naive one is refused (ambiguous by design)."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value.isoformat()} where an instant is required")
    return value.astimezone(UTC)


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``zone_name``."""
    return datetime.combine(day, at, tzinfo=zone(zone_name)).astimezone(UTC)


def given_local_to_utc(day: date, at: time, zone_name: str, field: str) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``zone_name``, as a person gave it.

    A time the clocks skip that night is refused rather than moved on by the gap (which is how
    :func:`local_to_utc` reads it, as RFC 5545 does for files); a time they repeat is the
    first of the two.

    Raises:
        ValidationError: naming ``field``: the time does not exist on that day in that zone.
    """
    tz = zone(zone_name)
    wall = datetime.combine(day, at)
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        raise ValidationError(field, f"{at:%H:%M} does not exist on {day} in {zone_name}: the "
                                     f"clocks go forward {_gap(wall, tz)} that night")
    return instant


def _gap(wall: datetime, tz: ZoneInfo) -> str:
    """How far the clocks jump over ``wall`` (zoneinfo reads a skipped time with the offset
    before the gap, or, with ``fold=1``, the one after it)."""
    before, after = wall.replace(tzinfo=tz).utcoffset(), wall.replace(tzinfo=tz, fold=1).utcoffset()
    minutes = abs(int(((after or timedelta(0)) - (before or timedelta(0))) / timedelta(minutes=1)))
    return "an hour" if minutes == 60 else f"{minutes} minutes"


def start_of_day_utc(day: date, zone_name: str) -> datetime:
    """Midnight of ``day`` in ``zone_name``, as a UTC instant."""
    return local_to_utc(day, time(0, 0), zone_name)


def days_between(earlier: datetime, later: datetime) -> float:
    """Elapsed days between two aware instants."""
    return (later - earlier) / timedelta(days=1)
