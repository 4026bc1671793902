"""Dated events with seats (hackathons, workshops)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.errors import ValidationError
from cadence.models import Event
from cadence.timezones import local_to_utc, validate_zone


def add_event(
    session: Session,
    *,
    name: str,
    day: date,
    seats: int,
    topics: list[str],
    timezone: str,
    kind_key: str = "hackathon",
    start: time = time(9, 0),
    end: time = time(17, 0),
    days: int = 1,
    location: str = "",
    invite_lead_days: int = 14,
) -> Event:
    """Add an event on ``day`` (``days`` long) from ``start`` to ``end`` local time."""
    if not name.strip():
        raise ValidationError("name", "an event needs a name")
    if seats < 0:
        raise ValidationError("seats", f"{seats} seats is negative")
    if days < 1:
        raise ValidationError("days", f"{days} is not a positive number of days")
    if invite_lead_days < 0:
        raise ValidationError("lead", f"{invite_lead_days} days is negative")
    validate_zone(timezone)
    starts = local_to_utc(day, start, timezone)
    ends = local_to_utc(day + timedelta(days=days - 1), end, timezone)
    if ends <= starts:
        raise ValidationError("end", "the event ends before it starts")
    event = Event(
        name=name.strip(), starts_at=starts, ends_at=ends, timezone=timezone, seats=seats,
        topics=list(dict.fromkeys(t.strip().lower() for t in topics if t.strip())),
        kind=kind_by_key(session, kind_key), location=location.strip(),
        invite_lead_days=invite_lead_days,
    )
    session.add(event)
    session.flush()
    return event


def list_events(session: Session, after: datetime | None = None) -> list[Event]:
    """Events by start, optionally only those ending after ``after``."""
    query = select(Event).order_by(Event.starts_at)
    if after is not None:
        query = query.where(Event.ends_at > after)
    return list(session.scalars(query))


def event_as_json(event: Event) -> dict[str, object]:
    """An event for JSON output."""
    return {
        "id": event.id,
        "name": event.name,
        "start": event.starts_at.isoformat(),
        "end": event.ends_at.isoformat(),
        "timezone": event.timezone,
        "seats": event.seats,
        "topics": list(event.topics),
        "kind": event.kind.key,
        "location": event.location,
        "invite_lead_days": event.invite_lead_days,
    }
