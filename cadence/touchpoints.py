"""The touchpoint life cycle: accept, dismiss, snooze, move, complete, and listing.

Suggested touchpoints come from the planner (:func:`cadence.planner.service.save_plan`). A user
accepts one (it then keeps its slot on re-planning), dismisses it with a reason, snoozes it until
a later instant, moves it to another slot, or marks it done, which logs the interaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cadence.errors import NotFoundError, ValidationError
from cadence.interactions import log_interaction
from cadence.models import Touchpoint
from cadence.planner.candidates import within_hours
from cadence.planner.loading import manager_from, person_from
from cadence.planner.snapshot import Interval
from cadence.settings import load_settings
from cadence.timezones import ensure_utc, zone
from cadence.vocabulary import TouchpointStatus

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

    Each comes with its stakeholder, event and commitment, which its title and a listing need
    (loaded in one query each, not one per touchpoint).
    """
    query = (select(Touchpoint).order_by(Touchpoint.starts_at, Touchpoint.id)
             .options(selectinload(Touchpoint.stakeholder), selectinload(Touchpoint.event),
                      selectinload(Touchpoint.commitment)))
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
            revived).
    """
    _require(tp, "accept")
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
        raise ValidationError("until", f"{until.isoformat()} is not in the future")
    _set(tp, S.SNOOZED, now)
    tp.snoozed_until = until


def move(session: Session, tp: Touchpoint, new_start: datetime, now: datetime) -> None:
    """Move a touchpoint to ``new_start``, keeping its duration.

    Raises:
        ValidationError: the new slot is in the past, or outside the stakeholder's reachable
            hours (their zone) or the manager's working hours (his zone).
    """
    _require(tp, "move")
    new_start = ensure_utc(new_start)
    if new_start < ensure_utc(now):
        raise ValidationError("start", f"{new_start.isoformat()} is in the past")
    slot = Interval(new_start, new_start + (tp.ends_at - tp.starts_at))
    person = person_from(tp.stakeholder)
    if not within_hours(person, manager_from(load_settings(session)), slot):
        raise ValidationError(
            "start", f"{new_start.isoformat()} is outside {person.name}'s reachable hours "
            f"({person.zone}) or your working hours")
    tp.starts_at, tp.ends_at = slot.start, slot.end
    tp.updated_at = ensure_utc(now)


def complete(session: Session, tp: Touchpoint, quality: int | None, now: datetime) -> None:
    """Mark a touchpoint done and log the interaction it was (at its slot, or now if later).

    Raises:
        ValidationError: quality outside 1-5, or the touchpoint was dismissed or is done.
    """
    _require(tp, "done")
    now = ensure_utc(now)
    interaction = log_interaction(
        session, tp.stakeholder, kind_key=tp.kind.key, when=min(tp.starts_at, now),
        channel=tp.channel.value, quality=quality, notes="",
    )
    interaction.touchpoint_id = tp.id
    _set(tp, S.DONE, now)


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
