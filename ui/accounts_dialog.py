"""The client accounts: rename them, set their tiers and notes, remove empty ones.

Edits happen in the table (double-click or F2) and go through undoable commands; a name the core
refuses shows a message and leaves the table as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cadence.accounts import TIERS, AccountChanges, AccountSummary, account_summaries
from cadence.planner.scoring import TIER_FACTOR
from ui.commands import RemoveAccount, edit_account_command
from ui.resources import icon
from ui.workspace import Workspace

AnyIndex = QModelIndex | QPersistentModelIndex


def tier_label(tier: int) -> str:
    """``1 strategic``."""
    return f"{tier} {TIERS[tier]}"


class AccountsModel(QAbstractTableModel):
    """Accounts with their tier, people and notes; name, tier and notes are editable.

    ``setData`` saves through the workspace's undo stack; a refusal from the core is published
    on ``workspace.changes.failed`` and the edit is dropped.
    """

    HEADERS = ("Account", "Tier", "Stakeholders", "Notes")
    NAME, TIER, PEOPLE, NOTES = range(4)
    EDITABLE = frozenset({NAME, TIER, NOTES})

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._rows: list[AccountSummary] = []
        # Queued: an edit's own change arrives while the view is still committing its editor.
        workspace.changes.stakeholders.connect(self._on_stakeholders,
                                               Qt.ConnectionType.QueuedConnection)
        self.reload()

    def _on_stakeholders(self, _ids: list[int]) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the accounts again."""
        self.beginResetModel()
        self._rows = self._workspace.read(account_summaries)
        self.endResetModel()

    def account(self, row: int) -> AccountSummary:
        """The account shown at ``row``."""
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole:
            return (a.name, a.tier, a.stakeholders, a.notes)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TIER:
            return (f"Every relationship at {a.name} weighs ×{TIER_FACTOR[a.tier]:g} in the "
                    "plan")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.PEOPLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (a.name, tier_label(a.tier), a.stakeholders, a.notes)[column]

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        account = self._rows[index.row()]
        if column not in self.EDITABLE or value == self.data(index, role):
            return False
        if column == self.NAME:
            changes = AccountChanges(name=str(value))
        elif column == self.TIER:
            changes = AccountChanges(tier=int(value))
        else:
            changes = AccountChanges(notes=str(value))
        # The command's change set reloads the rows (the stakeholders signal, queued).
        return self._workspace.try_execute(
            edit_account_command(self._workspace, account.id, changes))


class _TierDelegate(QStyledItemDelegate):
    """Edits a tier with a list of the three, named."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for tier in sorted(TIERS):
            combo.addItem(tier_label(tier), tier)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AccountsDialog(QDialog):
    """The accounts table with a Remove button for accounts nobody works at."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accounts")
        self.resize(640, 360)
        self._workspace = workspace
        self.model = AccountsModel(workspace, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self._tiers = _TierDelegate(self.view)
        self.view.setItemDelegateForColumn(AccountsModel.TIER, self._tiers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AccountsModel.NOTES, QHeaderView.ResizeMode.Stretch)
        factors = ", ".join(f"{tier_label(t)} ×{TIER_FACTOR[t]:g}" for t in sorted(TIERS))
        hint = QLabel(f"A tier weighs every relationship at the account in the plan ({factors})."
                      " Double-click a cell to edit it; accounts are added with their first "
                      "stakeholder.")
        hint.setWordWrap(True)
        hint.setObjectName("subtle")
        self.remove_button = QPushButton(icon("delete"), "Remove")
        self.remove_button.setStatusTip("Remove the selected account; only one nobody works at")
        self.remove_button.setToolTip(self.remove_button.statusTip())
        self.remove_button.clicked.connect(self.remove_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def selected(self) -> AccountSummary | None:
        """The selected account, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.account(rows[0].row()) if rows else None

    def remove_selected(self) -> None:
        """Remove the selected account (refused, with a message, while people work there)."""
        account = self.selected()
        if account is not None:
            self._workspace.try_execute(RemoveAccount(self._workspace, account.id))

    def _update_buttons(self) -> None:
        account = self.selected()
        self.remove_button.setEnabled(account is not None and account.stakeholders == 0)
