"""Entry dialogs are used from the keyboard: the first field has the focus, Tab follows the form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.models import Stakeholder
from ui.calendar_dialogs import ExportCalendarDialog, ImportCalendarDialog
from ui.entry_dialogs import CommitmentDialog, InteractionDialog, TouchDialog
from ui.form_dialog import FormDialog
from ui.main_window import MainWindow

Opening = Callable[[MainWindow, int], FormDialog]

DIALOGS: dict[str, Opening] = {
    "new stakeholder": lambda window, _person: window.new_stakeholder(),
    "log interaction": lambda window, person: InteractionDialog(
        window.workspace, person, "Ingrid Bauer", window),
    "add commitment": lambda window, person: CommitmentDialog(
        window.workspace, person, "Ingrid Bauer", window),
    "plan a touch": lambda window, person: TouchDialog(window.workspace, person, None, window),
    "export calendar": lambda window, person: ExportCalendarDialog(
        window.workspace, person, "Ingrid Bauer", window),
    "import calendar": lambda window, _person: ImportCalendarDialog(window.workspace, window),
}


def _shown(window: MainWindow, qtbot: QtBot, opening: Opening) -> FormDialog:
    person = window.workspace.read(lambda s: s.scalar(
        select(Stakeholder.id).where(Stakeholder.name == "Ingrid Bauer")))
    dialog = opening(window, person)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _tab_cycle(dialog: FormDialog) -> list[QWidget]:
    """Where Tab takes the focus, from the focused widget until it comes back."""
    first = QApplication.focusWidget()
    assert first is not None
    seen = [first]
    for _ in range(40):
        QTest.keyClick(seen[-1], Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        assert dialog.isAncestorOf(now)
        if now is first:
            return seen
        seen.append(now)
    raise AssertionError("Tab never came back to the first field")


@pytest.mark.parametrize("name", list(DIALOGS))
def test_the_first_field_has_the_focus_and_the_buttons_come_last(
    window: MainWindow, qtbot: QtBot, name: str
) -> None:
    dialog = _shown(window, qtbot, DIALOGS[name])
    cycle = _tab_cycle(dialog)
    buttons = dialog.buttons.buttons()
    assert cycle[0] not in buttons
    assert set(cycle[-len(buttons):]) == set(buttons)
    # The fields in between follow the form from the top down.
    rows = [_form_row(dialog, widget) for widget in cycle[:-len(buttons)]]
    assert rows == sorted(rows)


def _form_row(dialog: FormDialog, widget: QWidget) -> int:
    """The row of the form that holds ``widget``."""
    holder: QWidget | None = widget
    while holder is not None:
        row, _role = dialog.form.getWidgetPosition(holder)
        if row >= 0:
            return row
        holder = holder.parentWidget()
    raise AssertionError(f"{widget!r} is not in the form")


def test_ctrl_n_type_the_name_tab_type_the_account_enter_saves(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _shown(window, qtbot, DIALOGS["new stakeholder"])
    QTest.keyClicks(QApplication.focusWidget(), "Nora Quist")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "Harbour Health")
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    account = window.workspace.read(lambda s: s.scalar(
        select(Stakeholder).where(Stakeholder.name == "Nora Quist")).account.name)
    assert account == "Harbour Health"
