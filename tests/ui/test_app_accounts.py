"""Edit > Accounts: a manager re-tiers and renames client accounts, with undo and clear refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.models import Account
from ui.accounts_dialog import AccountsDialog, AccountsModel
from ui.main_window import MainWindow
from ui.stakeholder_model import Column


def _open(window: MainWindow, qtbot: QtBot) -> AccountsDialog:
    dialog = window.open_accounts()
    qtbot.addWidget(dialog)
    return dialog


def _row(model: AccountsModel, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.record(r).name == name)


def _tier(window: MainWindow, name: str) -> int | None:
    return window.workspace.read(
        lambda s: s.scalar(select(Account.tier).where(Account.name == name)))


def test_a_tier_is_picked_from_the_named_list_and_undone(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    qtmodeltester.check(model)
    assert [model.record(r).name for r in range(model.rowCount())] == [
        "Cascade Retail", "Harbour Health", "Lumen Energy", "Northwind Logistics"]
    lumen = model.index(_row(model, "Lumen Energy"), AccountsModel.TIER)
    assert lumen.data() == "2 core"
    assert model.index(lumen.row(), AccountsModel.PEOPLE).data() == 6

    dialog.view.setCurrentIndex(lumen)
    dialog.view.edit(lumen)
    editor = dialog.view.findChild(QComboBox)
    assert editor is not None
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "1 strategic", "2 core", "3 occasional"]
    editor.setCurrentIndex(0)
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: model.record(_row(model, "Lumen Energy")).tier == 1)
    assert _tier(window, "Lumen Energy") == 1
    # The dialog blocks the window: Ctrl+Z works inside it.
    dialog.show()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _tier(window, "Lumen Energy") == 2
    qtbot.keyClick(dialog.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _tier(window, "Lumen Energy") == 1
    window.undo_action.trigger()
    assert _tier(window, "Lumen Energy") == 2


def test_a_rename_shows_in_the_stakeholder_table_and_a_clash_is_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    cascade = model.index(_row(model, "Cascade Retail"), AccountsModel.NAME)

    assert not model.setData(cascade, "harbour health")
    assert "another account is already named 'harbour health'" in window.last_message
    assert _tier(window, "Cascade Retail") == 2  # still there, as it was

    assert model.setData(cascade, "Cascade Retail Group")
    people = window.stakeholders.model
    accounts = {people.index(r, Column.ACCOUNT).data() for r in range(people.rowCount())}
    assert "Cascade Retail Group" in accounts
    assert "Cascade Retail" not in accounts


def test_only_an_account_nobody_works_at_can_be_removed(window: MainWindow, qtbot: QtBot) -> None:
    with window.workspace.database.transaction() as session:
        session.add(Account(name="Dormant Bank", tier=3))
    dialog = _open(window, qtbot)
    model = dialog.model

    dialog.view.selectRow(_row(model, "Harbour Health"))
    assert not dialog.remove_button.isEnabled()
    dialog.view.selectRow(_row(model, "Dormant Bank"))
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()

    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert _tier(window, "Dormant Bank") is None
    window.undo_action.trigger()
    assert _tier(window, "Dormant Bank") == 3
