"""What a user meets in the dialogs: Enter does nothing destructive, an error puts the keyboard
in its field, the profile keeps what the core allows, the move shows their time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.models import Account, Event, Stakeholder
from cadence.vocabulary import TouchpointStatus
from ui.calendar_dialogs import ExportCalendarDialog, ImportCalendarDialog
from ui.entry_dialogs import NewStakeholderDialog
from ui.form_widgets import show_wall_time
from ui.main_window import MainWindow
from ui.move_dialog import MoveDialog
from ui.plan_model import TouchRow
from ui.record_table import RecordTableDialog
from ui.settings_dialog import SettingsDialog


def _person(window: MainWindow, name: str) -> int:
    found = window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))
    assert found is not None
    return found


def _shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _row_named(dialog: RecordTableDialog, name: str) -> int:
    model = dialog.view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


# -- Enter in the tables of Edit > Accounts, Events and Touchpoint kinds ------------------------

def _dormant_account(window: MainWindow) -> str:
    with window.workspace.database.transaction() as session:
        session.add(Account(name="Dormant Bank", tier=3))
    return "Dormant Bank"


TABLES: dict[str, tuple[Callable[[MainWindow], RecordTableDialog],
                        Callable[[MainWindow], str], type]] = {
    # dialog, a removable record to select, the record's model class
    "accounts": (MainWindow.open_accounts, _dormant_account, Account),
    "events": (MainWindow.open_events, lambda _window: "Cloud Cost Workshop", Event),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_enter_on_a_removable_row_neither_removes_it_nor_opens_add(
    window: MainWindow, qtbot: QtBot, name: str
) -> None:
    opening, removable, model = TABLES[name]
    record = removable(window)
    dialog = opening(window)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.view.setFocus()
    dialog.view.selectRow(_row_named(dialog, record))
    assert dialog.remove_button.isEnabled()

    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)

    assert window.workspace.read(
        lambda s: s.scalar(select(model.id).where(model.name == record))) is not None
    assert not window.workspace.undo_stack.canUndo()
    assert not [child for child in dialog.findChildren(QDialog) if child.isVisible()]


def test_enter_in_the_kinds_table_does_not_open_add_kind(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.open_kinds()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.view.setFocus()
    dialog.view.selectRow(0)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert not [child for child in dialog.findChildren(QDialog) if child.isVisible()]


def test_the_accounts_dialog_closes_with_enter_when_nothing_else_is_meant(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.open_accounts()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.view.setFocus()
    dialog.view.selectRow(_row_named(dialog, "Harbour Health"))
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.view.model().rowCount() == 4


# -- an error on a field of several widgets puts the keyboard in it -----------------------------

def test_working_hours_ending_before_they_start_focus_the_hours(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, SettingsDialog(window.workspace, window.qsettings, window))
    assert isinstance(dialog, SettingsDialog)
    dialog.work_end.setTime(QTime(8, 0))
    dialog.accept()
    assert dialog.isVisible()
    assert "ends before it starts" in dialog.errors.message_for("work_hours")
    assert QApplication.focusWidget() is dialog.work_start
    assert dialog.work_end.time() == QTime(8, 0)  # what was typed is still there


def test_a_subscription_file_in_no_folder_focuses_its_path(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, SettingsDialog(window.workspace, window.qsettings, window))
    assert isinstance(dialog, SettingsDialog)
    dialog.subscription.setText("/no/such/folder/cadence.ics")
    dialog.accept()
    assert "there is no folder /no/such/folder" in dialog.errors.message_for(
        "subscription_path")
    assert QApplication.focusWidget() is dialog.subscription


def test_an_export_without_a_file_focuses_the_file_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    person = _person(window, "Ingrid Bauer")
    dialog = _shown(qtbot, ExportCalendarDialog(window.workspace, person, "Ingrid Bauer",
                                                window))
    assert isinstance(dialog, ExportCalendarDialog)
    dialog.path.clear()
    dialog.status.setFocus()  # Enter further down the form
    qtbot.keyClick(dialog.status, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.errors.message_for("path") == "choose a file to write"
    assert QApplication.focusWidget() is dialog.path


def test_an_export_ending_before_it_starts_focuses_the_last_day(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, ExportCalendarDialog(window.workspace, None, "", window))
    assert isinstance(dialog, ExportCalendarDialog)
    dialog.limit.setChecked(True)
    dialog.last.setDate(dialog.first.date().addDays(-1))
    dialog.accept()
    assert dialog.errors.message_for("range") == "the last day is before the first"
    assert QApplication.focusWidget() is dialog.last


def test_an_import_without_a_file_focuses_the_file_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, ImportCalendarDialog(window.workspace, window))
    assert isinstance(dialog, ImportCalendarDialog)
    dialog.all_busy.setFocus()
    dialog.accept()
    assert dialog.errors.message_for("path") == "choose an existing .ics file"
    assert QApplication.focusWidget() is dialog.path


# -- the profile keeps what the core allows, and points at what it refuses -------------------

def test_a_long_silence_and_a_large_budget_survive_an_edit_of_another_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    person = _person(window, "Ingrid Bauer")
    with window.workspace.database.transaction() as session:
        stored = session.get_one(Stakeholder, person)
        # Both within the core's limits (a budget up to 999, gaps up to ten years).
        stored.budget_max, stored.min_gap_days, stored.max_silence_days = 150, 400, 1000
    window.show_stakeholder(person)
    form = window.detail.profile
    assert form.max_silence.text() == "1000 days"
    assert form.min_gap.text() == "400 days"
    assert form.budget_max.text() == "150"

    qtbot.keyClicks(form.phone, "+49 30 1234")
    assert form.save()

    saved = window.workspace.read(lambda s: (
        lambda p: (p.phone, p.budget_max, p.min_gap_days, p.max_silence_days))(
            s.get_one(Stakeholder, person)))
    assert saved == ("+49 30 1234", 150, 400, 1000)


def test_a_new_stakeholder_takes_a_budget_the_core_allows(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, NewStakeholderDialog(window.workspace, window))
    assert isinstance(dialog, NewStakeholderDialog)
    dialog.name.setText("Nora Quist")
    dialog.account.setCurrentText("Harbour Health")
    dialog.budget_max.lineEdit().selectAll()
    qtbot.keyClicks(dialog.budget_max, "150")
    dialog.accept()
    assert not dialog.isVisible()
    budget = window.workspace.read(lambda s: s.scalar(
        select(Stakeholder.budget_max).where(Stakeholder.name == "Nora Quist")))
    assert budget == 150


def test_saving_an_invalid_profile_scrolls_to_the_field_and_focuses_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_stakeholder(_person(window, "Ingrid Bauer"))
    form = window.detail.profile
    hours = form.reach_start.parentWidget()
    assert hours is not None
    qtbot.waitUntil(lambda: form.name.isVisible())
    assert hours.visibleRegion().isEmpty()  # at the foot of the form, scrolled away
    form.name.setFocus()

    form.reach_end.setTime(QTime(8, 0))  # before the start: refused by the core
    assert not form.save()

    assert "reachable hours end before they start" in form.errors.message_for("hours")
    assert not hours.visibleRegion().isEmpty()
    assert QApplication.focusWidget() is form.reach_start


def test_profile_and_new_stakeholder_explain_the_numbers_alike(
    window: MainWindow, qtbot: QtBot
) -> None:
    form = window.detail.profile
    dialog = _shown(qtbot, NewStakeholderDialog(window.workspace, window))
    assert isinstance(dialog, NewStakeholderDialog)
    for ours, theirs in ((form.importance, dialog.importance),
                         (form.budget_max, dialog.budget_max)):
        assert ours.toolTip()
        assert ours.toolTip() == theirs.toolTip()
    assert "1 (low) to 5 (key)" in form.importance.toolTip()
    assert form.min_gap.toolTip()
    assert form.max_silence.toolTip()


def test_the_two_lead_times_in_the_settings_say_which_is_which(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, SettingsDialog(window.workspace, window.qsettings, window))
    assert isinstance(dialog, SettingsDialog)
    assert "calendar" in dialog.alarm.toolTip()
    assert "Cadence reminds you" in dialog.reminder.toolTip()
    assert "preparation included" in dialog.capacity.toolTip()


# -- the move dialog shows the time on their side ------------------------------------------

def _touch_in_singapore(window: MainWindow) -> TouchRow:
    start = datetime(2026, 11, 26, 8, tzinfo=UTC)  # 09:00 in Berlin, 16:00 in Singapore
    return TouchRow(
        id=0, stakeholder_id=_person(window, "Ingrid Bauer"), stakeholder="Wei Ling Tan",
        account="Lumen Energy", kind="Business review", channel="video", starts_at=start,
        ends_at=start + timedelta(hours=1), timezone="Asia/Singapore",
        status=TouchpointStatus.SUGGESTED, value=1.0, reasons=(), snoozed_until=None,
        avoid_topics=())


def test_the_move_dialog_shows_their_time_as_the_start_is_edited(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(qtbot, MoveDialog(window.workspace, _touch_in_singapore(window), window))
    assert isinstance(dialog, MoveDialog)
    assert dialog.their_time.isVisible()
    assert dialog.their_time.text().startswith("Their time: Thu 26 Nov 16:00 (Asia/Singapore)")

    show_wall_time(dialog.start, date(2026, 11, 27), time(3, 0))  # 10:00 for them

    assert dialog.their_time.text().startswith("Their time: Fri 27 Nov 10:00 (Asia/Singapore)")

