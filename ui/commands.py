"""Undoable user actions: each edit or deletion is a ``QUndoCommand`` over core operations.

A command runs the core operation once (:meth:`WorkspaceCommand.first_run`, in one transaction)
and records row snapshots before and after; undo and redo write those snapshots back in a fresh
transaction. Snapshots keep ids, so calendar UIDs and references survive an undo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cadence.commitments import add_commitment, mark_delivered, mark_dropped, move_due_date
from cadence.errors import CadenceError, NotFoundError
from cadence.interactions import edit_interaction, log_interaction
from cadence.models import (
    Base,
    Commitment,
    Interaction,
    ManagerSettings,
    Notification,
    Stakeholder,
    Touchpoint,
)
from cadence.plan_freshness import Step, current_revision
from cadence.snapshots import (
    Snapshot,
    accounts_since,
    delete_rows,
    drop_unused_accounts,
    newest_account_id,
    restore_rows,
    restore_stakeholder,
    snapshot_rows,
    snapshot_stakeholder,
)
from cadence.stakeholders import (
    StakeholderChanges,
    apply_changes,
    create_stakeholder,
    remove_stakeholder,
)
from cadence.touchpoints import add_touchpoint, complete
from ui.changes import ChangeSet
from ui.plan_model import TouchRow
from ui.workspace import UndoableAction, Workspace

log = logging.getLogger(__name__)


class WorkspaceCommand(UndoableAction):
    """Base: one transaction per do, undo and redo; the changes are broadcast after each."""

    def __init__(self, workspace: Workspace, text: str, change: ChangeSet) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.change = change
        self._skip_next_redo = False
        self._step: Step | None = None

    def mark_done(self, revisions: tuple[int, int]) -> None:
        """Record that the action already happened elsewhere (e.g. in a worker), between the
        change counts ``revisions``: the push onto the undo stack then does not repeat it."""
        self._step = self.workspace.input_states.did(*revisions)
        self._skip_next_redo = True

    def first_run(self) -> None:
        """Do the action for the first time (raises ``CadenceError`` with nothing saved)."""
        with self.workspace.session() as session:
            start = current_revision(session)
            self.do(session)
            session.flush()
            end = current_revision(session)
        self.mark_done((start, end))  # QUndoStack.push calls redo() right away
        self.workspace.publish(self.change)

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._guarded(self.apply_redo, "redo", self.workspace.input_states.redid)

    def undo(self) -> None:
        self._guarded(self.apply_undo, "undo", self.workspace.input_states.undid)

    def do(self, session: Session) -> None:
        """The first run: call the core and take snapshots."""
        raise NotImplementedError

    def apply_undo(self, session: Session) -> None:
        """Put back the state before :meth:`do`."""
        raise NotImplementedError

    def apply_redo(self, session: Session) -> None:
        """Put back the state after :meth:`do`."""
        raise NotImplementedError

    def _guarded(self, step: Callable[[Session], None], what: str,
                 record: Callable[[Step, int, int], None]) -> None:
        try:
            with self.workspace.session() as session:
                start = current_revision(session)
                step(session)
                session.flush()
                end = current_revision(session)
        except (CadenceError, SQLAlchemyError) as err:
            log.warning("%s of %r failed: %s", what, self.text(), err)
            self.workspace.changes.failed.emit(f"Could not {what} “{self.text()}”: {err}")
        else:
            assert self._step is not None, "undo and redo come after the first run"
            record(self._step, start, end)
        self.workspace.publish(self.change)


class DoneInWorker(WorkspaceCommand):
    """A change a background task already made (a re-plan, a calendar import), put on the
    undo stack with the rows it replaced (``before``) and wrote (``after``)."""

    def __init__(self, workspace: Workspace, text: str, change: ChangeSet, before: Snapshot,
                 after: Snapshot, revisions: tuple[int, int]) -> None:
        super().__init__(workspace, text, change)
        self._before, self._after = before, after
        self.mark_done(revisions)

    def do(self, session: Session) -> None:
        """Nothing: the worker already did it."""

    def apply_undo(self, session: Session) -> None:
        delete_rows(session, self._after)
        restore_rows(session, self._before)

    def apply_redo(self, session: Session) -> None:
        delete_rows(session, self._before)
        restore_rows(session, self._after)


class AddRecord(WorkspaceCommand):
    """Create one record through ``create``; undo deletes it, redo restores it with its id."""

    def __init__(
        self, workspace: Workspace, text: str, change: ChangeSet,
        create: Callable[[Session], Base],
    ) -> None:
        super().__init__(workspace, text, change)
        self._create = create
        self._rows: Snapshot = ()
        self.record_id: int | None = None

    def do(self, session: Session) -> None:
        record = self._create(session)
        session.flush()
        self._rows = snapshot_rows([record])
        self.record_id = self._rows[0].values.get("id")

    def apply_undo(self, session: Session) -> None:
        delete_rows(session, self._rows)

    def apply_redo(self, session: Session) -> None:
        restore_rows(session, self._rows)


class EditRecord(WorkspaceCommand):
    """Change one record through ``mutate``; undo and redo restore its column values."""

    def __init__(
        self, workspace: Workspace, text: str, change: ChangeSet, model: type[Base],
        key: Any, mutate: Callable[[Session, Any], None],
    ) -> None:
        super().__init__(workspace, text, change)
        self._model = model
        self._key = key
        self._mutate = mutate
        self._before: Snapshot = ()
        self._after: Snapshot = ()

    def do(self, session: Session) -> None:
        record = session.get(self._model, self._key)
        if record is None:
            raise NotFoundError(f"the {self._model.__name__.lower()} no longer exists")
        self._before = snapshot_rows([record])
        self._mutate(session, record)
        session.flush()
        self._after = snapshot_rows([record])

    def apply_undo(self, session: Session) -> None:
        restore_rows(session, self._before)

    def apply_redo(self, session: Session) -> None:
        restore_rows(session, self._after)


class DeleteRecord(WorkspaceCommand):
    """Delete one record (not a stakeholder); undo restores it with its id.

    ``linked`` gives the rows that refer to the record by a reference the database clears on
    delete (``ON DELETE SET NULL``): undo puts those references back too.
    """

    def __init__(
        self, workspace: Workspace, text: str, change: ChangeSet, model: type[Base], key: Any,
        linked: Callable[[Session, Any], Iterable[Base]] | None = None,
    ) -> None:
        super().__init__(workspace, text, change)
        self._model = model
        self._key = key
        self._find_linked = linked
        self._rows: Snapshot = ()
        self._linked: Snapshot = ()

    def do(self, session: Session) -> None:
        record = session.get(self._model, self._key)
        if record is None:
            raise NotFoundError(f"the {self._model.__name__.lower()} no longer exists")
        self._rows = snapshot_rows([record])
        if self._find_linked is not None:
            self._linked = snapshot_rows(self._find_linked(session, record))
        delete_rows(session, self._rows)

    def apply_undo(self, session: Session) -> None:
        restore_rows(session, self._rows)
        restore_rows(session, self._linked)

    def apply_redo(self, session: Session) -> None:
        delete_rows(session, self._rows)


#: How a touch that took place went, as the Done menus offer it (the interaction's quality).
QUALITIES: tuple[tuple[int | None, str], ...] = (
    (5, "★★★★★ excellent"), (4, "★★★★ good"), (3, "★★★ fair"), (2, "★★ weak"),
    (1, "★ poor"), (None, "not rated"),
)


class CompleteTouch(WorkspaceCommand):
    """Mark a touchpoint done, which logs its interaction; undo takes both back.

    ``text`` names it in Edit > Undo.
    """

    def __init__(self, workspace: Workspace, touchpoint_id: int, stakeholder_id: int,
                 text: str, quality: int | None) -> None:
        super().__init__(workspace, text, ChangeSet.people([stakeholder_id], plan=True))
        self._id = touchpoint_id
        self._quality = quality
        self._before: Snapshot = ()
        self._after: Snapshot = ()
        self._logged: Snapshot = ()

    def do(self, session: Session) -> None:
        touchpoint = session.get(Touchpoint, self._id)
        if touchpoint is None:
            raise NotFoundError("the touchpoint no longer exists")
        self._before = snapshot_rows([touchpoint])
        interaction = complete(session, touchpoint, self._quality, self.workspace.now())
        session.flush()
        self._after = snapshot_rows([touchpoint])
        self._logged = snapshot_rows([interaction])

    def apply_undo(self, session: Session) -> None:
        delete_rows(session, self._logged)
        restore_rows(session, self._before)

    def apply_redo(self, session: Session) -> None:
        restore_rows(session, self._after)
        restore_rows(session, self._logged)


class AddStakeholder(WorkspaceCommand):
    """Create a stakeholder; undo removes them, redo brings them back with the same id."""

    def __init__(self, workspace: Workspace, changes: StakeholderChanges) -> None:
        super().__init__(workspace, f"Add {changes.name or 'stakeholder'}", ChangeSet())
        self._changes = changes
        self._rows: Snapshot = ()
        self._accounts: Snapshot = ()
        self.stakeholder_id: int | None = None

    def do(self, session: Session) -> None:
        newest = newest_account_id(session)
        person = create_stakeholder(session, self._changes)
        self.stakeholder_id = person.id
        self._accounts = accounts_since(session, newest)  # a new account named for them
        self._rows = self._accounts + snapshot_stakeholder(session, person.id, whole=False)
        self.change = ChangeSet.people([person.id])

    def apply_undo(self, session: Session) -> None:
        person = session.get(Stakeholder, self.stakeholder_id)
        if person is not None:
            remove_stakeholder(session, person)
        drop_unused_accounts(session, self._accounts)

    def apply_redo(self, session: Session) -> None:
        restore_stakeholder(session, self._rows)


class EditStakeholder(WorkspaceCommand):
    """Apply :class:`StakeholderChanges` (validated whole by the core)."""

    def __init__(
        self, workspace: Workspace, stakeholder_id: int, changes: StakeholderChanges,
        text: str = "",
    ) -> None:
        super().__init__(workspace, text or naming(workspace, "Edit", stakeholder_id),
                         ChangeSet.people([stakeholder_id], plan=True))
        self._id = stakeholder_id
        self._changes = changes
        self._before: Snapshot = ()
        self._after: Snapshot = ()
        self._accounts: Snapshot = ()

    def do(self, session: Session) -> None:
        person = session.get(Stakeholder, self._id)
        if person is None:
            raise NotFoundError(f"no stakeholder with id {self._id}")
        self._before = _profile_and_touches(session, self._id)
        newest = newest_account_id(session)
        apply_changes(session, person, self._changes, now=self.workspace.now())
        self._accounts = accounts_since(session, newest)  # moved to an account named anew
        self._after = self._accounts + _profile_and_touches(session, self._id)
        self.setText(f"Edit {person.name}")

    def apply_undo(self, session: Session) -> None:
        restore_stakeholder(session, self._before)
        drop_unused_accounts(session, self._accounts)

    def apply_redo(self, session: Session) -> None:
        restore_stakeholder(session, self._after)


def _profile_and_touches(session: Session, stakeholder_id: int) -> Snapshot:
    """A stakeholder's row and preferences, and their touches (a new zone reaches those still
    to come, so undo must put theirs back too)."""
    session.flush()
    touches = session.scalars(select(Touchpoint).where(
        Touchpoint.stakeholder_id == stakeholder_id).order_by(Touchpoint.id))
    return snapshot_stakeholder(session, stakeholder_id, whole=False) + snapshot_rows(touches)


class RemoveStakeholder(WorkspaceCommand):
    """Delete a stakeholder with their whole history; undo restores all of it."""

    def __init__(self, workspace: Workspace, stakeholder_id: int) -> None:
        super().__init__(workspace, "Remove stakeholder",
                         ChangeSet.people([stakeholder_id], plan=True))
        self._id = stakeholder_id
        self._rows: Snapshot = ()

    def do(self, session: Session) -> None:
        self._rows = snapshot_stakeholder(session, self._id, whole=True)
        person = session.get(Stakeholder, self._id)
        assert person is not None  # snapshot_stakeholder raised otherwise
        self.setText(f"Remove {person.name}")
        remove_stakeholder(session, person)

    def apply_undo(self, session: Session) -> None:
        restore_stakeholder(session, self._rows)

    def apply_redo(self, session: Session) -> None:
        person = session.get(Stakeholder, self._id)
        if person is not None:
            remove_stakeholder(session, person)


def log_interaction_command(
    workspace: Workspace, stakeholder_id: int, **details: Any
) -> AddRecord:
    """Log an interaction (``details`` as for :func:`cadence.interactions.log_interaction`)."""

    def create(session: Session) -> Base:
        person = _person(session, stakeholder_id)
        return log_interaction(session, person, now=workspace.now(), **details)

    return AddRecord(workspace, naming(workspace, "Log interaction", stakeholder_id),
                     ChangeSet.people([stakeholder_id]), create)


def edit_interaction_command(
    workspace: Workspace, stakeholder_id: int, interaction_id: int, **details: Any
) -> EditRecord:
    """Correct a logged interaction (``details`` as for
    :func:`cadence.interactions.edit_interaction`)."""
    return EditRecord(workspace, naming(workspace, "Edit interaction", stakeholder_id),
                      ChangeSet.people([stakeholder_id]),
                      Interaction, interaction_id,
                      lambda s, i: edit_interaction(s, i, now=workspace.now(), **details))


def add_commitment_command(
    workspace: Workspace, stakeholder_id: int, *, what: str, due_on: date,
    effort_hours: float, notes: str = "",
) -> AddRecord:
    """Record a promise to a stakeholder."""

    def create(session: Session) -> Base:
        return add_commitment(session, _person(session, stakeholder_id), what=what,
                              due_on=due_on, effort_hours=effort_hours, notes=notes)

    return AddRecord(workspace, naming(workspace, f"Add commitment “{what.strip()[:40]}”",
                                       stakeholder_id),
                     ChangeSet.people([stakeholder_id], plan=True), create)


def mark_delivered_command(
    workspace: Workspace, stakeholder_id: int, commitment_id: int, on: date
) -> EditRecord:
    """Mark a commitment delivered on ``on``."""
    return EditRecord(
        workspace, naming(workspace, "Mark commitment delivered", stakeholder_id),
        ChangeSet.people([stakeholder_id], plan=True),
        Commitment, commitment_id, lambda _s, c: mark_delivered(c, on, workspace.today()),
    )


def drop_commitment_command(
    workspace: Workspace, stakeholder_id: int, commitment_id: int, reason: str
) -> EditRecord:
    """Give up a commitment: it stays in the ledger and counts against the on-time rate."""
    return EditRecord(
        workspace, naming(workspace, "Drop commitment", stakeholder_id),
        ChangeSet.people([stakeholder_id], plan=True),
        Commitment, commitment_id, lambda _s, c: mark_dropped(c, reason),
    )


def move_due_date_command(
    workspace: Workspace, stakeholder_id: int, commitment_id: int, due_on: date, reason: str
) -> EditRecord:
    """Agree a new due date for a commitment (the move goes into its notes)."""
    today = workspace.today()
    return EditRecord(
        workspace, naming(workspace, "Move due date", stakeholder_id),
        ChangeSet.people([stakeholder_id], plan=True),
        Commitment, commitment_id, lambda _s, c: move_due_date(c, due_on, today, reason),
    )


def delete_interaction_command(
    workspace: Workspace, stakeholder_id: int, interaction_id: int
) -> DeleteRecord:
    """Delete a logged interaction."""
    return DeleteRecord(workspace, naming(workspace, "Delete interaction", stakeholder_id),
                        ChangeSet.people([stakeholder_id]),
                        Interaction, interaction_id)


def delete_commitment_command(
    workspace: Workspace, stakeholder_id: int, commitment_id: int
) -> DeleteRecord:
    """Delete a commitment; undo puts it back on the touches and reminders about it too."""
    return DeleteRecord(workspace, naming(workspace, "Delete commitment", stakeholder_id),
                        ChangeSet.people([stakeholder_id], plan=True), Commitment, commitment_id,
                        _about_commitment)


def _about_commitment(session: Session, commitment: Commitment) -> list[Base]:
    """The touchpoints and notifications that refer to ``commitment``."""
    session.flush()
    return [*session.scalars(select(Touchpoint).where(Touchpoint.commitment_id == commitment.id)
                             .order_by(Touchpoint.id)),
            *session.scalars(select(Notification)
                             .where(Notification.commitment_id == commitment.id)
                             .order_by(Notification.id))]


def edit_settings_command(
    workspace: Workspace, mutate: Callable[[Session, ManagerSettings], None]
) -> EditRecord:
    """Change the manager's settings through ``mutate`` (which validates).

    The settings row always exists: opening a database creates it.
    """
    return EditRecord(workspace, "Change settings", ChangeSet.everything(),
                      ManagerSettings, 1, mutate)


def add_touchpoint_command(
    workspace: Workspace, stakeholder_id: int, *, kind_key: str, start: datetime,
    channel: str | None = None, text: str = "Plan a touch",
) -> AddRecord:
    """Plan a touch yourself (see :func:`cadence.touchpoints.add_touchpoint`); ``text`` names
    it in Edit > Undo."""
    now = workspace.now()

    def create(session: Session) -> Base:
        return add_touchpoint(session, _person(session, stakeholder_id), kind_key=kind_key,
                              start=start, now=now, channel=channel)

    return AddRecord(workspace, text, ChangeSet.people([stakeholder_id], plan=True), create)


def touch_command(workspace: Workspace, row: TouchRow, verb: str,
                  mutate: Callable[[Session, Touchpoint], None]) -> EditRecord:
    """An undoable change to one touchpoint through a core life-cycle function."""
    return touchpoint_command(workspace, row.id, row.stakeholder_id,
                              f"{verb} {row.kind} with {row.stakeholder}", mutate)


def touchpoint_command(workspace: Workspace, touchpoint_id: int, stakeholder_id: int,
                       text: str, mutate: Callable[[Session, Touchpoint], None]) -> EditRecord:
    """An undoable change to touchpoint ``touchpoint_id``; ``text`` names it in Edit > Undo."""
    return EditRecord(workspace, text, ChangeSet.people([stakeholder_id], plan=True),
                      Touchpoint, touchpoint_id, mutate)


def naming(workspace: Workspace, text: str, stakeholder_id: int) -> str:
    """``text`` with the stakeholder's name: Edit > Undo may undo a change to someone other
    than the person on screen, and should say whose."""
    name = workspace.read(lambda s: s.scalar(
        select(Stakeholder.name).where(Stakeholder.id == stakeholder_id)))
    return f"{text} ({name})" if name else text


def _person(session: Session, stakeholder_id: int) -> Stakeholder:
    person = session.get(Stakeholder, stakeholder_id)
    if person is None:
        raise NotFoundError(f"no stakeholder with id {stakeholder_id}")
    return person
