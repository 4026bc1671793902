"""What a user can do to a touchpoint, shared by the plan and the week so both offer the same
choices: the core life-cycle calls (accept, dismiss, snooze, move) as mutations ready for an
undoable touch command, the snooze lengths the menus list, and which touchpoints can move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from cadence.models import Touchpoint
from cadence.touchpoints import accept, dismiss, move, snooze
from cadence.vocabulary import TouchpointStatus
from ui.plan_model import OPEN_STATUSES

#: A change to one touchpoint, run inside an undoable command.
Mutation = Callable[[Session, Touchpoint], None]

#: The Snooze menus' entries: label and days.
SNOOZE_CHOICES: tuple[tuple[str, int], ...] = (
    ("for a week", 7), ("for two weeks", 14), ("for a month", 30))

ACCEPT_TIP = "Accept the suggestion: it goes into your calendar"
SNOOZE_TIP = "Put the suggestion aside for a while; nothing new is planned with them meanwhile"
MOVE_TIP = "Move the touchpoint to another slot"

#: What the plan lists, open suggestions and accepted touches, and so lets you move; a touch
#: that is done (its interaction logged) or dismissed stays where it was.
MOVABLE = frozenset({*OPEN_STATUSES, TouchpointStatus.ACCEPTED})


def accepting(now: datetime) -> Mutation:
    """Accept the touchpoint (see :func:`cadence.touchpoints.accept`)."""
    return lambda session, touchpoint: accept(session, touchpoint, now)


def dismissing(reason: str, now: datetime) -> Mutation:
    """Dismiss the touchpoint, keeping ``reason`` (see :func:`cadence.touchpoints.dismiss`)."""
    return lambda session, touchpoint: dismiss(session, touchpoint, reason, now)


def snoozing(days: int, now: datetime) -> Mutation:
    """Snooze the touchpoint for ``days`` days from ``now`` (see
    :func:`cadence.touchpoints.snooze`)."""
    until = now + timedelta(days=days)
    return lambda session, touchpoint: snooze(session, touchpoint, until, now)


def moving(start: datetime, now: datetime) -> Mutation:
    """Move the touchpoint to ``start``, keeping its duration (see
    :func:`cadence.touchpoints.move`, which refuses a slot that will not do)."""
    return lambda session, touchpoint: move(session, touchpoint, start, now)


def movable(status: TouchpointStatus | None) -> bool:
    """Whether a touchpoint with ``status`` can move (``None``: not a touchpoint)."""
    return status in MOVABLE

