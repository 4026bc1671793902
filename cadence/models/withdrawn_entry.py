"""Calendar entries withdrawn by deleting their touchpoint, kept so calendars can drop them.

A touch that was exported sits in the manager's calendar under its ``UID``; one sent as an
invitation sits in the stakeholder's. Dismissing it keeps the row, and export writes it as
``STATUS:CANCELLED``. Deleting it (removing the stakeholder, re-planning over an exported
suggestion, removing an event with its proposed invitations) would leave nothing to write, and
a calendar that imported the file or the invitation would keep the entry forever. So a
``before_flush`` hook on every session keeps what a cancellation needs (for an invitation's
``METHOD:CANCEL`` also the touch's id and the addressee), whoever deletes (CLI, app, undo,
planner); export writes it, and a touch restored by undo takes its place again with a higher
``SEQUENCE`` than the cancellation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text, event, select, true
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from cadence.models.base import Base
from cadence.models.stakeholder import Stakeholder
from cadence.models.touchpoint import Touchpoint
from cadence.timezones import utcnow


class WithdrawnEntry(Base):
    """What is left of a deleted touchpoint that was exported or sent as an invitation:
    enough to cancel its calendar entry and its invitation.

    ``sequence`` is the one the cancellation is written with (the touch's own, plus one).
    ``stakeholder_id`` is the person's while they are in the workspace, for exports of their
    touches only; ``None`` once they are removed (SQLite may give their id to someone new).
    ``exported`` says whether a calendar file had it (calendar exports cancel only those; an
    entry only ever sent as an invitation is withdrawn with ``--invite``). ``touchpoint_id``,
    ``guest_title`` and the attendee's address and name are what ``export ics --invite``
    needs to write the invitation's ``METHOD:CANCEL``.
    """

    __tablename__ = "withdrawn_entry"

    uid: Mapped[str] = mapped_column(String(120), primary_key=True)
    stakeholder_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int]
    withdrawn_at: Mapped[datetime] = mapped_column(default=utcnow)
    exported: Mapped[bool] = mapped_column(default=True, server_default=true())
    touchpoint_id: Mapped[int | None] = mapped_column(default=None)
    guest_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    attendee_email: Mapped[str] = mapped_column(Text, default="", server_default="")
    attendee_name: Mapped[str] = mapped_column(Text, default="", server_default="")

    def __repr__(self) -> str:
        return f"WithdrawnEntry(uid={self.uid!r}, at={self.starts_at!r})"


def _withdrawn(touchpoint: Touchpoint, gone: set[int]) -> WithdrawnEntry:
    person = touchpoint.stakeholder_id
    return WithdrawnEntry(
        uid=touchpoint.uid, stakeholder_id=None if person in gone else person,
        summary=touchpoint.calendar_summary, starts_at=touchpoint.starts_at,
        ends_at=touchpoint.ends_at, timezone=touchpoint.timezone,
        sequence=touchpoint.sequence + 1, exported=touchpoint.exported_at is not None,
        touchpoint_id=touchpoint.id, guest_title=touchpoint.guest_title,
        attendee_email=touchpoint.stakeholder.email, attendee_name=touchpoint.stakeholder.name,
    )


def _was_sent(touchpoint: Touchpoint) -> bool:
    """Whether a calendar file or an invitation had the touch (a digest is kept for both)."""
    return touchpoint.exported_at is not None or touchpoint.published_digest is not None


def _deleted_exported(session: Session, people: set[int]) -> list[Touchpoint]:
    """Touchpoints sent to a calendar or as an invitation that this flush deletes, directly or
    with their stakeholder (whose touchpoints the database deletes unseen, by
    ``ON DELETE CASCADE``)."""
    deleted = [t for t in session.deleted if isinstance(t, Touchpoint)]
    if people:
        with session.no_autoflush:
            deleted += session.scalars(select(Touchpoint).where(
                Touchpoint.stakeholder_id.in_(people),
                Touchpoint.exported_at.is_not(None) | Touchpoint.published_digest.is_not(None)))
    return list({t.uid: t for t in deleted if _was_sent(t)}.values())


@event.listens_for(Session, "before_flush")
def _keep_withdrawn_entries(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    people = {p.id for p in session.deleted if isinstance(p, Stakeholder)}
    gone = _deleted_exported(session, people)
    back = {t.uid: t for t in session.new if isinstance(t, Touchpoint) and t.uid}
    if not gone and not back and not people:
        return
    with session.no_autoflush:
        kept = {entry.uid: entry for entry in session.scalars(select(WithdrawnEntry).where(
            WithdrawnEntry.uid.in_([t.uid for t in gone] + list(back))
            | WithdrawnEntry.stakeholder_id.in_(people)))}
    for entry in kept.values():
        if entry.stakeholder_id in people:
            entry.stakeholder_id = None
    for touchpoint in gone:
        if touchpoint.uid not in kept:
            session.add(_withdrawn(touchpoint, people))
    for uid, touchpoint in back.items():
        if uid in kept:
            # Undone: the touch is back, newer than the cancellation calendars may hold; with
            # no digest its next entry counts as changed, so LAST-MODIFIED moves on too.
            touchpoint.sequence = max(touchpoint.sequence or 0, kept[uid].sequence + 1)
            touchpoint.published_digest = None
            session.delete(kept[uid])
