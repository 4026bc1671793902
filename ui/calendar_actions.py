"""The calendar actions of the File menu: import busy times and export touchpoints (.ics).

The dialogs collect the choices; the work runs on the workspace's task runner; the outcome is
reported through signals that the main window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from cadence.calendars.ics_import import left_out, replaced_lines, skipped_lines
from cadence.calendars.ics_reading import Skipped
from cadence.wording import counted
from ui.calendar_dialogs import (
    ExportCalendarDialog,
    ExportDone,
    ExportRequest,
    ImportCalendarDialog,
    ImportCancelled,
    ImportOutcome,
    ImportRequest,
    export_task,
    import_task,
)
from ui.changes import ChangeSet
from ui.commands import DoneInWorker
from ui.resources import icon
from ui.tasks import Task
from ui.workspace import Workspace

#: At most this many unreadable entries are listed after an import (the log has them all).
SKIPPED_SHOWN = 15

#: Returns the selected stakeholder's id and name (``None`` and "" when nobody is selected).
Selection = Callable[[], tuple[int | None, str]]


class CalendarActions(QObject):
    """"Import calendar…" and "Export calendar…", bound to a workspace and a window.

    Signals:
        notice(str): a step succeeded; the text suits the status bar.
        problem(str): something the user should read (entries skipped, a bad file).
        failure(object): a task raised; known errors are ``CadenceError``.
    """

    notice = Signal(str)
    problem = Signal(str)
    failure = Signal(object)

    def __init__(self, workspace: Workspace, window: QWidget, selection: Selection) -> None:
        super().__init__(window)
        self._workspace = workspace
        self._window = window
        self._selection = selection
        self.import_action = self._action(
            "&Import calendar…", "Ctrl+I", "Import busy times from an .ics file",
            "import-calendar", self.import_calendar)
        self.export_action = self._action(
            "&Export calendar…", "Ctrl+E", "Write accepted touchpoints to an .ics file or a "
            "subscription file", "export-calendar", self.export_calendar)

    def _action(self, text: str, shortcut: str, tip: str, icon_name: str,
                slot: Callable[[], object]) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(f"{text.replace('&', '').replace('…', '')} — {tip}")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def import_calendar(self) -> ImportCalendarDialog:
        """Ask for an .ics file and import its busy times."""
        dialog = ImportCalendarDialog(self._workspace, self._window)
        dialog.accepted.connect(lambda: self.import_calendar_from(dialog.request()))
        dialog.open()
        return dialog

    def import_calendar_from(self, request: ImportRequest) -> Task:
        """Import busy times in the background; the week view shows them when done."""
        task = self._workspace.tasks.start("Importing the calendar",
                                           import_task(self._workspace, request))
        task.succeeded.connect(self._imported)
        task.failed.connect(self._import_failed)
        return task

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelled):
            self.notice.emit(str(error).capitalize())
        else:
            self.failure.emit(error)

    def _imported(self, outcome: ImportOutcome) -> None:
        command = ImportCommand(self._workspace, outcome)
        self._workspace.undo_stack.push(command)
        self._workspace.publish(command.change)
        report = outcome.report
        said = left_out(report, "tick “Count free events as busy too” to count them")
        message = (f"Imported {counted(report.blocks, 'busy time')} from "
                   f"{Path(report.source).name} ({'; '.join(said)})")
        for line in replaced_lines(report):
            message += f"; {line}"
        # An older version left out is read as a problem too: the file the user chose did
        # not take effect for those events, and the status bar's line would pass unseen.
        sections = [_listed(f"{counted(len(report.older), 'event')} left out, older than the "
                            "version another calendar gave", report.older),
                    _listed(f"{counted(len(report.skipped), 'entry', 'entries')} could not be "
                            "read, skipped", report.skipped)]
        if said := [section for section in sections if section]:
            self.problem.emit(f"{message}.\n\n" + "\n\n".join(said))
        self.notice.emit(message)

    def export_calendar(self) -> ExportCalendarDialog:
        """Ask what to export and where, then write the .ics file."""
        selected, name = self._selection()
        dialog = ExportCalendarDialog(self._workspace, selected, name, self._window)
        dialog.accepted.connect(lambda: self.export_calendar_to(dialog.request()))
        dialog.open()
        return dialog

    def export_calendar_to(self, request: ExportRequest) -> Task:
        """Write the calendar in the background."""
        task = self._workspace.tasks.start("Exporting the calendar",
                                           export_task(self._workspace, request))
        # Bound methods only: Qt drops them with this object, while a task may outlive it.
        task.succeeded.connect(self._exported)
        task.failed.connect(self.failure)
        return task

    def _exported(self, done: ExportDone) -> None:
        result = done.result
        if done.request.subscribe:
            self._workspace.publish(ChangeSet(settings=True))
        extra = f", {counted(result.cancelled, 'cancellation')}" if result.cancelled else ""
        self.notice.emit(
            f"Exported {counted(result.exported, 'touchpoint')}{extra} to {result.path}")


def _listed(heading: str, entries: list[Skipped]) -> str:
    """``heading`` and the first ``SKIPPED_SHOWN`` of ``entries`` (where, why) as bullets; ""
    when there are none."""
    if not entries:
        return ""
    lines = "\n".join(f"• {line}" for line in skipped_lines(entries[:SKIPPED_SHOWN]))
    more = len(entries) - SKIPPED_SHOWN
    return f"{heading}:\n{lines}" + (f"\n… and {more} more" if more > 0 else "")


class ImportCommand(DoneInWorker):
    """A finished calendar import on the undo stack: undo brings the busy times before it
    back, whichever calendars they came from."""

    def __init__(self, workspace: Workspace, outcome: ImportOutcome) -> None:
        super().__init__(workspace, f"Import {Path(outcome.report.source).name}",
                         ChangeSet(busy=True), outcome.before, outcome.after, outcome.revisions)
