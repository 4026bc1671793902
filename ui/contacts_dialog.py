"""The contacts import dialog: pick a file and its format (for a generic CSV, which column is
which, with the first rows shown), see what would be created, updated and skipped, then
import in one transaction.

Reading, previewing and importing run off the GUI thread as tasks (:mod:`ui.tasks`) with a
progress bar and Cancel; a cancelled or failed step saves nothing. The widget only gathers
choices and shows results: the work is :mod:`cadence.contacts`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cadence.contacts.csv_formats import FIELDS, CsvTable, check_mapping, detect_format, read_table
from cadence.contacts.importer import (
    Action,
    ImportCancelled,
    ImportPreview,
    ImportResult,
    Progress,
    apply_import,
    preview_import,
)
from cadence.contacts.reading import looks_like_vcard, read_contacts
from cadence.contacts.vcard import read_vcard_file
from cadence.errors import CadenceError
from cadence.storage.database import Database
from ui.contacts_models import SORT_ROLE, CsvSampleModel, ImportPreviewModel
from ui.screen_fit import resize_to_fit
from ui.tasks import Task, TaskControl, TaskRunner

log = logging.getLogger(__name__)

FORMAT_CHOICES = (
    ("auto", "Automatic (from the file)"),
    ("vcard", "vCard (.vcf)"),
    ("google", "Google Contacts CSV"),
    ("outlook", "Outlook CSV"),
    ("csv", "Other CSV (choose the columns)"),
)
FIELD_LABELS = {
    "name": "Name", "given_name": "Given name", "family_name": "Family name",
    "organisation": "Organisation", "title": "Title", "email": "Email", "phone": "Phone",
    "timezone": "Time zone", "notes": "Notes", "categories": "Categories",
}
# Header words that suggest a field, to preselect the mapping of an unknown spreadsheet.
_GUESSES = {
    "name": ("full name", "name", "contact"), "given_name": ("first name", "given name"),
    "family_name": ("last name", "surname", "family name"),
    "organisation": ("company", "organisation", "organization", "account", "firm"),
    "title": ("job title", "title", "position", "role"), "email": ("e-mail", "email", "mail"),
    "phone": ("phone", "mobile", "tel"), "timezone": ("time zone", "timezone", "zone"),
    "notes": ("notes", "note", "comment"), "categories": ("categories", "labels", "tags"),
}
# Loose matching goes from the most telling words to the least: "Company name" is the
# organisation, not the name.
_LOOSE_ORDER = ("organisation", "email", "phone", "timezone", "title", "notes", "categories",
                "given_name", "family_name", "name")
_NONE = "(not in the file)"


class ContactsImportDialog(QDialog):
    """Import contacts from a vCard or CSV file into ``database``.

    Signals:
        previewed(ImportPreview): a preview is shown (the user may now import).
        imported(ImportResult): the import was committed; views should refresh stakeholders.
        failed(str): a step failed; the message is also shown in the dialog.
    """

    previewed = Signal(object)
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None, *,
                 tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import contacts")
        resize_to_fit(self, 900, 640)
        self._database = database
        self._preview: ImportPreview | None = None
        self._on_done: Callable[[object], None] = lambda _result: None
        # The app passes its one runner so that imports queue behind other background writes.
        self._tasks = tasks if tasks is not None else TaskRunner(self)
        self._task: Task | None = None
        self._label = ""
        self.sample_model = CsvSampleModel(self)
        self.preview_model = ImportPreviewModel(self)
        self._build()
        self._connect()
        self._set_busy(None)

    # -- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.path_edit = QLineEdit(placeholderText="A .vcf or .csv file")
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose the file to import")
        # Enter in the File field reads the path typed there; it must not "click" a button
        # beside it (with Import disabled, Qt would pick the first auto-default one).
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        self.format_combo = QComboBox()
        for key, label in FORMAT_CHOICES:
            self.format_combo.addItem(label, key)
        source = QFormLayout()
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit)
        file_row.addWidget(browse)
        file_label = QLabel("File")
        file_label.setBuddy(self.path_edit)
        source.addRow(file_label, file_row)
        source.addRow("Format", self.format_combo)

        self.columns_box = QGroupBox("Columns: which column holds what")
        columns = QHBoxLayout(self.columns_box)
        form = QFormLayout()
        self.field_combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox()
            self.field_combos[field] = combo
            form.addRow(FIELD_LABELS[field], combo)
        columns.addLayout(form)
        self.sample_view = _table_view(self.sample_model)
        self.sample_view.setAccessibleName("The file's first rows")
        self.sample_view.verticalHeader().setVisible(True)  # the file's line numbers
        columns.addWidget(self.sample_view, stretch=1)
        self.columns_box.hide()  # shown for a CSV that is not a known export

        self.preview_button = QPushButton("Preview")
        self.preview_button.setAutoDefault(False)
        self.preview_button.setShortcut(QKeySequence("Ctrl+P"))
        self.preview_button.setToolTip("Show what would be created, updated and skipped (Ctrl+P)")
        self.show_combo = QComboBox()
        self.show_combo.setToolTip("Which rows to list")
        for label in ("All rows", "Error", "Create", "Update", "Skip"):
            self.show_combo.addItem(label)
        self.summary_label = QLabel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.preview_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(1)
        self.preview_view = _table_view(self.proxy)
        self.preview_view.setAccessibleName("Preview of the import")
        self.preview_view.setSortingEnabled(True)
        self.preview_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.error_label = QLabel(wordWrap=True)
        self.error_label.hide()
        self.error_label.setStyleSheet("color: #b41e1e; font-weight: bold;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip("Stop; nothing is saved")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setToolTip("Create and update the stakeholders listed, all at once")
        self._assemble(source)

    def _assemble(self, source: QFormLayout) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addWidget(self.columns_box)
        bar = QHBoxLayout()
        bar.addWidget(self.preview_button)
        bar.addWidget(self.summary_label, stretch=1)
        show = QLabel("Show")
        show.setBuddy(self.show_combo)
        bar.addWidget(show)
        bar.addWidget(self.show_combo)
        layout.addLayout(bar)
        layout.addWidget(self.preview_view, stretch=1)
        layout.addWidget(self.error_label)
        busy = QHBoxLayout()
        busy.addWidget(self.progress_bar, stretch=1)
        busy.addWidget(self.cancel_button)
        layout.addLayout(busy)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.path_edit.editingFinished.connect(self._path_edited)
        self.format_combo.currentIndexChanged.connect(self._inspect)
        for combo in self.field_combos.values():
            combo.currentIndexChanged.connect(self._forget_preview)
        self.preview_button.clicked.connect(self.run_preview)
        self.show_combo.currentTextChanged.connect(self._filter)
        self.cancel_button.clicked.connect(self._cancel)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.run_import)

    # -- choosing the file and its columns -----------------------------------------------

    def load_file(self, path: Path) -> None:
        """Take ``path`` as the file to import and look at it (headers, format)."""
        self.path_edit.setText(str(path))
        self._inspect()

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import contacts", str(self._path() or Path.home()),
            "Contacts (*.vcf *.vcard *.csv);;All files (*)",
        )
        if chosen:
            self.load_file(Path(chosen))

    def _path_edited(self) -> None:
        if self.path_edit.text().strip():
            self._inspect()

    def _path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def format_key(self) -> str:
        """The chosen format (``auto``, ``vcard``, ``google``, ``outlook`` or ``csv``)."""
        return str(self.format_combo.currentData())

    def set_format(self, key: str) -> None:
        """Choose a format by key (as the user would in the combo box)."""
        self.format_combo.setCurrentIndex(self.format_combo.findData(key))

    def _inspect(self) -> None:
        path = self._path()
        self._forget_preview()
        if path is None:
            return
        fmt = self.format_key()

        def step(_progress: Progress) -> object:
            if fmt == "vcard" or (fmt == "auto" and looks_like_vcard(path)):
                read_vcard_file(path)  # reports an unreadable file before any preview
                return None
            return read_table(path)

        self._run("Reading the file…", step, self._inspected)

    def _inspected(self, result: object) -> None:
        table = result if isinstance(result, CsvTable) else None
        self.sample_model.set_table(table)
        if table is not None:
            self.sample_view.resizeColumnsToContents()  # headers whole, cells as they come
            self._fill_columns(table.headers)
            if self.format_key() == "auto" and detect_format(table.headers) is None:
                self.format_combo.blockSignals(True)
                self.set_format("csv")
                self.format_combo.blockSignals(False)
        generic = table is not None and self.format_key() == "csv"
        self.columns_box.setVisible(generic)
        if not generic:
            self.run_preview()

    def _fill_columns(self, headers: list[str]) -> None:
        guesses = guess_columns(headers)
        for field, combo in self.field_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_NONE, None)
            for header in headers:
                combo.addItem(header, header)
            if field in guesses:
                combo.setCurrentIndex(headers.index(guesses[field]) + 1)
            combo.blockSignals(False)

    def mapping(self) -> dict[str, str]:
        """The generic CSV's column mapping as chosen: ``{field: column}``."""
        return {field: str(combo.currentData()) for field, combo in self.field_combos.items()
                if combo.currentData() is not None}

    def set_column(self, field: str, column: str | None) -> None:
        """Map ``field`` to ``column`` (``None``: not in the file), as the user would."""
        combo = self.field_combos[field]
        combo.setCurrentIndex(max(combo.findData(column), 0) if column else 0)

    # -- preview and import ----------------------------------------------------------------

    def run_preview(self) -> None:
        """Read the file and show what importing it would do (nothing is written)."""
        path = self._path()
        if path is None:
            self._show_error("Choose a file to import.")
            return
        fmt = self.format_key()
        mapping = self.mapping() if fmt == "csv" else None
        if mapping is not None:
            try:
                check_mapping(mapping)
            except CadenceError as err:
                self._show_error(str(err))
                return
        database = self._database

        def step(progress: Progress) -> object:
            contacts = read_contacts(path, fmt, mapping)
            with database.transaction() as session:
                return preview_import(session, contacts.records, contacts.errors, progress)

        self._run("Checking the contacts…", step, self._previewed)

    def _previewed(self, result: object) -> None:
        assert isinstance(result, ImportPreview)
        self._preview = result
        self.preview_model.set_preview(result)
        self.preview_view.resizeColumnsToContents()
        errors = len(result.of(Action.ERROR))
        accounts = (f"; new accounts: {', '.join(result.new_accounts)}"
                    if result.new_accounts else "")
        self.summary_label.setText(f"{result.summary()}{accounts}")
        if errors:
            self._show_error(f"{errors} row{'s' if errors != 1 else ''} cannot be imported "
                             "(see the rows marked Error); the others can.")
        self._set_busy(None)
        self.previewed.emit(result)

    def run_import(self) -> None:
        """Create and update the previewed stakeholders in one transaction."""
        preview = self._preview
        if preview is None or not preview.writes:
            return
        database = self._database

        def step(progress: Progress) -> object:
            with database.transaction() as session:
                return apply_import(session, preview, progress)

        self._run("Importing…", step, self._imported)

    def _imported(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.imported.emit(result)
        self.accept()

    # -- running steps ------------------------------------------------------------------

    def _run(self, label: str, step: Callable[[Progress], object],
             done: Callable[[object], None]) -> None:
        self.error_label.hide()
        self._on_done = done
        self._set_busy(label)
        task = self._tasks.start(label, lambda control: step(contacts_progress(control)))
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        self._task = task

    def _succeeded(self, result: object) -> None:
        self._set_busy(None)
        self._on_done(result)

    def _failed(self, error: object) -> None:
        self._set_busy(None)
        if isinstance(error, ImportCancelled):
            self._show_error("Cancelled; nothing was saved.")
            return
        message = failure_message(error)
        self._show_error(message)
        self.failed.emit(message)

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(round(fraction * 100))
        self.progress_bar.setFormat(f"{self._label} {message}")

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _set_busy(self, label: str | None) -> None:
        busy = label is not None
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self._label = label or ""
            self.progress_bar.setRange(0, 0)  # indeterminate until the first report
            self.progress_bar.setFormat(self._label)
        for widget in (self.path_edit, self.format_combo, self.columns_box, self.preview_button):
            widget.setEnabled(not busy)
        self.import_button.setEnabled(
            not busy and self._preview is not None and self._preview.writes > 0)

    def _forget_preview(self) -> None:
        self._preview = None
        self.preview_model.set_preview(None)
        self.summary_label.clear()
        self.error_label.hide()
        self.import_button.setEnabled(False)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString("" if text == "All rows" else text)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def is_busy(self) -> bool:
        """True while a step runs."""
        return self.progress_bar.isVisible()

    def reject(self) -> None:
        """Close; a running step is cancelled first (it saves nothing)."""
        self._stop_running_step()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_running_step()
        super().closeEvent(event)

    def _stop_running_step(self) -> None:
        # Waiting for the rollback means no outcome arrives at a dialog about to be deleted.
        if self._task is not None and self._task.running:
            self._task.cancel()
            self._tasks.wait()


def contacts_progress(control: TaskControl) -> Progress:
    """Adapt a task's control to the core's ``progress(done, total)`` callback.

    Args:
        control: The running task's control.

    Returns:
        A callback that reports to ``control`` and, once the user asked to cancel, raises
        :class:`ImportCancelled` so that the step's transaction rolls back.
    """
    reported = 0

    def progress(done: int, total: int) -> None:
        nonlocal reported
        if control.should_stop():
            raise ImportCancelled("cancelled; nothing was saved")
        # About a hundred reports per step are plenty for a progress bar; one per row would
        # flood the GUI thread's event queue during a large import.
        if done == total or done - reported >= max(1, total // 100):
            reported = done
            control.progress(done / total if total else 1.0, f"{done} of {total} contacts")

    return progress


def failure_message(error: object) -> str:
    """The message to show for a failed step: a known failure as it is, a bug as such."""
    if isinstance(error, CadenceError):
        return str(error)
    log.error("background step failed", exc_info=error if isinstance(error, BaseException)
              else None)
    return f"unexpected error: {error}"


def _table_view(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.setTabKeyNavigation(False)  # Tab leaves for the next control; arrows move in it
    return view


def guess_columns(headers: list[str]) -> dict[str, str]:
    """A first guess at which column holds which field: exact header names first, then
    headers that contain a telling word ("Phone number"), each column used once."""
    lowered = [h.casefold().strip() for h in headers]
    found: dict[str, int] = {}

    def claim(field: str, matches: Callable[[str, str], bool]) -> None:
        for word in _GUESSES[field]:
            for index, header in enumerate(lowered):
                if index not in found.values() and matches(header, word):
                    found[field] = index
                    return

    for field in _GUESSES:
        claim(field, str.__eq__)
    for field in _LOOSE_ORDER:
        if field not in found:
            claim(field, lambda header, word: word in header)
    return {field: headers[index] for field, index in found.items()}

