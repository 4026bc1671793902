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
    if not name or name != name.strip():
        raise ValidationError("timezone", f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValidationError("timezone", f"unknown time zone {name!r}") from err


def validate_zone(name: str, field: str = "timezone") -> str:
    """Return ``name`` if it is a known IANA zone, else raise naming ``field``."""
    try:
        zone(name)
    except ValidationError as err:
        raise ValidationError(field, err.message) from err
    return name


def all_zone_names() -> list[str]:
    """All IANA zone names, sorted, for pickers."""
    return sorted(available_timezones())


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


def start_of_day_utc(day: date, zone_name: str) -> datetime:
    """Midnight of ``day`` in ``zone_name``, as a UTC instant."""
    return local_to_utc(day, time(0, 0), zone_name)


def days_between(earlier: datetime, later: datetime) -> float:
    """Elapsed days between two aware instants."""
    return (later - earlier) / timedelta(days=1)
