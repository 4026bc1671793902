"""The touchpoint life cycle: add, accept, dismiss, snooze, move, complete, and listing.

Suggested touchpoints come from the planner (:func:`cadence.planner.service.save_plan`). A user
accepts one (it then keeps its slot on re-planning), dismisses it with a reason, snoozes it until
a later instant, moves it to another slot, or marks it done, which logs the interaction. A user
can also plan a touch themselves: it is accepted from the start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cadence.calendars.busy import list_busy
from cadence.catalogue import all_kinds, kind_by_key
from cadence.errors import NotFoundError, ValidationError
from cadence.events import check_seat_left
from cadence.interactions import log_interaction
from cadence.models import Interaction, Stakeholder, Touchpoint
from cadence.models.touchpoint import PLANNED_BY_YOU
from cadence.planner.candidates import (
    holiday_then,
    reachable_then,
    within_hours,
    working_then,
)
from cadence.planner.loading import kind_from, manager_from, person_from
from cadence.planner.options import channel_for
from cadence.planner.snapshot import Interval, Person
from cadence.settings import load_settings
from cadence.timezones import ensure_utc, zone
from cadence.vocabulary import (
    Channel,
    KindPurpose,
    TouchpointStatus,
    parse_enum,
)
from cadence.wording import weekly_hours_label

S = TouchpointStatus
# Every operation starts from a touch that is still open; dismissed and done ones are final.
_OPEN = frozenset({S.SUGGESTED, S.SNOOZED, S.ACCEPTED})
_PAST = {"accept": "accepted", "dismiss": "dismissed", "snooze": "snoozed", "move": "moved",
         "done": "marked done"}


def get_touchpoint(session: Session, touchpoint_id: int) -> Touchpoint:
    """The touchpoint with ``touchpoint_id``.

    Raises:
        NotFoundError: there is none.
    """
    touchpoint = session.get(Touchpoint, touchpoint_id)
    if touchpoint is None:
        raise NotFoundError(f"no touchpoint with id {touchpoint_id}")
    return touchpoint


def touchpoint_count(session: Session) -> int:
    """How many touchpoints the workspace has ever had planned (any status)."""
    return session.scalar(select(func.count()).select_from(Touchpoint)) or 0


def list_touchpoints(
    session: Session, *, statuses: Iterable[TouchpointStatus] | None = None,
    start: datetime | None = None, end: datetime | None = None,
    stakeholder_id: int | None = None,
) -> list[Touchpoint]:
    """Touchpoints in time order, optionally by status, overlapping ``[start, end)``, by person.

    Each comes with its stakeholder and their account, its event and commitment, which its
    title and a listing need (loaded in one query each, not one per touchpoint).
    """
    query = (select(Touchpoint).order_by(Touchpoint.starts_at, Touchpoint.id)
             .options(selectinload(Touchpoint.stakeholder).selectinload(Stakeholder.account),
                      selectinload(Touchpoint.event), selectinload(Touchpoint.commitment)))
    if statuses is not None:
        query = query.where(Touchpoint.status.in_(list(statuses)))
    if start is not None:
        query = query.where(Touchpoint.ends_at > ensure_utc(start))
    if end is not None:
        query = query.where(Touchpoint.starts_at < ensure_utc(end))
    if stakeholder_id is not None:
        query = query.where(Touchpoint.stakeholder_id == stakeholder_id)
    return list(session.scalars(query))


def accept(session: Session, tp: Touchpoint, now: datetime) -> None:
    """Accept a suggestion: it keeps its slot and counts against the budget from now on.

    Raises:
        ValidationError: it was dismissed or is done (a dismissed touch is re-planned, not
            revived); it overlaps an accepted touch; it takes an event seat none is left of.
    """
    _require(tp, "accept")
    clash = next((t for t in list_touchpoints(session, statuses=[S.ACCEPTED],
                                              start=tp.starts_at, end=tp.ends_at)
                  if t.id != tp.id), None)
    if clash is not None:
        local = zone(tp.timezone)
        raise ValidationError(
            "start", f"{tp.title} with {tp.stakeholder.name} overlaps your {clash.title} with "
            f"{clash.stakeholder.name} at {clash.starts_at.astimezone(local):%H:%M} "
            f"({tp.timezone}); move one of them first")
    if tp.event is not None:
        check_seat_left(session, tp.event, tp.stakeholder_id)
    _set(tp, S.ACCEPTED, now)


def dismiss(session: Session, tp: Touchpoint, reason: str, now: datetime) -> None:
    """Dismiss a touchpoint, keeping the reason the user gave."""
    _require(tp, "dismiss")
    _set(tp, S.DISMISSED, now, reason=reason.strip())


def snooze(session: Session, tp: Touchpoint, until: datetime, now: datetime) -> None:
    """Put a touchpoint aside until ``until``; after that, re-planning may replace it.

    Raises:
        ValidationError: ``until`` is not in the future, or the touchpoint is done or dismissed.
    """
    _require(tp, "snooze")
    until = ensure_utc(until)
    if until <= ensure_utc(now):
        mine = load_settings(session).timezone
        raise ValidationError("until", f"{until.astimezone(zone(mine)):%a %Y-%m-%d %H:%M} "
                                       f"({mine}) is not in the future")
    _set(tp, S.SNOOZED, now)
    tp.snoozed_until = until


def add_touchpoint(
    session: Session, person: Stakeholder, *, kind_key: str, start: datetime, now: datetime,
    channel: str | None = None,
) -> Touchpoint:
    """Plan a touch yourself: an accepted touchpoint with ``person`` at ``start``.

    It lasts as long as the kind does and goes by ``channel``, or by the channel the planner
    would use for that kind with them. Re-planning keeps it, as any accepted touch.

    Raises:
        ValidationError: an unknown kind or channel; an event invitation (invitations come
            from the plan, which keeps count of the seats); a kind they dislike; a channel they
            do not accept; a start in the past, outside either side's hours, or over another
            accepted touch.
    """
    kind = kind_by_key(session, kind_key)
    if kind.purpose is KindPurpose.EVENT_INVITE:
        raise ValidationError("kind", f"invitations ({kind.name}) come from the plan, which "
                              "keeps count of an event's seats: re-plan to get one")
    if kind in person.dislikes:
        raise ValidationError("kind", f"{person.name} dislikes {kind.name}")
    planner_person = person_from(person)
    accepted = ", ".join(person.channels) or "no channel"
    if channel is None:
        chosen = channel_for(planner_person, kind_from(kind))
        if chosen is None:
            raise ValidationError(
                "channel", f"{kind.name} is planned as {kind.channel.value}, which "
                f"{person.name} does not accept ({accepted}): choose the channel")
    else:
        chosen = parse_enum(Channel, channel, "channel").value
        if chosen not in person.channels:
            raise ValidationError("channel", f"{person.name} accepts {accepted}, not {chosen}")
    start = ensure_utc(start)
    slot = Interval(start, start + timedelta(minutes=kind.duration_minutes))
    _check_slot(session, planner_person, slot, now)
    touchpoint = Touchpoint(
        stakeholder=person, kind=kind, channel=Channel(chosen), starts_at=slot.start,
        ends_at=slot.end, timezone=person.timezone, status=S.ACCEPTED, value=0.0,
        reasons=[PLANNED_BY_YOU], created_at=ensure_utc(now), updated_at=ensure_utc(now),
    )
    session.add(touchpoint)
    session.flush()
    return touchpoint


def move(session: Session, tp: Touchpoint, new_start: datetime, now: datetime) -> None:
    """Move a touchpoint to ``new_start``, keeping its duration.

    Raises:
        ValidationError: the new slot is in the past, outside the stakeholder's reachable
            hours (their zone) or the manager's working hours (his zone), or over another
            accepted touch.
    """
    _require(tp, "move")
    new_start = ensure_utc(new_start)
    slot = Interval(new_start, new_start + (tp.ends_at - tp.starts_at))
    _check_slot(session, person_from(tp.stakeholder), slot, now, moving=tp)
    tp.starts_at, tp.ends_at = slot.start, slot.end
    tp.updated_at = ensure_utc(now)


def plannable_kinds(session: Session, person: Stakeholder) -> list[str]:
    """Keys of the kinds :func:`add_touchpoint` takes for ``person`` by the kind's own channel
    with them (no invitation, nothing they dislike, a channel they accept), lightest first."""
    planner_person = person_from(person)
    kinds = [k for k in all_kinds(session)
             if k.purpose is not KindPurpose.EVENT_INVITE and k not in person.dislikes
             and channel_for(planner_person, kind_from(k)) is not None]
    return [k.key for k in sorted(kinds, key=lambda k: (k.duration_minutes + k.prep_minutes,
                                                        k.key))]


def first_open_start(session: Session, person: Stakeholder, *, minutes: int, after: datetime,
                     days: int = 14) -> datetime | None:
    """The first quarter hour at or after ``after`` (within ``days``) at which a touch of
    ``minutes`` with ``person`` fits their reachable hours and your working hours and meets
    none of your accepted touches or busy time: where planning a touch by hand starts."""
    start = ensure_utc(after)
    start += timedelta(minutes=-start.minute % 15, seconds=-start.second,
                       microseconds=-start.microsecond)
    end, length = start + timedelta(days=days), timedelta(minutes=minutes)
    taken = [Interval(t.starts_at, t.ends_at) for t in list_touchpoints(
        session, statuses=[S.ACCEPTED], start=start, end=end + length)]
    taken += [Interval(b.starts_at, b.ends_at) for b in list_busy(session, start, end + length)]
    planner_person, manager = person_from(person), manager_from(load_settings(session))
    at = start
    while at < end:
        slot = Interval(at, at + length)
        if within_hours(planner_person, manager, slot) and not any(
                t.start < slot.end and slot.start < t.end for t in taken):
            return at
        at += timedelta(minutes=15)
    return None


def _check_slot(session: Session, person: Person, slot: Interval, now: datetime,
                moving: Touchpoint | None = None) -> None:
    """Refuse a slot in the past, on a public holiday of either side, outside hours, or
    double-booking the manager (an accepted touch, or busy time from his imported calendars)."""
    local = zone(person.zone)
    when = f"{slot.start.astimezone(local):%a %Y-%m-%d %H:%M} ({person.zone})"
    if slot.start < ensure_utc(now):
        raise ValidationError("start", f"{when} is in the past")
    manager = manager_from(load_settings(session))
    holiday = holiday_then(person.zone, person.holiday_region, slot)
    if holiday is not None:
        raise ValidationError("start", f"{when} is {holiday}, a public holiday for {person.name}")
    # Your own limits are told in your own time.
    yours = f"{slot.start.astimezone(zone(manager.zone)):%a %Y-%m-%d %H:%M} ({manager.zone})"
    holiday = holiday_then(manager.zone, manager.holiday_region, slot)
    if holiday is not None:
        raise ValidationError("start", f"{yours} is {holiday}, a public holiday for you")
    if not reachable_then(person, slot):
        hours = weekly_hours_label(person.reachable_days, person.reachable_start,
                                   person.reachable_end)
        raise ValidationError(
            "start", f"{when} is outside {person.name}'s reachable hours ({hours} {person.zone})")
    if not working_then(manager, slot):
        hours = weekly_hours_label(manager.work_days, manager.work_start, manager.work_end)
        raise ValidationError("start", f"{yours} is outside your working hours ({hours})")
    clash = next((t for t in list_touchpoints(session, statuses=[S.ACCEPTED], start=slot.start,
                                              end=slot.end) if t is not moving), None)
    if clash is not None:
        raise ValidationError(
            "start", f"{when} overlaps your {clash.title} with {clash.stakeholder.name} "
            f"at {clash.starts_at.astimezone(local):%H:%M}")
    # Imported busy time is the manager's own calendar: as much a double booking.
    busy = next(iter(list_busy(session, slot.start, slot.end)), None)
    if busy is not None:
        what = f"“{busy.summary}”" if busy.summary else "time"
        span = ("all day" if busy.all_day else f"{busy.starts_at.astimezone(local):%H:%M}–"
                f"{busy.ends_at.astimezone(local):%H:%M}")
        raise ValidationError("start", f"{when} overlaps your busy {what} ({span}) from "
                              "your imported calendars")


def complete(
    session: Session, tp: Touchpoint, quality: int | None, now: datetime
) -> Interaction:
    """Mark a touchpoint done and log the interaction it was (at its slot, or now if later).

    Returns:
        The logged interaction.

    Raises:
        ValidationError: quality outside 1-5, or the touchpoint was dismissed or is done.
    """
    _require(tp, "done")
    if tp.event is not None:
        check_seat_left(session, tp.event, tp.stakeholder_id)
    now = ensure_utc(now)
    interaction = log_interaction(
        session, tp.stakeholder, kind_key=tp.kind.key, when=min(tp.starts_at, now), now=now,
        channel=tp.channel.value, quality=quality, notes="",
    )
    interaction.touchpoint_id = tp.id
    _set(tp, S.DONE, now)
    return interaction


def touchpoint_as_json(tp: Touchpoint) -> dict[str, object]:
    """The JSON contract for a touchpoint (times ISO 8601 in the stakeholder's zone)."""
    local = zone(tp.timezone)
    return {
        "id": tp.id,
        "stakeholder_id": tp.stakeholder_id,
        "stakeholder": tp.stakeholder.name,
        "kind": tp.kind.key,
        "channel": tp.channel.value,
        "start": tp.starts_at.astimezone(local).isoformat(),
        "end": tp.ends_at.astimezone(local).isoformat(),
        "timezone": tp.timezone,
        "status": tp.status.value,
        "value": tp.value,
        "reasons": list(tp.reasons),
        "event_id": tp.event_id,
        "commitment_id": tp.commitment_id,
        "status_reason": tp.status_reason,
        "snoozed_until": tp.snoozed_until.isoformat() if tp.snoozed_until else None,
        "uid": tp.uid,
    }


def _require(tp: Touchpoint, action: str) -> None:
    if tp.status not in _OPEN:
        raise ValidationError(
            "status", f"touchpoint {tp.id} is {tp.status.value}; it cannot be "
            f"{_PAST[action]} (plan again for a new one)")


def _set(tp: Touchpoint, status: TouchpointStatus, now: datetime, reason: str = "") -> None:
    tp.status = status
    tp.status_reason = reason
    tp.snoozed_until = None
    tp.updated_at = ensure_utc(now)
