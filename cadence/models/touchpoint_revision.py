"""RFC 5545 revision numbers for touchpoints, raised by the ORM on every relevant change.

A calendar that imported or subscribed to an exported touchpoint only takes an update when its
``SEQUENCE`` is higher than the one it holds (RFC 5546 section 2.1.4). Raising it here, in a
``before_flush`` hook on every :class:`~sqlalchemy.orm.Session`, means every writer (CLI, app,
planner) gets it without having to remember.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from cadence.vocabulary import TouchpointStatus

# What a calendar shows of a touchpoint: its time, kind, channel, status and text.
REVISED_ATTRIBUTES = (
    "starts_at",
    "ends_at",
    "timezone",
    "kind_id",
    "kind",
    "channel",
    "status",
    "reasons",
    "agenda",
)


def revision_step(target: Any) -> int:
    """How much ``target``'s sequence must rise for its pending changes (0: nothing visible).

    A touchpoint leaving the dismissed state rises by two: export published its cancellation
    as ``sequence + 1``, and the revived touchpoint must be newer than that cancellation.
    """
    state = inspect(target)
    changed = False
    for name in REVISED_ATTRIBUTES:
        history = state.attrs[name].load_history()
        if history.added and list(history.added) != list(history.deleted):
            changed = True
            break
    if not changed:
        return 0
    status = state.attrs["status"].load_history()
    if TouchpointStatus.DISMISSED in (history_value for history_value in status.deleted):
        return 2
    return 1


def register(touchpoint_class: type[Any]) -> None:
    """Install the hook that raises ``sequence`` of changed ``touchpoint_class`` rows."""

    @event.listens_for(Session, "before_flush")
    def _raise_sequences(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
        for target in session.dirty:
            if isinstance(target, touchpoint_class):
                step = revision_step(target)
                if step:
                    target.sequence = (target.sequence or 0) + step
