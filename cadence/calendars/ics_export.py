"""Touchpoints as an iCalendar file that calendar apps update instead of duplicating.

Each touchpoint is one ``VEVENT`` whose ``UID`` never changes and whose ``SEQUENCE`` rises
whenever the entry written differs from the one written before
(:mod:`cadence.calendars.entry_revision`), so re-importing or re-reading a subscribed file
updates the entries in place. Cancellations (``STATUS:CANCELLED``) are written in every export
until the entry ended :data:`KEEP_CANCELLING` ago: for a touch that was exported and is
dismissed or deleted since (:mod:`cadence.models.withdrawn_entry`), in every file; for a touch
still planned but left out of this export (window, status, people), only in a file that
published it before (:mod:`cadence.models.published_entry`).

:func:`build_calendar` is pure (data and ``now`` in, a calendar out); :func:`export_ics` reads the
database, writes the file atomically and records what was written (with each entry's revision).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress
from icalendar.enums import STATUS, TRANSP
from sqlalchemy import ColumnElement, Select, delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from cadence import __version__
from cadence.atomic_write import write_bytes_atomically
from cadence.calendars.entry_revision import Revision, entry_digest, record_revisions, revise
from cadence.calendars.vtimezone import vtimezone
from cadence.errors import NotFoundError, ValidationError
from cadence.events import venue_time
from cadence.models import Commitment, PublishedEntry, Touchpoint, WithdrawnEntry
from cadence.models import Event as SeatedEvent
from cadence.models.touchpoint import calendar_loads
from cadence.settings import load_settings
from cadence.timezones import start_of_day_utc, zone
from cadence.vocabulary import AGREED_STATUSES, CommitmentStatus, TouchpointStatus

PRODID = f"-//Cadence//Cadence {__version__}//EN"
CALENDAR_NAME = "Cadence touchpoints"

# Which statuses each ``--status`` choice publishes. Done touches stay: they happened.
EXPORTED_STATUSES: dict[str, frozenset[TouchpointStatus]] = {
    "accepted": frozenset({TouchpointStatus.ACCEPTED, TouchpointStatus.DONE}),
    "all": frozenset(
        {
            TouchpointStatus.ACCEPTED,
            TouchpointStatus.DONE,
            TouchpointStatus.SUGGESTED,
            TouchpointStatus.SNOOZED,
        }
    ),
}
METHODS = ("PUBLISH", "REQUEST", "CANCEL")
INVITATION_METHODS = frozenset({"REQUEST", "CANCEL"})
#: How long after an entry's end its cancellation is still written: long enough for every
#: calendar fed by the file to have read it, and no file grows with cancellations forever.
KEEP_CANCELLING = timedelta(days=30)
# RFC 5545 3.3.11: TEXT excludes control characters but HTAB; line feeds are escaped.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\x7f]")
_UPDATE_BATCH = 900


@dataclass(frozen=True)
class Organizer:
    """The account manager as the organiser of an invitation."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class ExportContext:
    """What :func:`build_calendar` needs besides the touchpoints themselves.

    Attributes:
        calendar_uid: The calendar's own stable ``UID``.
        cancelled_ids: Touchpoints to write as ``STATUS:CANCELLED``.
        open_commitments: Per stakeholder id, the open promises to list in descriptions.
        method: ``PUBLISH`` for a calendar, ``REQUEST`` for an invitation, ``CANCEL`` for
            withdrawing one.
        organizer: Required when attendees are written; its name also goes into the
            invitation's ``SUMMARY``.
        name: The calendar's display name.
        home_zone: The manager's zone: its ``VTIMEZONE`` is the component of a calendar with
            no entries (RFC 5545 3.6 requires at least one).
    """

    calendar_uid: str
    cancelled_ids: frozenset[int] = frozenset()
    open_commitments: Mapping[int, Sequence[Commitment]] = field(default_factory=dict)
    method: str = "PUBLISH"
    organizer: Organizer | None = None
    name: str = CALENDAR_NAME
    home_zone: str = "UTC"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file, the live and the cancelled touchpoints."""

    path: Path
    exported: int
    cancelled: int
    zones: tuple[str, ...]


def build_calendar(
    touchpoints: Iterable[Touchpoint],
    *,
    context: ExportContext,
    now: datetime,
    alarm_minutes: int | None,
    with_attendees: bool = False,
    withdrawn: Sequence[WithdrawnEntry] = (),
    revisions: list[Revision] | None = None,
) -> Calendar:
    """Build the calendar of ``touchpoints`` (pure: no database, no clock).

    Args:
        touchpoints: The touchpoints to write, with their stakeholder, kind and event loaded.
        withdrawn: Entries of deleted touchpoints, written as ``STATUS:CANCELLED``.
        context: Calendar identity, cancellations, commitments and method.
        now: The ``DTSTAMP`` of every event.
        alarm_minutes: Minutes before the start for a display alarm; ``None`` for none.
        with_attendees: Write the invitation to the stakeholder: ``ORGANIZER``, the
            stakeholder as ``ATTENDEE``, and only what they may read.
        revisions: If given, each entry's ``SEQUENCE`` is revised against what was written
            before (:func:`~cadence.calendars.entry_revision.revise`), and the revisions to
            record once the file is written are appended here; otherwise the stored ones
            are written.

    Returns:
        A calendar with one ``VEVENT`` per touchpoint and withdrawn entry, and a ``VTIMEZONE``
        per zone used (the manager's alone when there is nothing else to write).

    Raises:
        ValidationError: attendees were asked for without an organiser or stakeholder e-mail.
    """
    if context.method not in METHODS:
        raise ValidationError("method", f"{context.method!r} is not one of {', '.join(METHODS)}")
    organizer = _organizer(context) if with_attendees else None
    calendar = Calendar.new(
        prodid=PRODID, method=context.method, name=context.name, uid=context.calendar_uid
    )
    ordered = sorted(touchpoints, key=lambda tp: (tp.starts_at, tp.uid))
    gone = sorted(withdrawn, key=lambda entry: (entry.starts_at, entry.uid))
    for used in _timezones([*ordered, *gone]):
        calendar.add_component(used)
    if not ordered and not gone:
        # RFC 5545 3.6: a calendar holds at least one component; strict readers refuse none.
        calendar.add_component(vtimezone(context.home_zone, now.year, now.year + 1))
    stamp = now.astimezone(UTC)
    for touchpoint in ordered:
        entry = _entry(touchpoint, context)
        digest = entry_digest(entry)
        revision = (revise(touchpoint, digest, now) if revisions is not None
                    else Revision(touchpoint, touchpoint.sequence, digest,
                                  touchpoint.revised_at or touchpoint.updated_at))
        if revisions is not None:
            revisions.append(revision)
        calendar.add_component(_event(touchpoint, entry, stamp, revision, organizer=organizer,
                                      method=context.method, alarm_minutes=alarm_minutes))
    for gone_entry in gone:
        calendar.add_component(_withdrawn_event(gone_entry, stamp, organizer))
    return calendar


def _organizer(context: ExportContext) -> Organizer:
    """The invitation's organiser, checked."""
    if context.organizer is None or not context.organizer.email:
        raise ValidationError("organizer", "an invitation needs the organiser's e-mail address")
    return context.organizer


def guest_summary(guest_title: str, manager: str) -> str:
    """An invitation's ``SUMMARY`` as the stakeholder reads it: what it is and who it is with
    (the manager), never their own name and company."""
    return f"{guest_title} with {manager}" if manager.strip() else guest_title


def _withdrawn_event(entry: WithdrawnEntry, stamp: datetime,
                     organizer: Organizer | None) -> Event:
    """The cancellation of a deleted touchpoint's entry (its ``SEQUENCE`` already raised), or
    with ``organizer`` that of the invitation sent for it."""
    tz = zone(entry.timezone)
    summary = guest_summary(entry.guest_title, organizer.name) if organizer else entry.summary
    event = Event.new(
        uid=entry.uid, stamp=stamp, last_modified=entry.withdrawn_at.astimezone(UTC),
        sequence=entry.sequence, start=local_or_utc(entry.starts_at, tz),
        end=local_or_utc(entry.ends_at, tz), summary=ics_text(summary),
        status=STATUS.CANCELLED, transparency=TRANSP.TRANSPARENT,
    )
    if organizer is not None:
        _add_attendees(event, organizer, (entry.attendee_email, ics_text(entry.attendee_name)),
                       reply=False)
    return event


@dataclass(frozen=True)
class _Entry:
    """What a touchpoint's entry says, in the manager's calendar and in the invitation to the
    stakeholder (``guest_*``, ``attendee``).

    Its digest decides ``SEQUENCE``: the number follows the event, whichever of the two a file
    holds. Per-file presentation (alarm, method, organiser's address) is left out, so writing
    the same event to another file or as an invitation raises nothing (RFC 5546 2.1.4).
    """

    start: datetime
    end: datetime
    status: STATUS
    location: str | None
    url: str | None
    summary: str
    description: str
    categories: tuple[str, ...]
    guest_summary: str
    guest_description: str
    attendee: tuple[str, str]


def _entry(touchpoint: Touchpoint, context: ExportContext) -> _Entry:
    tz = zone(touchpoint.timezone)
    location, url = _place(touchpoint)
    stakeholder = touchpoint.stakeholder
    description = description_of(
        touchpoint, context.open_commitments.get(touchpoint.stakeholder_id, ()))
    manager = context.organizer.name if context.organizer else ""
    return _Entry(
        start=local_or_utc(touchpoint.starts_at, tz), end=local_or_utc(touchpoint.ends_at, tz),
        status=_status(touchpoint, cancelled=touchpoint.id in context.cancelled_ids),
        location=ics_text(location) if location else None, url=url,
        summary=ics_text(touchpoint.calendar_summary), description=ics_text(description),
        categories=tuple(ics_text(c) for c in (touchpoint.kind.name, stakeholder.account.name)),
        guest_summary=ics_text(guest_summary(touchpoint.guest_title, manager)),
        guest_description=ics_text(invitation_description(touchpoint)),
        attendee=(stakeholder.email, ics_text(stakeholder.name)),
    )


def _event(touchpoint: Touchpoint, entry: _Entry, stamp: datetime, revision: Revision, *,
           organizer: Organizer | None, method: str, alarm_minutes: int | None) -> Event:
    # An invitation goes to the stakeholder: it carries what they need to know, never the
    # manager's notes (reasons, topics to avoid, budgets, categories, the manager's alarm).
    invitation = organizer is not None
    event = Event.new(
        uid=touchpoint.uid,
        stamp=stamp,
        created=touchpoint.created_at.astimezone(UTC),
        last_modified=revision.revised_at.astimezone(UTC),
        sequence=revision.sequence,
        start=entry.start,
        end=entry.end,
        summary=entry.guest_summary if invitation else entry.summary,
        description=entry.guest_description if invitation else entry.description,
        categories=() if invitation else entry.categories,
        location=entry.location,
        url=entry.url,
        status=entry.status,
        transparency=TRANSP.TRANSPARENT if entry.status is STATUS.CANCELLED else TRANSP.OPAQUE,
    )
    if organizer is not None:
        _add_attendees(event, organizer, entry.attendee, reply=method == "REQUEST")
    elif alarm_minutes is not None and entry.status is not STATUS.CANCELLED:
        event.add_component(
            Alarm.new_display(
                description=entry.summary, trigger=timedelta(minutes=-alarm_minutes)
            )
        )
    return event


def local_or_utc(instant: datetime, tz: ZoneInfo) -> datetime:
    """``instant`` as wall-clock time in ``tz``, or in UTC where the wall clock is ambiguous.

    In the hour repeated when clocks go back, a local time with a TZID means its first
    occurrence (RFC 5545 3.3.5); an instant in the second one can only be written in UTC.
    """
    local = instant.astimezone(tz)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def description_of(touchpoint: Touchpoint, open_commitments: Sequence[Commitment]) -> str:
    """``DESCRIPTION``: why, the agenda, topics to avoid and open promises to this person."""
    parts: list[str] = [f"Channel: {touchpoint.channel.value}"]
    if touchpoint.event is not None:
        parts.append(_event_line(touchpoint.event))
    if touchpoint.reasons:
        parts.append("Why:\n" + "\n".join(f"- {reason}" for reason in touchpoint.reasons))
    if touchpoint.agenda.strip():
        parts.append("Agenda:\n" + touchpoint.agenda.strip())
    if touchpoint.stakeholder.avoid_topics:
        parts.append("Topics to avoid: " + ", ".join(touchpoint.stakeholder.avoid_topics))
    if open_commitments:
        promises = sorted(open_commitments, key=lambda c: (c.due_on, c.id))
        parts.append(
            "Open commitments:\n"
            + "\n".join(f"- {c.what} (due {c.due_on.isoformat()})" for c in promises)
        )
    return "\n\n".join(parts)


def invitation_description(touchpoint: Touchpoint) -> str:
    """An invitation's ``DESCRIPTION``: how you meet, the event, the promise it reports on and
    the agenda; what the stakeholder may read, nothing from the manager's own notes."""
    parts: list[str] = [f"Channel: {touchpoint.channel.value}"]
    if touchpoint.event is not None:
        parts.append(_event_line(touchpoint.event))
    if touchpoint.commitment is not None:
        parts.append(f"Update on: {touchpoint.commitment.what}")
    if touchpoint.agenda.strip():
        parts.append("Agenda:\n" + touchpoint.agenda.strip())
    return "\n\n".join(parts)


def ics_text(text: str) -> str:
    """``text`` as RFC 5545 allows it in a TEXT value: control characters other than tab
    and line breaks (which are escaped) dropped, since strict readers reject the file."""
    return _CONTROLS.sub("", text)


def _event_line(event: SeatedEvent) -> str:
    """The event a touch invites to (or is held at): what an invitation needs to say."""
    details = [event.name, venue_time(event), event.location, event.url]
    return "Event: " + ", ".join(d for d in details if d)


def _place(touchpoint: Touchpoint) -> tuple[str | None, str | None]:
    """``LOCATION`` and ``URL``: the event's; an invitation is not held at the venue."""
    event = touchpoint.event
    if event is None:
        return None, None
    location = None if touchpoint.invites_to_event else event.location or None
    return location, event.url or None


def _status(touchpoint: Touchpoint, *, cancelled: bool) -> STATUS:
    if cancelled:
        return STATUS.CANCELLED
    if touchpoint.status in AGREED_STATUSES:
        return STATUS.CONFIRMED
    return STATUS.TENTATIVE


def _add_attendees(event: Event, organizer: Organizer, attendee: tuple[str, str], *,
                   reply: bool) -> None:
    """``ORGANIZER`` and the stakeholder as ``ATTENDEE``; a reply is asked for a request only
    (RFC 5546 3.2.5: a cancellation expects none)."""
    email, name = attendee
    if not email:
        raise ValidationError("invite", f"{name} has no e-mail address to send the invitation to")
    event.organizer = vCalAddress.new(organizer.email, cn=organizer.name or None)
    if reply:
        address = vCalAddress.new(email, cn=name, role="REQ-PARTICIPANT",
                                  partstat="NEEDS-ACTION", rsvp=True)
    else:
        address = vCalAddress.new(email, cn=name, role="REQ-PARTICIPANT")
    event.attendees = [address]


def _timezones(entries: Sequence[Touchpoint | WithdrawnEntry]) -> list[Timezone]:
    """One ``VTIMEZONE`` per zone used, covering the local years its entries span (a day west
    of UTC may still be the year before)."""
    years: dict[str, set[int]] = {}
    for entry in entries:
        if entry.timezone != "UTC":
            tz = zone(entry.timezone)
            years.setdefault(entry.timezone, set()).update(
                (entry.starts_at.astimezone(tz).year, entry.ends_at.astimezone(tz).year))
    return [vtimezone(name, min(span), max(span)) for name, span in sorted(years.items())]


def export_ics(
    session: Session,
    path: Path,
    *,
    status: str = "accepted",
    start: date | None = None,
    end: date | None = None,
    stakeholder_ids: list[int] | None = None,
    now: datetime,
    method: str = "PUBLISH",
    invite_id: int | None = None,
    organizer: Organizer | None = None,
    alarm: bool = True,
) -> ExportResult:
    """Write the touchpoints to ``path`` as iCalendar, atomically, and mark them exported.

    Cancellations (``STATUS:CANCELLED``) are written for entries that ended less than
    :data:`KEEP_CANCELLING` ago: for touches dismissed after they were exported and for
    deleted ones in every export, and for touches still planned but not selected (outside the
    window, not of the chosen status, not of the chosen people) only when this file published
    them before. An invitation (``REQUEST``) holds just its touchpoint and marks nothing
    exported: it goes to the stakeholder, so only for an accepted (or done) touch; for a
    dismissed touch, or one deleted with its stakeholder, it is the invitation's cancellation
    (``CANCEL``).

    Args:
        session: The open unit of work.
        path: The file to (re)write.
        status: ``accepted`` (accepted and done touches) or ``all`` (also suggested, snoozed).
        start: First day included (manager's zone); ``None`` for no limit.
        end: Last day included (manager's zone); ``None`` for no limit.
        stakeholder_ids: Only these stakeholders' touchpoints (and cancellations).
        now: The export instant (``DTSTAMP`` and ``exported_at``).
        method: ``PUBLISH``, or ``REQUEST``/``CANCEL`` for an invitation (needs
            ``invite_id``; which of the two follows from the touch's status).
        invite_id: The one touchpoint to write as an invitation with attendees.
        organizer: The manager's address for an invitation.
        alarm: Add the reminder configured in the settings (``False``: none).

    Returns:
        What was written.

    Raises:
        ValidationError: a bad status, method, date range or invitation (such as one for a
            touch only suggested or snoozed).
        NotFoundError: the invited touchpoint does not exist.
        CadenceError: the file cannot be written.
    """
    settings = load_settings(session)
    if status not in EXPORTED_STATUSES:
        raise ValidationError("status", f"{status!r} is not one of: accepted, all")
    if start is not None and end is not None and end < start:
        raise ValidationError("to", f"{end} is before {start}")
    target = path.expanduser().resolve()
    published: set[str] = set()
    withdrawn: list[WithdrawnEntry] = []
    live: list[Touchpoint] = []
    cancelled: list[Touchpoint] = []
    if invite_id is not None or method in INVITATION_METHODS:
        invited = _invited(session, invite_id)
        if isinstance(invited, WithdrawnEntry):
            # Deleted with its stakeholder: what was kept of it still withdraws the invitation.
            method, withdrawn = "CANCEL", [invited]
        elif invited.status is TouchpointStatus.DISMISSED:
            # A dismissed touch's invitation is withdrawn: the stakeholder's calendar drops it.
            method, cancelled = "CANCEL", [invited]
        else:
            method, live = "REQUEST", [invited]
    else:
        published = _published(session, str(target))
        horizon = now - KEEP_CANCELLING
        live, cancelled = _selection(
            session, EXPORTED_STATUSES[status], _window(start, end, settings.timezone),
            stakeholder_ids, str(target), published, horizon,
        )
        withdrawn = _withdrawn(session, stakeholder_ids, str(target), horizon)
    context = ExportContext(
        calendar_uid=str(uuid.uuid5(uuid.NAMESPACE_URL, target.as_uri())),
        cancelled_ids=frozenset(tp.id for tp in cancelled),
        # Every entry lists its person's open promises, whichever file it is in, so the entry
        # (and its SEQUENCE) does not depend on what else the file holds.
        open_commitments=_open_commitments(
            session, {tp.stakeholder_id for tp in [*live, *cancelled]}),
        method=method,
        organizer=Organizer(organizer.email if organizer else "",
                            (organizer.name if organizer else "") or settings.name),
        home_zone=settings.timezone,
    )
    revisions: list[Revision] = []
    calendar = build_calendar(
        [*live, *cancelled],
        context=context,
        now=now,
        alarm_minutes=settings.alarm_minutes if alarm else None,
        with_attendees=method in INVITATION_METHODS,
        withdrawn=withdrawn,
        revisions=revisions,
    )
    # Through a symbolic link (a file in a synced or served folder linked from home) to the
    # file it names: replacing the link itself would leave that file stale, and this file's
    # record of what it published is kept under the resolved path.
    write_bytes_atomically(target, calendar.to_ical())
    record_revisions(session, revisions)
    if method == "PUBLISH":
        # An invitation goes to the stakeholder, not into the manager's calendar.
        _mark_exported(session, live, now)
        # What this file holds now, and the cancellations it still owes for what it held.
        held = ({tp.uid for tp in cancelled} | {e.uid for e in withdrawn}) & published
        _record_published(session, str(target), published, {tp.uid for tp in live} | held)
    elif method == "REQUEST":
        _record_published(session, _addressee(live[0]), set(), {live[0].uid})
    return ExportResult(
        path=path,
        exported=len(live),
        cancelled=len(cancelled) + len(withdrawn),
        zones=tuple(sorted({tp.timezone for tp in [*live, *cancelled]}
                           | {entry.timezone for entry in withdrawn})),
    )


def _window(start: date | None, end: date | None, zone_name: str) -> tuple[datetime, datetime]:
    low = start_of_day_utc(start, zone_name) if start else datetime.min.replace(tzinfo=UTC)
    high = (
        start_of_day_utc(end + timedelta(days=1), zone_name)
        if end
        else datetime.max.replace(tzinfo=UTC)
    )
    return low, high


def _selection(
    session: Session,
    statuses: frozenset[TouchpointStatus],
    window: tuple[datetime, datetime],
    stakeholder_ids: list[int] | None,
    target: str,
    published: set[str],
    horizon: datetime,
) -> tuple[list[Touchpoint], list[Touchpoint]]:
    """The touchpoints to publish, and those to cancel: dismissed after an export, or left
    out of the selection but published by this file before; neither once it ended before
    ``horizon``."""
    query = select(Touchpoint).options(*calendar_loads())
    chosen = set(stakeholder_ids) if stakeholder_ids is not None else None
    if stakeholder_ids is not None:
        # Other people's touches this file published are cancelled here too.
        query = query.where(Touchpoint.stakeholder_id.in_(stakeholder_ids)
                            | Touchpoint.uid.in_(_published_query(target)))
    live: list[Touchpoint] = []
    cancelled: list[Touchpoint] = []
    low, high = window
    for touchpoint in session.scalars(query):
        selected = chosen is None or touchpoint.stakeholder_id in chosen
        if selected and touchpoint.status in statuses and low <= touchpoint.starts_at < high:
            live.append(touchpoint)
        elif touchpoint.ends_at < horizon:
            continue  # long over: no calendar needs its cancellation any more
        elif touchpoint.uid in published or (
                selected and touchpoint.status is TouchpointStatus.DISMISSED
                and touchpoint.exported_at is not None):
            cancelled.append(touchpoint)
    return live, cancelled


def _withdrawn(session: Session, stakeholder_ids: list[int] | None, target: str,
               horizon: datetime) -> list[WithdrawnEntry]:
    """The entries of deleted exported touchpoints (of these stakeholders only, if given, and
    those this file published), but those that ended before ``horizon``."""
    kept: ColumnElement[bool] = WithdrawnEntry.exported.is_(True)
    if stakeholder_ids is not None:
        kept &= WithdrawnEntry.stakeholder_id.in_(stakeholder_ids)
    query = select(WithdrawnEntry).where(
        WithdrawnEntry.ends_at >= horizon,
        kept | WithdrawnEntry.uid.in_(_published_query(target)))
    return list(session.scalars(query))


def _published_query(target: str) -> Select[str]:
    return select(PublishedEntry.uid).where(PublishedEntry.target == target)


def _published(session: Session, target: str) -> set[str]:
    """The ``UID`` s ``target`` was sent and may still need cancelling."""
    return set(session.scalars(_published_query(target)))


def _record_published(session: Session, target: str, before: set[str], now: set[str]) -> None:
    """Record that ``target`` holds the entries ``now`` (it held ``before``)."""
    gone = sorted(before - now)
    for first in range(0, len(gone), _UPDATE_BATCH):
        session.execute(delete(PublishedEntry).where(
            PublishedEntry.target == target,
            PublishedEntry.uid.in_(gone[first:first + _UPDATE_BATCH])))
    new = [{"target": target, "uid": uid} for uid in sorted(now - before)]
    if new:
        session.execute(insert(PublishedEntry).prefix_with("OR IGNORE"), new)


def _addressee(touchpoint: Touchpoint) -> str:
    """An invitation's target: the stakeholder's address."""
    return f"mailto:{touchpoint.stakeholder.email.lower()}"


def sent_invitations(session: Session, stakeholder_id: int) -> list[int]:
    """Ids of the stakeholder's touches, not dismissed, that were sent to them as an
    invitation: removing them leaves those in their calendar until ``--invite`` cancels them."""
    query = (select(Touchpoint.id).join(PublishedEntry, PublishedEntry.uid == Touchpoint.uid)
             .where(Touchpoint.stakeholder_id == stakeholder_id,
                    Touchpoint.status != TouchpointStatus.DISMISSED,
                    PublishedEntry.target.startswith("mailto:"))
             .distinct().order_by(Touchpoint.id))
    return list(session.scalars(query))


def _invited(session: Session, touchpoint_id: int | None) -> Touchpoint | WithdrawnEntry:
    """The touch to invite to, or whose invitation to cancel: a live one, else what was kept
    of one deleted with its stakeholder."""
    if touchpoint_id is None:
        raise ValidationError("invite", "an invitation is for one touchpoint: give its id")
    touchpoint = session.scalars(
        select(Touchpoint).options(*calendar_loads()).where(Touchpoint.id == touchpoint_id)
    ).one_or_none()
    if touchpoint is None:
        # SQLite may have given a deleted touch's id to another since: the latest is meant.
        entry = session.scalars(
            select(WithdrawnEntry).where(WithdrawnEntry.touchpoint_id == touchpoint_id)
            .order_by(WithdrawnEntry.withdrawn_at.desc())).first()
        if entry is None:
            raise NotFoundError(f"no touchpoint with id {touchpoint_id}")
        return entry
    if (touchpoint.status is TouchpointStatus.DISMISSED and touchpoint.published_digest is None
            and touchpoint.exported_at is None):
        raise ValidationError("invite", f"touchpoint {touchpoint_id} was dismissed before any "
                                        "invitation or calendar had it: nothing to cancel")
    # An invitation reaches the client: it asks for a touch the manager has agreed to.
    if touchpoint.status in (TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED):
        raise ValidationError(
            "invite", f"touchpoint {touchpoint_id} is only {touchpoint.status.value}: accept "
                      f"it first (cadence touchpoint accept {touchpoint_id})")
    return touchpoint


def _open_commitments(
    session: Session, stakeholder_ids: set[int]
) -> dict[int, list[Commitment]]:
    found: dict[int, list[Commitment]] = {}
    if not stakeholder_ids:
        return found
    query = select(Commitment).where(
        Commitment.stakeholder_id.in_(stakeholder_ids),
        Commitment.status == CommitmentStatus.OPEN,
    )
    for commitment in session.scalars(query):
        found.setdefault(commitment.stakeholder_id, []).append(commitment)
    return found


def _mark_exported(session: Session, touchpoints: list[Touchpoint], now: datetime) -> None:
    """Record the export without touching ``updated_at`` (it is the event's LAST-MODIFIED)."""
    # Batches stay under SQLite's limit on bound parameters per statement.
    ids = [tp.id for tp in touchpoints]
    for first in range(0, len(ids), _UPDATE_BATCH):
        session.execute(
            update(Touchpoint)
            .where(Touchpoint.id.in_(ids[first : first + _UPDATE_BATCH]))
            .values(exported_at=now, updated_at=Touchpoint.updated_at),
            execution_options={"synchronize_session": False},
        )
    for touchpoint in touchpoints:
        # The loaded objects learn the new value as already saved, so no flush repeats it.
        set_committed_value(touchpoint, "exported_at", now)
