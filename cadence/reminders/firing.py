"""Firing a reminder at most once: the ``Notification`` row with its unique key is the proof.

Whatever wakes the app (a scheduler job on time, a catch-up after sleep, ``cadence reminders
run``, a second process on the same workspace), a reminder fires only if it is due, still
relevant, and has no notification yet; the insert happens in the same transaction as the check
and the unique key settles any race.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cadence.models import Notification
from cadence.reminders.facts import load_facts
from cadence.reminders.inbox import NotificationState, NotificationView
from cadence.reminders.rules import Reminder, desired_reminders
from cadence.storage.database import Database

log = logging.getLogger(__name__)


def pending_reminders(session: Session, now: datetime) -> list[Reminder]:
    """Reminders that should exist at ``now`` and have not fired yet, by firing time."""
    desired = desired_reminders(load_facts(session, now), now)
    fired = fired_keys(session, [r.key for r in desired])
    return [r for r in desired if r.key not in fired]


def fired_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` already have a notification."""
    found: set[str] = set()
    chunk = 500  # stay far below SQLite's bound-parameter limit
    for start in range(0, len(keys), chunk):
        part = keys[start:start + chunk]
        found.update(session.scalars(select(Notification.key).where(Notification.key.in_(part))))
    return found


def fire(session: Session, reminder: Reminder, now: datetime) -> NotificationView | None:
    """Record ``reminder`` as fired at ``now``, unless it is not due, expired, or fired already.

    A new reminder inserts a notification; a snoozed one coming back turns its notification
    unread again (only if it is still snoozed until that same instant).

    Returns:
        The notification to show, or ``None`` when nothing fired.
    """
    if now < reminder.fire_at or not reminder.relevant_at(now):
        return None
    if reminder.notification_id is not None:
        return _wake_snoozed(session, reminder, now)
    if session.scalar(select(Notification.id).where(Notification.key == reminder.key)):
        return None
    row = Notification(
        key=reminder.key, title=reminder.title, body=reminder.body, due_at=reminder.fire_at,
        fired_at=now, state=NotificationState.UNREAD.value,
        touchpoint_id=reminder.touchpoint_id, commitment_id=reminder.commitment_id,
    )
    session.add(row)
    session.flush()
    return NotificationView.of(row)


def fire_once(database: Database, reminder: Reminder, now: datetime) -> NotificationView | None:
    """:func:`fire` in its own transaction; a concurrent firing of the same key loses quietly."""
    try:
        with database.transaction() as session:
            return fire(session, reminder, now)
    except IntegrityError:
        # Another thread or process inserted the same key (or deleted what it points to)
        # between our check and our insert: it fired, so we must not.
        log.info("reminder %s fired elsewhere; not firing it again", reminder.key)
        return None


def fire_key(database: Database, key: str, now: datetime) -> NotificationView | None:
    """Fire the reminder named ``key`` if the database still wants it at ``now``.

    This is what a scheduler wake-up does: the job carries only the key, and the reminder is
    re-derived from the database, so a touchpoint moved or deleted since never fires stale.
    """
    with database.transaction() as session:
        wanted = {r.key: r for r in pending_reminders(session, now)}
    reminder = wanted.get(key)
    if reminder is None:
        log.info("reminder %s is no longer wanted at %s", key, now.isoformat())
        return None
    return fire_once(database, reminder, now)


def fire_due(database: Database, now: datetime) -> list[NotificationView]:
    """Fire every pending reminder due by ``now`` that is still relevant, oldest first."""
    with database.transaction() as session:
        due = [r for r in pending_reminders(session, now) if r.fire_at <= now]
    return [view for r in due if (view := fire_once(database, r, now)) is not None]


def _wake_snoozed(session: Session, reminder: Reminder, now: datetime) -> NotificationView | None:
    woken = session.execute(
        update(Notification)
        .where(
            Notification.id == reminder.notification_id,
            Notification.state == NotificationState.SNOOZED.value,
            Notification.due_at == reminder.fire_at,
        )
        .values(state=NotificationState.UNREAD.value, fired_at=now)
        .execution_options(synchronize_session=False)
    )
    if not woken.rowcount:  # type: ignore[attr-defined]
        return None
    row = session.get(Notification, reminder.notification_id, populate_existing=True)
    return NotificationView.of(row) if row is not None else None
