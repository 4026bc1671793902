"""Dated events with seats (hackathons, workshops): add, change, remove.

A seat is taken by each stakeholder with an accepted (or done) touch linked to the event, the
same count the planner uses; an event cannot shrink below the seats taken, nor be removed
while anyone holds one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.errors import NotFoundError, ValidationError
from cadence.field_checks import one_line
from cadence.models import Event, Touchpoint
from cadence.settings import load_settings
from cadence.timezones import (
    check_year,
    given_local_to_utc,
    today_in,
    validate_zone,
    zone,
)
from cadence.vocabulary import AGREED_STATUSES, TouchpointStatus, clean_topics
from cadence.wording import counted

_T = TypeVar("_T")

#: Touches that only propose an invitation: they go when their event goes.
PROPOSED_STATUSES = (TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED)
#: The most days an event may span at its venue (a leap year's worth).
MAX_EVENT_DAYS = 366


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
    url: str = "",
    invite_lead_days: int = 14,
    today: date,
) -> Event:
    """Add an event on ``day`` (``days`` long) from ``start`` to ``end`` local time; ``url``
    is its page (agenda, registration), which its invitations carry.

    Raises:
        ValidationError: a detail is out of range, or the event is over by ``today`` (it
            could take no invitation; a past meeting is logged as an interaction).
    """
    details = _Details(name, day, days, start, end, seats, topics, timezone, location, url,
                       invite_lead_days)
    span = _checked_span(details)
    _check_not_over(details, today, "date", "add an event")
    event = Event(kind=kind_by_key(session, kind_key))
    _set_details(event, details, span)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True, slots=True)
class EventChanges:
    """Fields to set on an event; ``None`` leaves a field as it is. A new ``day`` or zone keeps
    the event's local start and end times; ``start`` is the time on its first day at the venue,
    ``end`` the time on its last."""

    name: str | None = None
    day: date | None = None
    days: int | None = None
    start: time | None = None
    end: time | None = None
    seats: int | None = None
    topics: list[str] | None = None
    timezone: str | None = None
    location: str | None = None
    url: str | None = None
    invite_lead_days: int | None = None
    kind_key: str | None = None


def edit_event(
    session: Session, event: Event, changes: EventChanges, *, today: date | None = None
) -> None:
    """Change an event; every field is checked before any is set.

    A new date or length must leave the event still to come by ``today`` (default: the
    manager's today), as :func:`add_event` requires; an event that is over keeps its days but
    its other fields stay editable (a typo in its name, say).

    Raises:
        ValidationError: a field is invalid, fewer seats than are taken, a new start that
            an accepted invitation would come after, or new days that are over.
    """
    was = _Details.of(event)
    details = _Details(
        _pick(changes.name, was.name), _pick(changes.day, was.day), _pick(changes.days, was.days),
        _pick(changes.start, was.start), _pick(changes.end, was.end),
        _pick(changes.seats, was.seats), _pick(changes.topics, was.topics),
        _pick(changes.timezone, was.timezone), _pick(changes.location, was.location),
        _pick(changes.url, was.url), _pick(changes.invite_lead_days, was.invite_lead_days),
    )
    span = _checked_span(details)
    if (details.day, details.days) != (was.day, was.days):
        field = "date" if details.day != was.day else "days"
        when = today if today is not None else today_in(load_settings(session).timezone)
        _check_not_over(details, when, field, "move an event to days")
    kind = kind_by_key(session, changes.kind_key) if changes.kind_key is not None else None
    taken = seats_taken(session, event.id)
    if details.seats < taken:
        raise ValidationError("seats", f"{counted(taken, 'seat is', 'seats are')} taken "
                                       f"(accepted invitations); it cannot have {details.seats}")
    late = [t for t in _agreed_invitations(session, event) if t.ends_at > span[0]]
    if late:
        first = min(late, key=lambda t: t.starts_at)
        raise ValidationError(
            "day", f"{first.stakeholder.name}'s accepted invitation on "
                   f"{first.local_start:%Y-%m-%d} would come after the new start; move it first")
    _set_details(event, details, span)
    if kind is not None:
        event.kind = kind
    session.flush()


def remove_event(session: Session, event: Event) -> int:
    """Delete an event nobody holds a seat at, with the invitations only proposed for it;
    returns how many of those went.

    Raises:
        ValidationError: someone accepted an invitation (dismiss it first, telling them).
    """
    taken = seats_taken(session, event.id)
    if taken:
        raise ValidationError(
            "event", f"{counted(taken, 'stakeholder has', 'stakeholders have')} a seat at "
                     f"{event.name}; dismiss their invitations first (and tell them)")
    proposed = proposed_invitations(session, event.id)
    for touchpoint in proposed:
        session.delete(touchpoint)
    session.delete(event)
    session.flush()
    return len(proposed)


def seats_taken(session: Session, event_id: int) -> int:
    """How many stakeholders hold a seat: an accepted or done touch linked to the event."""
    return seats_taken_by_event(session, [event_id]).get(event_id, 0)


def seats_taken_by_event(session: Session, event_ids: list[int]) -> dict[int, int]:
    """:func:`seats_taken` for several events in one query (events with none are left out)."""
    query = (select(Touchpoint.event_id, func.count(distinct(Touchpoint.stakeholder_id)))
             .where(Touchpoint.event_id.in_(event_ids), Touchpoint.status.in_(AGREED_STATUSES))
             .group_by(Touchpoint.event_id))
    return {event_id: count for event_id, count in session.execute(query) if event_id is not None}


def check_seat_left(session: Session, event: Event, stakeholder_id: int) -> None:
    """Refuse to agree a touch at ``event`` with a stakeholder who holds no seat there while
    every seat is taken by others."""
    holders = set(session.scalars(select(Touchpoint.stakeholder_id).where(
        Touchpoint.event_id == event.id, Touchpoint.status.in_(AGREED_STATUSES))))
    if stakeholder_id not in holders and len(holders) >= event.seats:
        raise ValidationError(
            "event", f"{event.name} has no seat left ({counted(event.seats, 'seat')}, all "
                     "taken); add a seat to the event first, or dismiss another invitation")


def proposed_invitations(session: Session, event_id: int) -> list[Touchpoint]:
    """The suggested or snoozed touches linked to the event."""
    return list(session.scalars(select(Touchpoint).where(
        Touchpoint.event_id == event_id, Touchpoint.status.in_(PROPOSED_STATUSES))
        .order_by(Touchpoint.id)))


def _agreed_invitations(session: Session, event: Event) -> list[Touchpoint]:
    """The accepted or done touches that invite to the event (over before it begins)."""
    return list(session.scalars(select(Touchpoint).where(
        Touchpoint.event_id == event.id, Touchpoint.status.in_(AGREED_STATUSES),
        Touchpoint.ends_at <= event.starts_at)))


def get_event(session: Session, event_id: int) -> Event:
    """The event with id ``event_id``."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"no event with id {event_id}")
    return event


def list_events(session: Session, after: datetime | None = None) -> list[Event]:
    """Events by start, optionally only those ending after ``after``."""
    query = select(Event).order_by(Event.starts_at)
    if after is not None:
        query = query.where(Event.ends_at > after)
    return list(session.scalars(query))


def local_span(event: Event) -> tuple[datetime, datetime]:
    """The event's start and end at the venue."""
    venue = zone(event.timezone)
    return event.starts_at.astimezone(venue), event.ends_at.astimezone(venue)


def venue_time(event: Event) -> str:
    """"Thu 2027-01-14 09:00-17:00 Europe/Berlin" (with the end's date if it is another)."""
    starts, ends = local_span(event)
    end = f"{ends:%H:%M}" if ends.date() == starts.date() else f"{ends:%a %Y-%m-%d %H:%M}"
    return f"{starts:%a %Y-%m-%d %H:%M}-{end} {event.timezone}"


def venue_days(event: Event) -> tuple[date, int]:
    """The event's first day at the venue and how many days it spans there."""
    starts, ends = local_span(event)
    return starts.date(), (ends.date() - starts.date()).days + 1


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
        "url": event.url,
        "invite_lead_days": event.invite_lead_days,
    }


@dataclass(frozen=True, slots=True)
class _Details:
    """An event's fields as a person gives them: local days and times at the venue."""

    name: str
    day: date
    days: int
    start: time
    end: time
    seats: int
    topics: list[str]
    timezone: str
    location: str
    url: str
    invite_lead_days: int

    @classmethod
    def of(cls, event: Event) -> _Details:
        starts, ends = local_span(event)
        first, days = venue_days(event)
        return cls(event.name, first, days, starts.time(), ends.time(), event.seats,
                   list(event.topics), event.timezone, event.location, event.url,
                   event.invite_lead_days)


def _checked_span(details: _Details) -> tuple[datetime, datetime]:
    """Check every detail; the event's start and end as instants."""
    check_event_fields(details.name, details.seats, details.invite_lead_days, details.url)
    if not 1 <= details.days <= MAX_EVENT_DAYS:
        raise ValidationError(
            "days", f"{details.days} is not a number of days from 1 to {MAX_EVENT_DAYS}")
    check_year(details.day, "date")
    validate_zone(details.timezone)
    starts = given_local_to_utc(details.day, details.start, details.timezone, "hours")
    ends = given_local_to_utc(details.day + timedelta(days=details.days - 1), details.end,
                              details.timezone, "hours")
    if ends <= starts:
        raise ValidationError(
            "hours", f"the event ends ({details.end:%H:%M} on its last day) before it starts "
                   f"({details.start:%H:%M} on its first)")
    return starts, ends


def _check_not_over(details: _Details, today: date, field: str, do: str) -> None:
    """Refuse days that are over by ``today``: such an event could take no invitation (``do``
    says what to do instead, "add an event" or "move an event to days")."""
    last = details.day + timedelta(days=details.days - 1)
    if last < today:
        over = details.day if field == "date" else last
        raise ValidationError(field, f"{over} is over: {do} still to come (a past meeting is "
                                     "logged as an interaction)")


def _set_details(event: Event, details: _Details, span: tuple[datetime, datetime]) -> None:
    """Set the checked ``details`` on ``event`` (``span`` from :func:`_checked_span`)."""
    starts, ends = span
    event.name, event.starts_at, event.ends_at = details.name.strip(), starts, ends
    event.timezone, event.seats = details.timezone, details.seats
    event.location, event.url = details.location.strip(), details.url.strip()
    event.topics = clean_topics(details.topics)
    event.invite_lead_days = details.invite_lead_days


def check_event_fields(name: str, seats: int, invite_lead_days: int, url: str) -> None:
    """An event has a name (one line), no negative seats, a lead time of 0-365 days and, if it
    has a page, a web address.

    Raises:
        ValidationError: naming the field at fault (``lead`` for the lead time).
    """
    if not one_line(name, "name"):
        raise ValidationError("name", "an event needs a name")
    if seats < 0:
        raise ValidationError("seats", f"{seats} seats is negative")
    if not 0 <= invite_lead_days <= 365:
        raise ValidationError("lead", f"{invite_lead_days} days is not from 0 to 365")
    _check_url(url.strip())


def _check_url(url: str) -> None:
    """An event's page is a web address (or none): invitations and calendars link to it."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise ValidationError("url", f"{url!r} is not a web address (https://...)")


def _pick(new: _T | None, old: _T) -> _T:
    return old if new is None else new
