"""The settings dialog: OK without a change leaves Edit > Undo alone, the database in use is
readable, undoing a change takes the database chosen for the next start back too, and the
events' invitation lead time and the weekly touch limit are set here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from cadence.settings import load_settings
from ui.main_window import MainWindow
from ui.settings_dialog import DATABASE_KEY, SettingsDialog


def test_ok_without_a_change_adds_nothing_to_undo(
    window: MainWindow, qtbot: QtBot, qsettings: QSettings
) -> None:
    stack = window.workspace.undo_stack
    before = stack.count()
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert not dialog.isVisible()
    assert stack.count() == before
    assert not stack.canUndo()
    assert window.undo_action.text() == "&Undo"  # no empty "Undo Change settings"
    assert not qsettings.value(DATABASE_KEY, "")


def test_the_database_in_use_is_shown_readably(window: MainWindow, qtbot: QtBot) -> None:
    path = window.workspace.database.path
    assert path is not None
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    shown = dialog.database_in_use
    assert shown.isVisible()
    assert shown.toolTip() == str(path)  # the whole path, however narrow the dialog
    dialog.resize(dialog.minimumWidth(), dialog.height())
    # Whatever fits, with the file's name at the end (shortened in the middle, not cut off).
    qtbot.waitUntil(lambda: shown.text().endswith(path.name))
    assert shown.text().startswith(str(path)[:4])
    assert shown.fontMetrics().horizontalAdvance(shown.text()) <= shown.contentsRect().width()


def test_undo_takes_the_database_for_the_next_start_back_with_the_settings(
    window: MainWindow, qtbot: QtBot, qsettings: QSettings, tmp_path: Path
) -> None:
    chosen = str(tmp_path / "other.sqlite3")
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.name.setText("Pat")
    dialog.database.setText(chosen)
    dialog.accept()
    assert not dialog.isVisible()
    assert qsettings.value(DATABASE_KEY) == chosen
    assert window.undo_action.text() == "&Undo Change settings"

    window.undo_action.trigger()
    assert window.workspace.read(lambda s: load_settings(s).name) != "Pat"
    assert not qsettings.value(DATABASE_KEY, "")
    window.redo_action.trigger()
    assert window.workspace.read(lambda s: load_settings(s).name) == "Pat"
    assert qsettings.value(DATABASE_KEY) == chosen

    # Only the database changed: one step of its own, undone alone.
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.database.setText("")
    dialog.accept()
    assert window.undo_action.text() == "&Undo Change database location"
    assert not qsettings.value(DATABASE_KEY, "")
    window.undo_action.trigger()
    assert qsettings.value(DATABASE_KEY) == chosen
    assert window.workspace.read(lambda s: load_settings(s).name) == "Pat"


def _lead(window: MainWindow) -> int:
    return window.workspace.read(lambda s: load_settings(s).event_invite_lead_days)


def _shown(window: MainWindow, qtbot: QtBot) -> SettingsDialog:
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # where the keyboard is, is part of what is checked
    return dialog


def test_the_invitation_lead_time_is_typed_saved_and_undone(
    window: MainWindow, qtbot: QtBot
) -> None:
    before = _lead(window)
    dialog = _shown(window, qtbot)
    box = dialog.invite_lead
    form = dialog.layout().itemAt(0).layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(box.parentWidget())  # the box sits over its error line
    assert isinstance(label, QLabel)
    assert label.text() == "Event invitations"
    assert box.text() == f"{before} days ahead"
    assert (box.minimum(), box.maximum()) == (0, 365)  # what apply_settings allows
    assert "before an event" in box.toolTip()

    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "30")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter is OK
    assert not dialog.isVisible()
    assert _lead(window) == 30
    assert window.undo_action.text() == "&Undo Change settings"
    window.undo_action.trigger()
    assert _lead(window) == before


def test_a_lead_time_the_core_refuses_is_shown_at_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(window, qtbot)
    box = dialog.invite_lead
    box.setMaximum(1000)  # the box keeps within the core's range: pass it, as a bug would
    box.setValue(400)
    dialog.accept()
    assert dialog.isVisible()
    assert "400" in dialog.errors.message_for("event_invite_lead_days")
    assert QApplication.focusWidget() is box
    assert _lead(window) != 400


def _touch_limit(window: MainWindow) -> int | None:
    return window.workspace.read(lambda s: load_settings(s).weekly_touch_limit)


def test_a_weekly_touch_limit_is_typed_saved_and_undone(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert _touch_limit(window) is None
    dialog = _shown(window, qtbot)
    box = dialog.touch_limit
    form = dialog.layout().itemAt(0).layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(box.parentWidget())
    assert isinstance(label, QLabel)
    assert label.text() == "Touches a week"
    assert box.accessibleName() == "Touches a week"
    assert box.text() == "No limit"
    assert "accepted ones included" in box.toolTip()

    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "4")
    assert box.text() == "At most 4"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert _touch_limit(window) == 4
    assert window.undo_action.text() == "&Undo Change settings"
    window.undo_action.trigger()
    assert _touch_limit(window) is None
    window.redo_action.trigger()
    assert _touch_limit(window) == 4


def test_the_touch_limit_goes_back_to_no_limit_and_down_to_none_at_all(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(window, qtbot)
    dialog.touch_limit.setValue(2)
    dialog.accept()
    assert _touch_limit(window) == 2

    # One step down from 2 is 1, then 0 (a week without touches), then no limit.
    dialog = _shown(window, qtbot)
    box = dialog.touch_limit
    assert box.text() == "At most 2"
    box.setFocus()
    for shown in ("At most 1", "At most 0", "No limit"):
        qtbot.keyClick(box, Qt.Key.Key_Down)
        assert box.text() == shown
    dialog.accept()
    assert _touch_limit(window) is None
    window.undo_action.trigger()
    assert _touch_limit(window) == 2

    dialog = _shown(window, qtbot)
    dialog.touch_limit.setValue(0)
    dialog.accept()
    assert _touch_limit(window) == 0
