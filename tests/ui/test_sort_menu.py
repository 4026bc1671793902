"""View > Sort stakeholders by: the keyboard's way to sort the table, in step with the
column headers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView

from ui.main_window import MainWindow
from ui.stakeholder_model import SUMMARY_ROLE, Column


def _names(view: QTableView) -> list[str]:
    model = view.model()
    return [model.index(row, Column.NAME).data(SUMMARY_ROLE).name
            for row in range(model.rowCount())]


def _action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.sort_menu.actions() if a.text().replace("&", "") == text)


def test_the_menu_sorts_by_a_column_and_in_either_order(window: MainWindow) -> None:
    view = window.stakeholders.view
    assert _action(window, "Account").isChecked()  # the table starts sorted by account

    _action(window, "Name").trigger()
    names = _names(view)
    assert names == sorted(names)
    assert view.horizontalHeader().sortIndicatorSection() == Column.NAME

    _action(window, "Descending").trigger()
    assert _names(view) == sorted(names, reverse=True)
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _action(window, "Name").isChecked()


def test_a_click_on_a_header_is_shown_in_the_menu(window: MainWindow) -> None:
    view = window.stakeholders.view
    view.sortByColumn(Column.IMPORTANCE, Qt.SortOrder.DescendingOrder)  # as a header click

    assert _action(window, "Imp.").isChecked()
    assert not _action(window, "Account").isChecked()
    assert _action(window, "Descending").isChecked()
    assert "Importance" in _action(window, "Imp.").statusTip()


def test_each_column_has_its_own_access_key(window: MainWindow) -> None:
    items = [a for a in window.sort_menu.actions() if not a.isSeparator()]
    keys = [a.text().split("&", 1)[1][:1].lower() for a in items]
    assert len(items) == len(Column) + 1
    assert len(set(keys)) == len(keys)
    assert all(a.statusTip() for a in items)
