"""The open workspace as the app sees it: database, clock, change broadcaster, undo, tasks.

One :class:`Workspace` is created by the entry point and handed to every view (no globals).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from cadence.errors import CadenceError
from cadence.plan_freshness import InputStates
from cadence.settings import load_settings
from cadence.storage.database import Database
from cadence.timezones import today_in, utcnow
from ui.changes import Changes, ChangeSet
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

T = TypeVar("T")


class UndoableAction(QUndoCommand):
    """What :meth:`Workspace.execute` runs: a command whose first run may refuse the input.

    :class:`ui.commands.WorkspaceCommand` is the implementation; this base only names the
    contract so that the workspace need not import the commands.
    """

    def first_run(self) -> None:
        """Do the action for the first time; raise ``CadenceError`` to refuse it."""
        raise NotImplementedError


class Workspace(QObject):
    """Everything a view needs to read and change the workspace.

    Args:
        database: The open database.
        clock: Returns the current instant; tests pass a fixed one.
    """

    def __init__(
        self, database: Database, clock: Callable[[], datetime] = utcnow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.clock = clock
        self.changes = Changes(self)
        self.undo_stack = QUndoStack(self)
        #: Which change counts showed the planner's inputs as now, along the undo stack.
        self.input_states = InputStates()
        self.tasks = TaskRunner(self)
        self._zone: str | None = None
        self.changes.settings.connect(self._forget_zone)

    def now(self) -> datetime:
        """The current instant (aware UTC)."""
        return self.clock()

    @property
    def manager_zone(self) -> str:
        """The manager's IANA zone (cached until settings change)."""
        if self._zone is None:
            with self.database.transaction() as session:
                self._zone = load_settings(session).timezone
        return self._zone

    def today(self) -> date:
        """Today in the manager's zone."""
        return today_in(self.manager_zone, self.now())

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work (commits at the end, rolls back on error)."""
        with self.database.transaction() as session:
            yield session

    def read(self, query: Callable[[Session], T]) -> T:
        """Run ``query`` in its own transaction and return its result."""
        with self.database.transaction() as session:
            return query(session)

    def dry_run(self, action: Callable[[Session], object]) -> None:
        """Run ``action`` and roll it back: lets the core validate a form without saving it.

        Raises:
            CadenceError: whatever the core raises for invalid input.
        """
        with self.database.sessions() as session:
            try:
                action(session)
                session.flush()
            finally:
                session.rollback()

    def execute(self, command: UndoableAction) -> None:
        """Do ``command`` once and, if it succeeded, put it on the undo stack.

        The first run happens before the push so that a :class:`CadenceError` (invalid input)
        reaches the caller with nothing saved and nothing on the stack.
        """
        command.first_run()
        self.undo_stack.push(command)

    def try_execute(self, command: UndoableAction) -> bool:
        """:meth:`execute`, telling the user (``changes.failed``) instead of raising when the
        core refuses it; whether it was done."""
        try:
            self.execute(command)
        except CadenceError as err:
            self.changes.failed.emit(str(err))
            return False
        return True

    def publish(self, change: ChangeSet) -> None:
        """Broadcast ``change``."""
        self.changes.publish(change)

    def _forget_zone(self) -> None:
        self._zone = None
