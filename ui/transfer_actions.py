"""File menu actions that move data in and out: import and export contacts, export and
import the whole workspace (JSON).

The main window adds :meth:`TransferActions.actions` to its File menu and refreshes its views
on :attr:`TransferActions.changed`. Each action asks for a file, then runs the core operation
off the GUI thread as a task (:mod:`ui.tasks`); failures are shown in a message box and leave
the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cadence.contacts.exporter import export_contacts
from cadence.contacts.importer import ImportResult
from cadence.storage.backup import take_backup
from cadence.storage.database import Database
from cadence.timezones import utcnow
from cadence.wording import counted
from cadence.workspace_json import (
    export_workspace,
    import_workspace,
    read_document,
    write_json_atomically,
)
from ui.contacts_dialog import ContactsImportDialog, failure_message
from ui.tasks import TaskControl, TaskRunner


@dataclass(frozen=True, slots=True)
class _Done:
    """What a finished step reports: the status-bar text, and whether the views must refresh."""

    message: str
    changed: bool = False


class TransferActions(QObject):
    """The import/export actions of the File menu, bound to one open workspace.

    Signals:
        changed(): stakeholders were imported or the workspace replaced; refresh the views.
        finished(str): a step succeeded; the text suits the status bar.
        failed(str): a step failed (also shown in a message box).
    """

    changed = Signal()
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, database: Database, window: QWidget,
                 tasks: TaskRunner | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(window)
        self._database = database
        self._clock = clock  # what "now" is for the records imported (the app's clock)
        self._window = window
        # The app passes its one runner so that these writes queue behind other background ones.
        self._tasks = tasks if tasks is not None else TaskRunner(self)
        self.import_contacts = self._action(
            "Import c&ontacts…", "Ctrl+Shift+I",
            "Add stakeholders from a vCard, Google, Outlook or other CSV file",
            self.show_import_dialog)
        self.export_contacts = self._action(
            "E&xport contacts…", "Ctrl+Shift+E", "Save every stakeholder as vCard or CSV",
            self._ask_export_contacts)
        self.export_workspace = self._action(
            "Export &workspace…", None, "Save the whole workspace as one JSON file",
            self._ask_export_workspace)
        self.import_workspace = self._action(
            "Import wor&kspace…", None,
            "Replace this workspace with one exported as JSON (a backup is taken first)",
            self._ask_import_workspace)

    def actions(self) -> list[QAction]:
        """The actions in File-menu order."""
        return [self.import_contacts, self.export_contacts, self.export_workspace,
                self.import_workspace]

    def _action(self, text: str, shortcut: str | None, tip: str,
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- contacts ---------------------------------------------------------------------------

    def show_import_dialog(self) -> ContactsImportDialog:
        """Open the contacts import dialog (window-modal, not blocking)."""
        dialog = ContactsImportDialog(self._database, self._window, tasks=self._tasks)
        dialog.imported.connect(lambda result: self._imported_contacts(result))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _imported_contacts(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.changed.emit()
        self.finished.emit(f"Contacts imported: {result.created} added, {result.updated} updated")

    def _ask_export_contacts(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, "Export contacts", str(Path.home() / "cadence-contacts.vcf"),
            "vCard 4.0 (*.vcf);;CSV (*.csv)")
        if chosen:
            self.export_contacts_to(Path(chosen))

    def export_contacts_to(self, path: Path) -> None:
        """Write every stakeholder to ``path`` (.vcf or .csv) in the background."""
        database = self._database

        def step(_control: TaskControl) -> _Done:
            with database.transaction() as session:
                count = export_contacts(session, path)
            return _Done(f"Exported {counted(count, 'contact')} to {path}")

        self._run("Exporting contacts", step)

    # -- workspace --------------------------------------------------------------------------

    def _ask_export_workspace(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, "Export workspace", str(Path.home() / "cadence-workspace.json"),
            "Cadence workspace (*.json)")
        if chosen:
            self.export_workspace_to(Path(chosen))

    def export_workspace_to(self, path: Path) -> None:
        """Write the whole workspace as JSON to ``path`` in the background."""
        database = self._database

        def step(_control: TaskControl) -> _Done:
            with database.transaction() as session:
                document = export_workspace(session)
            write_json_atomically(path, document)
            return _Done(f"Exported the workspace to {path}")

        self._run("Exporting the workspace", step)

    def _ask_import_workspace(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._window, "Import workspace", str(Path.home()), "Cadence workspace (*.json)")
        if not chosen:
            return
        answer = QMessageBox.question(
            self._window, "Import workspace",
            "Replace everything in this workspace with the file's contents?\n\n"
            "A backup of the current workspace is taken first (see `cadence backup list`).")
        if answer == QMessageBox.StandardButton.Yes:
            self.import_workspace_from(Path(chosen))

    def import_workspace_from(self, path: Path) -> None:
        """Replace the workspace with the JSON file ``path``, after a backup, in the
        background; one transaction, so a bad file changes nothing."""
        database, now = self._database, self._clock()

        def step(_control: TaskControl) -> _Done:
            document = read_document(path)
            if database.path is not None:
                take_backup(database.path, "before-import")
            with database.transaction() as session:
                count = import_workspace(session, document, replace=True, path=path, now=now)
            return _Done(f"Imported {counted(count, 'record')} from {path}", changed=True)

        self._run("Importing the workspace", step)

    # -- running ----------------------------------------------------------------------------

    def _run(self, name: str, step: Callable[[TaskControl], _Done]) -> None:
        task = self._tasks.start(name, step)
        # Bound methods only: Qt drops them with this object, while a task may outlive it.
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)

    def _succeeded(self, done: _Done) -> None:
        if done.changed:
            self.changed.emit()
        self.finished.emit(done.message)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for a running step (on quit)."""
        return self._tasks.wait(msecs)

    def _failed(self, error: object) -> None:
        message = failure_message(error)
        self.failed.emit(message)
        box = QMessageBox(QMessageBox.Icon.Warning, "Cadence", message,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
