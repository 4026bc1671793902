"""The notification inbox: fired reminders the manager opens, snoozes or marks done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.errors import NotFoundError, ValidationError
from cadence.models import Notification
from cadence.timezones import ensure_utc

SNOOZE_STEP = timedelta(hours=1)
"""How long "snooze" puts a notification away by default."""


class NotificationState(StrEnum):
    """Life cycle of a fired reminder (``Notification.state``)."""

    UNREAD = "unread"
    SNOOZED = "snoozed"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class NotificationView:
    """A notification as plain data, safe to hand from a scheduler thread to the GUI."""

    id: int
    key: str
    title: str
    body: str
    due_at: datetime
    fired_at: datetime
    state: NotificationState
    touchpoint_id: int | None
    commitment_id: int | None

    @classmethod
    def of(cls, row: Notification) -> NotificationView:
        """Copy a row (the copy outlives the session)."""
        return cls(
            id=row.id, key=row.key, title=row.title, body=row.body, due_at=row.due_at,
            fired_at=row.fired_at, state=NotificationState(row.state),
            touchpoint_id=row.touchpoint_id, commitment_id=row.commitment_id,
        )


def list_notifications(session: Session, *, include_done: bool = False) -> list[NotificationView]:
    """Fired notifications, newest first; done ones only when asked."""
    query = select(Notification).order_by(Notification.fired_at.desc(), Notification.id.desc())
    if not include_done:
        query = query.where(Notification.state != NotificationState.DONE.value)
    return [NotificationView.of(row) for row in session.scalars(query)]


def get_notification(session: Session, notification_id: int) -> Notification:
    """The notification with id ``notification_id``.

    Raises:
        NotFoundError: there is none.
    """
    row = session.get(Notification, notification_id)
    if row is None:
        raise NotFoundError(f"no notification with id {notification_id}")
    return row


def snooze(session: Session, notification_id: int, until: datetime) -> NotificationView:
    """Put a notification away until ``until``; the reminder service shows it again then.

    ``due_at`` becomes the instant it comes back (the original instant is in its key).

    Raises:
        NotFoundError: no such notification.
        ValidationError: it is already done.
    """
    row = get_notification(session, notification_id)
    if row.state == NotificationState.DONE.value:
        raise ValidationError("state", f"notification {notification_id} is already done")
    row.state = NotificationState.SNOOZED.value
    row.due_at = ensure_utc(until)
    session.flush()
    return NotificationView.of(row)


def mark_done(session: Session, notification_id: int) -> NotificationView:
    """Mark a notification done (it leaves the inbox and never comes back).

    Raises:
        NotFoundError: no such notification.
    """
    row = get_notification(session, notification_id)
    row.state = NotificationState.DONE.value
    session.flush()
    return NotificationView.of(row)


def restore(session: Session, earlier: NotificationView) -> NotificationView:
    """Put a notification back in the state and time of ``earlier`` (undo of snooze or done).

    Raises:
        NotFoundError: the notification no longer exists.
    """
    row = get_notification(session, earlier.id)
    row.state = earlier.state.value
    row.due_at = earlier.due_at
    session.flush()
    return NotificationView.of(row)
