"""The commitments ledger: promises made, kept or dropped, and the on-time rate they add up to."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.errors import NotFoundError, ValidationError
from cadence.field_checks import one_line
from cadence.models import Commitment, Stakeholder, Touchpoint
from cadence.timezones import check_year
from cadence.vocabulary import CommitmentStatus, TouchpointStatus
from cadence.wording import counted

#: A status update lands in this many days before a promise is due (see the planner).
STATUS_UPDATE_DAYS = 10

#: The most work one promise may take: a month of full days, well past anything kept by a
#: status update (and a bound that keeps capacity sums finite).
MAX_EFFORT_HOURS = 200.0


@dataclass(frozen=True, slots=True)
class OnTimeRate:
    """Promises kept on time out of those that have come due (delivered, dropped or late)."""

    on_time: int
    due: int

    @property
    def rate(self) -> float | None:
        """The share kept on time, or ``None`` when nothing has come due yet."""
        return self.on_time / self.due if self.due else None

    def __str__(self) -> str:
        return "–" if self.rate is None else f"{self.rate:.0%}"


def on_time_rate(commitments: Iterable[Commitment], today: date) -> OnTimeRate:
    """How many commitments were delivered by their due date, of those that have come due.

    A delivered commitment counts (early deliveries too); a dropped one counts against; an open
    one counts against only once its due date has passed. A date moved in good time (before it
    passed) is the date the promise is measured by; one that had already passed when it was
    moved (``missed_due_on``) was missed, however the promise goes on.
    """
    on_time = due = 0
    for c in commitments:
        missed = c.missed_due_on is not None
        if c.status is CommitmentStatus.DELIVERED:
            due += 1
            on_time += int(not missed and c.delivered_on is not None
                           and c.delivered_on <= c.due_on)
        elif c.status is CommitmentStatus.DROPPED or c.due_on < today or missed:
            due += 1
    return OnTimeRate(on_time, due)


def add_commitment(
    session: Session,
    stakeholder: Stakeholder,
    *,
    what: str,
    due_on: date,
    effort_hours: float = 2.0,
    notes: str = "",
) -> Commitment:
    """Record a promise to ``stakeholder`` due on ``due_on``."""
    what = check_what(what)
    check_effort(effort_hours)
    check_year(due_on, "due")
    commitment = Commitment(
        stakeholder=stakeholder, what=what, due_on=due_on,
        status=CommitmentStatus.OPEN, effort_hours=effort_hours, notes=notes.strip(),
    )
    session.add(commitment)
    session.flush()
    return commitment


def check_what(what: str) -> str:
    """What was promised, without outer spaces: one line (it titles the promise in lists and
    calendars), not empty; else a :class:`ValidationError` naming ``what``."""
    clean = one_line(what, "what")
    if not clean:
        raise ValidationError("what", "say what was promised")
    return clean


def check_effort(hours: float, field: str = "effort") -> float:
    """``hours`` of work a promise can take (0 to :data:`MAX_EFFORT_HOURS`), else a
    :class:`ValidationError` naming ``field``."""
    if not math.isfinite(hours) or not 0 <= hours <= MAX_EFFORT_HOURS:
        raise ValidationError(field, f"{hours} hours is not from 0 to {MAX_EFFORT_HOURS:g}")
    return hours


def get_commitment(session: Session, commitment_id: int) -> Commitment:
    """The commitment with id ``commitment_id``."""
    commitment = session.get(Commitment, commitment_id)
    if commitment is None:
        raise NotFoundError(f"no commitment with id {commitment_id}")
    return commitment


def mark_delivered(commitment: Commitment, on: date, today: date) -> None:
    """Mark an open commitment delivered on ``on``, which is not after ``today``.

    Raises:
        ValidationError: the commitment is not open, or ``on`` is still to come.
    """
    _require_open(commitment)
    if on > today:
        raise ValidationError("on", f"{on} is still to come: mark a promise delivered once it "
                                    "is (today or earlier)")
    check_year(on, "on")
    commitment.status = CommitmentStatus.DELIVERED
    commitment.delivered_on = on


def mark_dropped(commitment: Commitment, reason: str = "") -> None:
    """Mark an open commitment dropped (it counts against the on-time rate)."""
    _require_open(commitment)
    commitment.status = CommitmentStatus.DROPPED
    if reason.strip():
        commitment.notes = f"{commitment.notes}\nDropped: {reason.strip()}".strip()


def move_due_date(commitment: Commitment, due_on: date, today: date, reason: str = "") -> None:
    """Agree a new due date for an open commitment, keeping the date first promised.

    Moved before its date passed, the promise is measured by the new date: the client was told
    in time. Moved after, the passed date is kept as missed (see :func:`on_time_rate`). The
    move is written into the notes with ``reason``, so the ledger shows every correction.
    """
    _require_open(commitment)
    if due_on == commitment.due_on:
        raise ValidationError("due", f"the promise is already due on {due_on}")
    if due_on < today:
        raise ValidationError("due", f"{due_on} is in the past: agree a date from today on")
    check_year(due_on, "due")
    if commitment.first_due_on is None:
        commitment.first_due_on = commitment.due_on
    if commitment.due_on < today and commitment.missed_due_on is None:
        commitment.missed_due_on = commitment.due_on
    because = f": {reason.strip()}" if reason.strip() else ""
    line = f"Moved from {commitment.due_on} to {due_on} on {today}{because}"
    commitment.notes = f"{commitment.notes}\n{line}".strip()
    commitment.due_on = due_on


def reopen(commitment: Commitment) -> None:
    """Undo a delivery or a drop."""
    commitment.status = CommitmentStatus.OPEN
    commitment.delivered_on = None


def list_commitments(
    session: Session, *, stakeholder_id: int | None = None, status: CommitmentStatus | None = None
) -> list[Commitment]:
    """Commitments by due date, optionally for one stakeholder or one status."""
    query = select(Commitment).order_by(Commitment.due_on, Commitment.id)
    if stakeholder_id is not None:
        query = query.where(Commitment.stakeholder_id == stakeholder_id)
    if status is not None:
        query = query.where(Commitment.status == status)
    return list(session.scalars(query))


# Which touch tells a promise's status: one that happened, else one agreed, else a suggestion.
_UPDATE_RANK = {TouchpointStatus.DONE: 0, TouchpointStatus.ACCEPTED: 1,
                TouchpointStatus.SUGGESTED: 2}


def overtaken_update(commitment: Commitment | None, update_on: date, today: date) -> str | None:
    """Why a status update planned for ``update_on`` (the stakeholder's day) on ``commitment``
    no longer fits, if a change since the plan overtook it; ``None`` while it still does.

    The planner puts an update in the days before a promise is due (once late, as soon as it
    can); delivering, dropping or moving the promise afterwards leaves the touch behind.
    """
    if commitment is None:
        return None
    what = f"“{commitment.what}”"
    if commitment.status is CommitmentStatus.DELIVERED:
        return (f"{what} has been delivered since this was planned: there is no update to "
                "give; re-plan, or keep the touch as a check-in.")
    if commitment.status is CommitmentStatus.DROPPED:
        return (f"{what} has been dropped since this was planned: tell them so in this touch, "
                "or re-plan.")
    due = commitment.due_on
    if today <= due < update_on:
        return f"{what} is now due {due:%a %d %b}, before this update: re-plan to move it."
    early = (due - update_on).days - STATUS_UPDATE_DAYS
    if early > 0:
        return (f"{what} is now due {due:%a %d %b}: this update comes "
                f"{counted(early, 'day')} earlier than needed; re-plan to bring it nearer.")
    return None


def status_updates(session: Session, commitment_ids: Iterable[int]) -> dict[int, Touchpoint]:
    """Per commitment, the touch that carries its status update, if any: one done, else one
    accepted, else a suggestion (the latest of the best kind). A suggestion to report on a
    promise no longer open is moot, so it carries none."""
    ids = list(commitment_ids)
    if not ids:
        return {}
    query = (select(Touchpoint, Commitment.status)
             .join(Commitment, Touchpoint.commitment_id == Commitment.id)
             .where(Touchpoint.commitment_id.in_(ids), Touchpoint.status.in_(list(_UPDATE_RANK)))
             .order_by(Touchpoint.starts_at, Touchpoint.id))
    best: dict[int, Touchpoint] = {}
    for touch, promise in session.execute(query):
        assert touch.commitment_id is not None
        if touch.status is TouchpointStatus.SUGGESTED and promise is not CommitmentStatus.OPEN:
            continue
        current = best.get(touch.commitment_id)
        if current is None or _UPDATE_RANK[touch.status] <= _UPDATE_RANK[current.status]:
            best[touch.commitment_id] = touch
    return best


def commitment_as_json(
    commitment: Commitment, update: Touchpoint | None = None
) -> dict[str, object]:
    """A commitment for JSON output; ``update``: the touch carrying its status update."""
    return {
        "id": commitment.id,
        "stakeholder_id": commitment.stakeholder_id,
        "stakeholder": commitment.stakeholder.name,
        "what": commitment.what,
        "due": commitment.due_on.isoformat(),
        "status": commitment.status.value,
        "delivered": _iso(commitment.delivered_on),
        "first_due": _iso(commitment.first_due_on),
        "missed_due": _iso(commitment.missed_due_on),
        "effort_hours": commitment.effort_hours,
        "update": None if update is None else {
            "touchpoint_id": update.id,
            "start": update.local_start.isoformat(),
            "status": update.status.value,
        },
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _require_open(commitment: Commitment) -> None:
    if commitment.status is not CommitmentStatus.OPEN:
        raise ValidationError(
            "status", f"commitment {commitment.id} is already {commitment.status.value}"
        )
