"""A menu that sorts a table by any of its columns: the keyboard's way to what a click on a
column header does (Qt's headers take no keyboard focus)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QTableView, QWidget


class SortMenu(QMenu):
    """"Sort by" a column of ``view``, ascending or descending, checked as the header shows.

    The header stays the one record of the order: the menu sorts through it and follows it,
    so a click on a header and a pick from the menu always agree.
    """

    def __init__(self, title: str, view: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._view = view
        self._columns = QActionGroup(self)
        model = view.model()
        used = {"d"}  # Descending's
        for column in range(model.columnCount()):
            name = str(model.headerData(column, Qt.Orientation.Horizontal))
            action = QAction(_with_access_key(name, used), self, checkable=True)
            action.setData(column)
            tip = model.headerData(column, Qt.Orientation.Horizontal,
                                   Qt.ItemDataRole.ToolTipRole)
            action.setStatusTip(f"Sort by {name}" + (f": {tip}" if tip else ""))
            self._columns.addAction(action)
            self.addAction(action)
        self._columns.triggered.connect(self._sort_by_column)
        self.addSeparator()
        self.descending = QAction("&Descending", self, checkable=True)
        self.descending.setStatusTip("Sort from the highest or latest to the lowest or earliest")
        self.descending.toggled.connect(self._sort_in_order)
        self.addAction(self.descending)
        header = view.horizontalHeader()
        header.sortIndicatorChanged.connect(self._show)
        self._show(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _sort_by_column(self, action: QAction) -> None:
        self._view.sortByColumn(int(action.data()), self._order())

    def _sort_in_order(self, _descending: bool) -> None:
        self._view.sortByColumn(self._view.horizontalHeader().sortIndicatorSection(),
                                self._order())

    def _order(self) -> Qt.SortOrder:
        return (Qt.SortOrder.DescendingOrder if self.descending.isChecked()
                else Qt.SortOrder.AscendingOrder)

    def _show(self, column: int, order: Qt.SortOrder) -> None:
        """Check the column and order the header now shows."""
        for action in self._columns.actions():
            action.setChecked(action.data() == column)
        self.descending.blockSignals(True)
        self.descending.setChecked(order == Qt.SortOrder.DescendingOrder)
        self.descending.blockSignals(False)


def _with_access_key(name: str, used: set[str]) -> str:
    """``name`` with its first letter not in ``used`` marked as its access key (and added to
    ``used``), so each column can be picked with one key."""
    for at, letter in enumerate(name):
        if letter.isalnum() and letter.lower() not in used:
            used.add(letter.lower())
            return f"{name[:at]}&{name[at:]}"
    return name
