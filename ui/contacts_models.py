"""Table models for the contacts import dialog: the CSV's first rows, and the preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cadence.contacts.csv_formats import CsvTable
from cadence.contacts.importer import Action, ImportPreview, PlannedRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Raw sort key (the line as a number, the action in plan order)."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
"""The :class:`PlannedRow` behind a preview row."""

Index = QModelIndex | QPersistentModelIndex

_ACTION_LABELS = {Action.CREATE: "Create", Action.UPDATE: "Update", Action.SKIP: "Skip",
                  Action.ERROR: "Error"}
_ACTION_ORDER = {Action.ERROR: 0, Action.CREATE: 1, Action.UPDATE: 2, Action.SKIP: 3}
_ERROR_COLOUR = QColor(180, 30, 30)


class CsvSampleModel(QAbstractTableModel):
    """The first rows of a CSV file under its own headers, so columns can be recognised."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[tuple[int, list[str]]] = []

    def set_table(self, table: CsvTable | None, limit: int = 20) -> None:
        """Show the first ``limit`` rows of ``table`` (``None`` clears)."""
        self.beginResetModel()
        self._headers = list(table.headers) if table else []
        self._rows = list(table.rows[:limit]) if table else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        cells = self._rows[index.row()][1]
        return cells[index.column()] if index.column() < len(cells) else ""

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        return str(self._rows[section][0]) if section < len(self._rows) else None


class ImportPreviewModel(QAbstractTableModel):
    """One row per row of the file: line, what importing does, who, and why."""

    HEADERS = ("Line", "Action", "Name", "Account", "Details")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PlannedRow] = []

    def set_preview(self, preview: ImportPreview | None) -> None:
        """Show ``preview`` (``None`` clears)."""
        self.beginResetModel()
        self._rows = list(preview.rows) if preview else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (str(row.line), _ACTION_LABELS[row.action], row.name, row.account,
                    row.reason)[column]
        if role == SORT_ROLE:
            return (row.line, _ACTION_ORDER[row.action], row.name.casefold(),
                    row.account.casefold(), row.reason)[column]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.action is Action.ERROR:
            return QBrush(_ERROR_COLOUR)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
