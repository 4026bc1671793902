"""The stakeholders pane: a search box over the sortable, filterable stakeholder table."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cadence.overview import stakeholder_summaries
from cadence.wording import counted
from ui.resources import icon
from ui.stakeholder_model import (
    SUMMARY_ROLE,
    Column,
    StakeholderFilterProxy,
    StakeholderTableModel,
)
from ui.workspace import Workspace

log = logging.getLogger(__name__)


class StakeholderPane(QWidget):
    """Lists stakeholders; refreshes only the rows a change names.

    Signals:
        current_changed(int): the selected stakeholder id (0 when none).
    """

    current_changed = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.model = StakeholderTableModel(workspace.manager_zone, self)
        self.proxy = StakeholderFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(placeholderText="Filter by name, account or role (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter stakeholders")  # a placeholder is not a name
        # The field's icon buttons show no text: their actions' text is what is read out.
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition
                              ).setText("Filter")
        clear = self.search.findChild(QAction, "_q_qlineeditclearaction")  # Qt's own name
        if clear is not None:
            clear.setText("Clear the filter")
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_count)
        self.count = QLabel()
        self.count.setObjectName("subtle")
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Stakeholders")
        # Tab leaves the table for the detail pane; arrows move in it.
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for column, width in _WIDTHS.items():
            self.view.setColumnWidth(column, width)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(Column.ACCOUNT, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        # Touchpoint changes name their stakeholders (a re-plan names all), so the plan signal
        # alone needs no reload here.
        workspace.changes.stakeholders.connect(self.refresh)
        workspace.changes.settings.connect(self.reload)

    def reload(self) -> None:
        """Load every row again (keeps the selection)."""
        started = time.perf_counter()
        current = self.current_id()
        ws = self._workspace
        zone_name = ws.manager_zone
        rows = ws.read(lambda s: stakeholder_summaries(s, ws.now(), zone_name))
        self.model.set_rows(rows, zone_name)
        self._update_count()
        if current is not None:
            self.select(current)
        log.debug("stakeholder table loaded %d rows in %.0f ms", len(rows),
                  (time.perf_counter() - started) * 1000)

    def refresh(self, ids: list[int]) -> None:
        """Refresh the rows of ``ids`` (all rows when empty)."""
        if not ids:
            self.reload()
            return
        ws = self._workspace
        fresh = ws.read(lambda s: stakeholder_summaries(s, ws.now(), ws.manager_zone, ids))
        self.model.update_rows(ids, fresh)
        self._update_count()

    def current_id(self) -> int | None:
        """The selected stakeholder's id."""
        index = self.view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return int(index.data(SUMMARY_ROLE).id)

    def select(self, stakeholder_id: int) -> bool:
        """Select ``stakeholder_id`` (clearing the filter if it hides them)."""
        row = self.model.row_of(stakeholder_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = current.data(SUMMARY_ROLE) if current.isValid() else None
        self.current_changed.emit(summary.id if summary is not None else 0)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(counted(total, "stakeholder") if shown == total
                           else f"{shown} of {counted(total, 'stakeholder')}")


_WIDTHS = {
    Column.NAME: 135, Column.ACCOUNT: 145, Column.IMPORTANCE: 70, Column.LAST_CONTACT: 95,
    Column.BUDGET: 135, Column.NEXT_TOUCH: 135, Column.COMMITMENTS: 100, Column.ON_TIME: 65,
}
