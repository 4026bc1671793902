"""What a user can do to a suggested touchpoint, shared by the plan and the week so both offer
the same choices: the core life-cycle calls (accept, dismiss, snooze) as mutations ready for an
undoable touch command, and the snooze lengths the menus list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from cadence.models import Touchpoint
from cadence.touchpoints import accept, dismiss, snooze

#: A change to one touchpoint, run inside an undoable command.
Mutation = Callable[[Session, Touchpoint], None]

#: The Snooze menus' entries: label and days.
SNOOZE_CHOICES: tuple[tuple[str, int], ...] = (
    ("for a week", 7), ("for two weeks", 14), ("for a month", 30))

ACCEPT_TIP = "Accept the suggestion: it goes into your calendar"
SNOOZE_TIP = "Put the suggestion aside for a while; nothing new is planned with them meanwhile"


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
