"""Calendar exchange: export touchpoints to .ics (optionally as a subscription file) and import
busy times from .ics. The dialogs collect choices; the work runs as background tasks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.calendars.ics_export import ExportResult, export_ics
from cadence.calendars.ics_import import ImportReport, import_calendar
from cadence.errors import CadenceError, ValidationError
from cadence.models import BusyBlock
from cadence.plan_freshness import current_revision
from cadence.settings import load_settings
from cadence.snapshots import Snapshot, snapshot_rows
from ui.form_dialog import FormDialog
from ui.form_widgets import day_edit, edited_day
from ui.tasks import TaskControl
from ui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to export, and where."""

    path: Path
    status: str = "accepted"
    start: date | None = None
    end: date | None = None
    stakeholder_ids: list[int] | None = None
    alarm: bool = True
    subscribe: bool = False


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """Which file to read busy times from, over which days, and whether free events count."""

    path: Path
    start: date | None = None
    end: date | None = None
    all_busy: bool = False


@dataclass(frozen=True, slots=True)
class ExportDone:
    """What an export task hands back: the request it served and what it wrote."""

    request: ExportRequest
    result: ExportResult


def export_task(workspace: Workspace, request: ExportRequest) -> Callable[[TaskControl],
                                                                          ExportDone]:
    """Write the calendar file; with ``subscribe``, remember it as the subscription file."""
    database, now = workspace.database, workspace.now()

    def work(control: TaskControl) -> ExportDone:
        control.progress(0.2, f"Writing {request.path.name}")
        with database.transaction() as session:
            result = export_ics(session, request.path, status=request.status,
                                start=request.start, end=request.end,
                                stakeholder_ids=request.stakeholder_ids, now=now,
                                alarm=request.alarm)
            if request.subscribe:
                load_settings(session).subscription_path = str(request.path)
        return ExportDone(request, result)

    return work


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did, and the busy times before and after it (for undo), between the
    change counts ``revisions``."""

    report: ImportReport
    before: Snapshot
    after: Snapshot
    revisions: tuple[int, int]


def import_task(workspace: Workspace, request: ImportRequest) -> Callable[[TaskControl],
                                                                          ImportOutcome]:
    """Replace the busy times from the file (one transaction: all or nothing)."""
    database, now, zone_name = workspace.database, workspace.now(), workspace.manager_zone

    def work(control: TaskControl) -> ImportOutcome:
        def report(fraction: float, step: str) -> None:
            if control.should_stop():  # raising here rolls the import back
                raise ImportCancelled("calendar import cancelled; nothing was changed")
            control.progress(fraction, step)

        report(0.0, f"Reading {request.path.name}")
        with database.transaction() as session:
            # An import may replace other calendars' blocks too (a newer version of the same
            # event), so undo keeps every busy time, not only this file's.
            before, start = _busy_times(session), current_revision(session)
            imported = import_calendar(session, request.path, start=request.start,
                                       end=request.end, manager_zone=zone_name, now=now,
                                       all_busy=request.all_busy, progress=report)
            return ImportOutcome(imported, before, _busy_times(session),
                                 (start, current_revision(session)))

    return work


def _busy_times(session: Session) -> Snapshot:
    return snapshot_rows(session.scalars(select(BusyBlock).order_by(BusyBlock.id)))


class ImportCancelled(CadenceError):
    """The user cancelled a calendar import; the busy times are as they were."""


def _path_row(line: QLineEdit, pick: Callable[[], str]) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    browse = QPushButton("Browse…")
    browse.clicked.connect(lambda: line.setText(pick() or line.text()))
    row.addWidget(line, 1)
    row.addWidget(browse)
    return holder


class _CalendarDialog(FormDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(title, parent, width=520)

    def check_range(self, limit: QCheckBox, first: QDateEdit, last: QDateEdit) -> bool:
        if limit.isChecked() and first.date() > last.date():
            self.errors.show(ValidationError("range", "the last day is before the first"))
            last.setFocus(Qt.FocusReason.OtherFocusReason)  # the day to change, most likely
            return False
        return True


class ExportCalendarDialog(_CalendarDialog):
    """Choose the file and what goes into it; ``request()`` is read after ``accepted``."""

    def __init__(self, workspace: Workspace, selected_id: int | None, selected_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("Export calendar", parent)
        today = workspace.today()
        subscription = workspace.read(lambda s: load_settings(s).subscription_path)
        self.path = QLineEdit(subscription or str(Path.home() / "cadence.ics"))
        self.status = QComboBox()
        self.status.addItem("Accepted touchpoints", "accepted")
        self.status.addItem("Accepted and suggested", "all")
        self.limit = QCheckBox("Only these days")
        self.first = day_edit(today)
        self.last = day_edit(today + timedelta(days=90))
        days = _day_range(self.limit, self.first, self.last)
        self._selected_id = selected_id
        self.only_selected = QCheckBox(f"Only {selected_name}" if selected_id else
                                       "Only the selected stakeholder")
        self.only_selected.setEnabled(selected_id is not None)
        self.alarm = QCheckBox("Add the alarm from the settings")
        self.alarm.setChecked(True)
        self.subscribe = QCheckBox("Keep this file up to date as the plan changes")
        self.subscribe.setToolTip("Subscribe to the file in your calendar app: it then follows "
                                  "every change to the plan")
        self.subscribe.setChecked(bool(subscription))
        self.add_row("File", _path_row(self.path, self._pick), "path")
        self.add_row("Include", self.status, "status")
        self.add_row("Days", days, "range")
        self.add_row("", self.only_selected, "stakeholders")
        self.add_row("", self.alarm, "alarm")
        self.add_row("Subscription", self.subscribe, "subscription")

    def _pick(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export calendar", self.path.text(),
                                              "Calendar (*.ics)")
        return path

    def request(self) -> ExportRequest:
        """The choices made."""
        limited = self.limit.isChecked()
        return ExportRequest(
            path=Path(self.path.text().strip()).expanduser(),
            status=str(self.status.currentData()),
            start=edited_day(self.first) if limited else None,
            end=edited_day(self.last) if limited else None,
            stakeholder_ids=[self._selected_id] if self.only_selected.isChecked()
            and self._selected_id is not None else None,
            alarm=self.alarm.isChecked(),
            subscribe=self.subscribe.isChecked(),
        )

    def accept(self) -> None:
        self.errors.clear()
        text = self.path.text().strip()
        if not text:
            self.errors.show_failure(ValidationError("path", "choose a file to write"), "path")
            return
        if not Path(text).expanduser().parent.is_dir():
            self.errors.show_failure(ValidationError("path", "that folder does not exist"),
                                     "path")
            return
        if self.check_range(self.limit, self.first, self.last):
            super().accept()


class ImportCalendarDialog(_CalendarDialog):
    """Choose an .ics file and the days to read busy times for."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Import calendar (busy times)", parent)
        today = workspace.today()
        self.path = QLineEdit()
        self.path.setPlaceholderText("An .ics file exported from your calendar")
        self.limit = QCheckBox("Only these days")
        self.first = day_edit(today)
        self.last = day_edit(today + timedelta(days=365))
        days = _day_range(self.limit, self.first, self.last)
        self.all_busy = QCheckBox("Count free events as busy too (a holidays calendar)")
        self.all_busy.setToolTip("A holidays calendar marks its days off as free (transparent); "
                                 "leave this off for an ordinary calendar")
        note = QLabel("Re-importing the file, or a new download of it under another name, "
                      "replaces its busy times; nothing is duplicated. Without limits, a year "
                      "from today is read.")
        note.setObjectName("subtle")
        note.setWordWrap(True)
        self.add_row("File", _path_row(self.path, self._pick), "path")
        self.add_row("Days", days, "range")
        self.add_row("Free time", self.all_busy, "all_busy")
        self.form.addRow("", note)

    def _pick(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Import calendar", "",
                                              "Calendar (*.ics);;All files (*)")
        return path

    def request(self) -> ImportRequest:
        """The choices made."""
        limited = self.limit.isChecked()
        return ImportRequest(
            path=Path(self.path.text().strip()).expanduser(),
            start=edited_day(self.first) if limited else None,
            end=edited_day(self.last) if limited else None,
            all_busy=self.all_busy.isChecked(),
        )

    def accept(self) -> None:
        self.errors.clear()
        text = self.path.text().strip()
        if not text or not Path(text).expanduser().is_file():
            self.errors.show_failure(ValidationError("path", "choose an existing .ics file"),
                                     "path")
            return
        if self.check_range(self.limit, self.first, self.last):
            super().accept()


def _day_range(limit: QCheckBox, first: QDateEdit, last: QDateEdit) -> QWidget:
    """"Only these days [first] to [last]", the dates enabled only while ``limit`` is on."""
    first.setAccessibleName("First day")
    last.setAccessibleName("Last day")
    for edit in (first, last):
        edit.setEnabled(False)
        limit.toggled.connect(edit.setEnabled)
    days = QWidget()
    row = QHBoxLayout(days)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(limit)
    row.addWidget(first)
    row.addWidget(QLabel("to"))
    row.addWidget(last)
    return days
