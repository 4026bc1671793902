"""Undoable edits of the records plans draw on: client accounts, touchpoint kinds and events.

Each is an edit of one record through the core (:class:`~ui.commands.EditRecord`), or a removal
the core may refuse, whose undo writes back what went with the record.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.accounts import AccountChanges, check_removable, edit_account
from cadence.catalogue import KindChanges, add_kind, edit_kind, remove_kind
from cadence.errors import NotFoundError
from cadence.events import (
    EventChanges,
    add_event,
    edit_event,
    remove_event,
)
from cadence.models import Account, Event, KindPreference, Touchpoint, TouchpointKind
from cadence.snapshots import Snapshot, restore_rows, snapshot_rows
from ui.changes import ChangeSet
from ui.commands import AddRecord, DeleteRecord, EditRecord, WorkspaceCommand
from ui.workspace import Workspace


def edit_account_command(
    workspace: Workspace, account_id: int, changes: AccountChanges
) -> EditRecord:
    """Rename, re-tier or annotate an account (its people's rows and the plan change)."""
    return EditRecord(workspace, "Edit account", ChangeSet(all_stakeholders=True, plan=True),
                      Account, account_id, lambda s, a: edit_account(s, a, changes))


def edit_kind_command(workspace: Workspace, kind_id: int, changes: KindChanges) -> EditRecord:
    """Change a touchpoint kind of the catalogue (every plan and row that shows it changes)."""
    return EditRecord(workspace, "Edit touchpoint kind", ChangeSet.everything(),
                      TouchpointKind, kind_id, lambda _s, k: edit_kind(k, changes))


def add_kind_command(workspace: Workspace, key: str, changes: KindChanges) -> AddRecord:
    """Add a touchpoint kind to the catalogue."""
    return AddRecord(workspace, f"Add touchpoint kind “{changes.name or key}”",
                     ChangeSet.everything(), lambda s: add_kind(s, key, changes))


def add_event_command(
    workspace: Workspace, *, name: str, day: date, days: int, start: time, end: time,
    seats: int, topics: list[str], timezone: str, location: str, url: str,
    invite_lead_days: int, kind_key: str,
) -> AddRecord:
    """Add an event (from ``start`` on its first day to ``end`` on its last, at the venue)
    whose seats the plan can offer."""
    return AddRecord(
        workspace, f"Add event “{name.strip()}”", ChangeSet(all_stakeholders=True, plan=True),
        lambda s: add_event(s, name=name, day=day, days=days, start=start, end=end, seats=seats,
                            topics=topics, timezone=timezone, location=location, url=url,
                            invite_lead_days=invite_lead_days, kind_key=kind_key,
                            today=workspace.today()))


def edit_event_command(workspace: Workspace, event_id: int, changes: EventChanges) -> EditRecord:
    """Change an event (its invitations' titles and the plan's seats change with it)."""
    return EditRecord(workspace, "Edit event", ChangeSet(all_stakeholders=True, plan=True),
                      Event, event_id,
                      lambda s, e: edit_event(s, e, changes, today=workspace.today()))


class RemoveEvent(WorkspaceCommand):
    """Remove an event nobody holds a seat at; undo brings it back with the invitations that
    were suggested for it, and links the dismissed ones to it again."""

    def __init__(self, workspace: Workspace, event_id: int) -> None:
        super().__init__(workspace, "Remove event", ChangeSet(all_stakeholders=True, plan=True))
        self._id = event_id
        self._rows: Snapshot = ()

    def do(self, session: Session) -> None:
        event = session.get(Event, self._id)
        if event is None:
            raise NotFoundError("the event no longer exists")
        # The event first: restoring writes rows in this order, and the invitations refer to it.
        # Every invitation, not only the proposed ones that go with it: the database unlinks
        # the others (dismissed ones; ON DELETE SET NULL), and undo must link them again.
        invitations = session.scalars(select(Touchpoint).where(Touchpoint.event_id == event.id)
                                      .order_by(Touchpoint.id))
        self._rows = snapshot_rows([event]) + snapshot_rows(invitations)
        self.setText(f"Remove event “{event.name}”")
        remove_event(session, event)

    def apply_undo(self, session: Session) -> None:
        restore_rows(session, self._rows)

    def apply_redo(self, session: Session) -> None:
        event = session.get(Event, self._id)
        if event is not None:
            remove_event(session, event)


class RemoveKind(WorkspaceCommand):
    """Remove a kind no history uses; undo brings it back with the likes and dislikes of it
    that went with it."""

    def __init__(self, workspace: Workspace, kind_id: int) -> None:
        super().__init__(workspace, "Remove touchpoint kind", ChangeSet.everything())
        self._id = kind_id
        self._rows: Snapshot = ()

    def do(self, session: Session) -> None:
        kind = session.get(TouchpointKind, self._id)
        if kind is None:
            raise NotFoundError("the touchpoint kind no longer exists")
        opinions = session.scalars(select(KindPreference).where(KindPreference.kind_id == kind.id))
        # The kind first: restoring writes rows in this order, and the opinions refer to it.
        self._rows = snapshot_rows([kind]) + snapshot_rows(opinions)
        self.setText(f"Remove touchpoint kind “{kind.name}”")
        remove_kind(session, kind)

    def apply_undo(self, session: Session) -> None:
        restore_rows(session, self._rows)

    def apply_redo(self, session: Session) -> None:
        kind = session.get(TouchpointKind, self._id)
        if kind is not None:
            remove_kind(session, kind)


class RemoveAccount(DeleteRecord):
    """Delete an account nobody works at any more; undo brings it back."""

    def __init__(self, workspace: Workspace, account_id: int) -> None:
        super().__init__(workspace, "Remove account", ChangeSet(all_stakeholders=True),
                         Account, account_id)

    def do(self, session: Session) -> None:
        account = session.get(Account, self._key)
        if account is not None:
            check_removable(account)
        super().do(session)
