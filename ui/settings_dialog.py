"""The settings dialog: working hours, zone and public holidays, weekly capacity and touch limit,
alarms, how far ahead events' invitations go, database location.

OK saves what changed as one step in Edit > Undo, the database to open at the next start
included: a user undoing "Change settings" expects the whole dialog's change taken back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.errors import CadenceError, ValidationError
from cadence.holiday_regions import FIELD as HOLIDAYS_FIELD
from cadence.models import ManagerSettings
from cadence.settings import MAX_WEEKLY_TOUCHES, SettingsChanges, apply_settings, load_settings
from cadence.storage.database import sqlite_path
from cadence.storage.locations import database_url
from cadence.vocabulary import WEEKDAY_NAMES
from ui.commands import edit_settings_command
from ui.elided_label import ElidedLabel
from ui.field_errors import FieldErrors
from ui.form_widgets import edited_time, show_time, time_edit, time_range, weekday_grid, zone_combo
from ui.holidays_combo import HolidaysCombo
from ui.workspace import UndoableAction, Workspace

DATABASE_KEY = "database/path"
#: The touch limit box's value below 0, shown as "No limit": a limit of 0 (no touches at all,
#: a week off) stays one step above it, so both can be chosen in the one box.
NO_TOUCH_LIMIT = -1
_TOUCH_LIMIT_TIP = ("At most this many touches a week, accepted ones included; the planner "
                    "leaves out the least valuable")


class SettingsDialog(QDialog):
    """Shows the stored settings; OK saves what changed as one undoable change (nothing, if
    nothing did)."""

    def __init__(self, workspace: Workspace, qsettings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._workspace = workspace
        self._qsettings = qsettings
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.timezone = zone_combo()
        self.holidays = HolidaysCombo()
        self.holidays.follow_zone_of(self.timezone)
        self.days = [QCheckBox(name.capitalize()) for name in WEEKDAY_NAMES]
        self.work_start = time_edit()
        self.work_end = time_edit()
        self.work_start.setAccessibleName("Working hours from")
        self.work_end.setAccessibleName("Working hours to")
        self.capacity = QDoubleSpinBox(minimum=0, maximum=80, decimals=1, suffix=" h per week")
        self.touch_limit = QSpinBox(minimum=NO_TOUCH_LIMIT, maximum=MAX_WEEKLY_TOUCHES,
                                    prefix="At most ")
        self.touch_limit.setSpecialValueText("No limit")
        self.touch_limit.setToolTip(_TOUCH_LIMIT_TIP)
        self.alarm_on = QCheckBox("Alarm before each touchpoint")
        self.alarm = QSpinBox(minimum=0, maximum=10080, suffix=" min")
        self.alarm_on.toggled.connect(self.alarm.setEnabled)
        self.reminder = QSpinBox(minimum=0, maximum=10080, suffix=" min")
        self.invite_lead = QSpinBox(minimum=0, maximum=365, suffix=" days ahead")
        # Lead times that are easily confused: the tips say what each one sets.
        self.capacity.setToolTip("Hours a week for client touches, your preparation included: "
                                 "the plan fills no more")
        self.alarm.setToolTip("Written into exported calendar entries: your calendar app "
                              "rings this long before each touch")
        self.reminder.setToolTip("Cadence reminds you this long before an accepted touch, "
                                 "or earlier if its preparation takes longer (unless its kind "
                                 "has a reminder of its own)")
        self.invite_lead.setToolTip("How long before an event the plan invites stakeholders to "
                                    "it. A new event starts with this; each event keeps its "
                                    "own (Edit > Events)")
        self.subscription = QLineEdit(placeholderText="No subscription file")
        in_use = workspace.database.path
        # Elided in the middle: the folder's start and the file's name both stay readable.
        self.database_in_use = ElidedLabel(str(in_use) if in_use else workspace.database.url,
                                           Qt.TextElideMode.ElideMiddle)
        self.database_in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database = QLineEdit(placeholderText="Empty: the default location")
        self.database.setToolTip("The database to open from the next start (a --db option "
                                 "still wins); empty means the default location")

        form = QFormLayout()
        self._row(form, "Your name", self.name, "name")
        self._row(form, "Time zone", self.timezone, "timezone")
        self._row(form, "Public holidays", self.holidays, HOLIDAYS_FIELD)
        self._row(form, "Working days", weekday_grid(self.days), "work_days")
        self._row(form, "Working hours", time_range(self.work_start, self.work_end), "work_hours")
        self._row(form, "Time for client touches", self.capacity, "weekly_capacity_hours")
        self._row(form, "Touches a week", self.touch_limit, "weekly_touch_limit")
        alarm = QWidget()
        aline = QHBoxLayout(alarm)
        aline.setContentsMargins(0, 0, 0, 0)
        aline.addWidget(self.alarm_on)
        aline.addWidget(self.alarm)
        self._row(form, "Calendar alarm", alarm, "alarm_minutes")
        self._row(form, "Reminder lead time", self.reminder, "reminder_lead_minutes")
        self._row(form, "Event invitations", self.invite_lead, "event_invite_lead_days")
        self._row(form, "Subscription file", self._browse(self.subscription, save=True),
                  "subscription_path")
        form.addRow("Database in use", self.database_in_use)
        self._row(form, "Database (next start)", self._browse(self.database, save=False),
                  "database")
        general = QLabel()
        self.errors.set_fallback(general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(general)
        layout.addWidget(buttons)
        self._load()

    def _row(self, form: QFormLayout, label: str, widget: QWidget, field: str) -> None:
        self.errors.add_row(form, label, widget, field)

    def _browse(self, line: QLineEdit, *, save: bool) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        button = QPushButton("Browse…")
        row.addWidget(line, 1)
        row.addWidget(button)

        def pick() -> None:
            if save:
                path, _ = QFileDialog.getSaveFileName(self, "Subscription file", line.text(),
                                                      "Calendar (*.ics)")
            else:
                path, _ = QFileDialog.getSaveFileName(
                    self, "Database file", line.text(), "Cadence database (*.sqlite3)",
                    options=QFileDialog.Option.DontConfirmOverwrite)
            if path:
                line.setText(path)

        button.clicked.connect(pick)
        return holder

    def _load(self) -> None:
        s = self._workspace.read(lambda session: _values(load_settings(session)))
        self.name.setText(s.name)
        self.timezone.setCurrentText(s.timezone)
        self.holidays.set_setting(s.public_holidays)
        for i, box in enumerate(self.days):
            box.setChecked(i in s.work_days)
        show_time(self.work_start, s.work_start)
        show_time(self.work_end, s.work_end)
        self.capacity.setValue(s.weekly_capacity_hours)
        self.touch_limit.setValue(NO_TOUCH_LIMIT if s.weekly_touch_limit is None
                                  else s.weekly_touch_limit)
        self.alarm_on.setChecked(s.alarm_minutes is not None)
        self.alarm.setEnabled(s.alarm_minutes is not None)
        self.alarm.setValue(s.alarm_minutes or 15)
        self.reminder.setValue(s.reminder_lead_minutes)
        self.invite_lead.setValue(s.event_invite_lead_days)
        self.subscription.setText(s.subscription_path)
        self.database.setText(self._remembered_database())
        self._shown = self.changes()  # what OK compares with, to save only a real change

    def _remembered_database(self) -> str:
        return str(self._qsettings.value(DATABASE_KEY, "") or "")

    def changes(self) -> SettingsChanges:
        """The dialog's values, every setting given."""
        no_limit = self.touch_limit.value() == NO_TOUCH_LIMIT
        return SettingsChanges(
            name=self.name.text(), timezone=self.timezone.currentText(),
            work_days=[i for i, box in enumerate(self.days) if box.isChecked()],
            work_hours=(edited_time(self.work_start), edited_time(self.work_end)),
            weekly_capacity_hours=self.capacity.value(),
            weekly_touch_limit=None if no_limit else self.touch_limit.value(),
            touch_limit_off=no_limit,
            alarm_minutes=self.alarm.value() if self.alarm_on.isChecked() else None,
            alarm_off=not self.alarm_on.isChecked(),
            reminder_lead_minutes=self.reminder.value(),
            event_invite_lead_days=self.invite_lead.value(),
            subscription_path=self.subscription.text(),
            public_holidays=self.holidays.setting(),
        )

    def _checked_paths(self) -> str | None:
        """The database to remember (a full path, or a URL), or ``None`` once the field at
        fault shows why: a path in a missing folder would keep the app from starting, or
        fail to be written after every change."""
        database = self.database.text().strip()
        try:
            if database:
                url = database_url(database)
                # Kept as the full path: the next start may run from another folder.
                database = url if "://" in database else str(sqlite_path(url))
        except ValidationError as err:
            self.errors.show_failure(ValidationError("database", err.message), "database")
            return None
        subscription = self.subscription.text().strip()
        folder = Path(subscription).expanduser().resolve().parent
        if subscription and not folder.is_dir():
            self.errors.show_failure(ValidationError(
                "subscription_path", f"there is no folder {folder}"), "subscription_path")
            return None
        return database

    def accept(self) -> None:
        database = self._checked_paths()
        if database is None:
            return
        changes = self.changes()
        edit = None
        if changes != self._shown:
            def mutate(_session: Session, settings: ManagerSettings) -> None:
                apply_settings(settings, changes)

            edit = edit_settings_command(self._workspace, mutate)
        remembered = self._remembered_database()
        if edit is not None or database != remembered:
            try:
                self._workspace.execute(ChangeSettings(edit, self._qsettings, remembered,
                                                       database))
            except CadenceError as err:
                self.errors.show_failure(err, "settings")
                return
        # Nothing changed: nothing to save, and no empty step in Edit > Undo.
        super().accept()


class ChangeSettings(UndoableAction):
    """The dialog's OK: the workspace settings' edit (if any) and the database to open at the
    next start (kept in ``qsettings``, outside the workspace), done and undone together."""

    def __init__(self, edit: UndoableAction | None, qsettings: QSettings, database_before: str,
                 database_after: str) -> None:
        super().__init__(edit.text() if edit is not None else "Change database location")
        self._edit = edit
        self._qsettings = qsettings
        self._before = database_before
        self._after = database_after

    def first_run(self) -> None:
        """Save the settings (raises ``CadenceError`` with nothing saved); the database is
        remembered when the undo stack runs :meth:`redo` on the push."""
        if self._edit is not None:
            self._edit.first_run()

    def redo(self) -> None:
        if self._edit is not None:
            self._edit.redo()  # skips its first redo itself: first_run did it
        self._qsettings.setValue(DATABASE_KEY, self._after)

    def undo(self) -> None:
        self._qsettings.setValue(DATABASE_KEY, self._before)
        if self._edit is not None:
            self._edit.undo()


@dataclass(frozen=True, slots=True)
class _Shown:
    """The settings as the form shows them, read in one short transaction."""

    name: str
    timezone: str
    work_days: list[int]
    work_start: time
    work_end: time
    weekly_capacity_hours: float
    alarm_minutes: int | None
    reminder_lead_minutes: int
    event_invite_lead_days: int
    subscription_path: str
    public_holidays: str | None
    weekly_touch_limit: int | None


def _values(settings: ManagerSettings) -> _Shown:
    return _Shown(
        name=settings.name, timezone=settings.timezone, work_days=list(settings.work_days),
        work_start=settings.work_start, work_end=settings.work_end,
        weekly_capacity_hours=settings.weekly_capacity_hours,
        alarm_minutes=settings.alarm_minutes,
        reminder_lead_minutes=settings.reminder_lead_minutes,
        event_invite_lead_days=settings.event_invite_lead_days,
        subscription_path=settings.subscription_path,
        public_holidays=settings.public_holidays,
        weekly_touch_limit=settings.weekly_touch_limit,
    )
