"""The client accounts: rename them, set their tiers and notes, remove empty ones.

Edits happen in the table (double-click or F2) and go through undoable commands
(:mod:`ui.record_table`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QWidget,
)

from cadence.accounts import TIERS, AccountChanges, AccountSummary, account_summaries
from cadence.planner.scoring import TIER_FACTOR
from ui.catalogue_commands import RemoveAccount, edit_account_command
from ui.record_table import (
    AnyIndex,
    ChoiceDelegate,
    RecordTableDialog,
    RecordTableModel,
    Removal,
)
from ui.screen_fit import resize_to_fit
from ui.workspace import UndoableAction, Workspace


def tier_label(tier: int) -> str:
    """``1 strategic``."""
    return f"{tier} {TIERS[tier]}"


class AccountsModel(RecordTableModel[AccountSummary]):
    """Accounts with their tier, people and notes; name, tier and notes are editable."""

    HEADERS = ("Account", "Tier", "Stakeholders", "Notes")
    NAME, TIER, PEOPLE, NOTES = range(4)
    EDITABLE = frozenset({NAME, TIER, NOTES})

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(workspace, account_summaries, parent)

    def display(self, row: AccountSummary, column: int) -> Any:
        return (row.name, tier_label(row.tier), row.stakeholders, row.notes)[column]

    def edit_value(self, row: AccountSummary, column: int) -> Any:
        return (row.name, row.tier, row.stakeholders, row.notes)[column]

    def command(self, row: AccountSummary, column: int, value: Any) -> UndoableAction:
        changes = (AccountChanges(name=str(value)) if column == self.NAME else
                   AccountChanges(tier=int(value)) if column == self.TIER else
                   AccountChanges(notes=str(value)))
        return edit_account_command(self._workspace, row.id, changes)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and index.column() == self.TIER:
            account = self.record(index.row())
            return (f"Every relationship at {account.name} weighs ×{TIER_FACTOR[account.tier]:g}"
                    " in the plan")
        if (index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole
                and index.column() == self.PEOPLE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class AccountsDialog(RecordTableDialog):
    """The accounts table with a Remove button for accounts nobody works at."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.model = AccountsModel(workspace)
        factors = ", ".join(f"{tier_label(t)} ×{TIER_FACTOR[t]:g}" for t in sorted(TIERS))
        super().__init__(
            workspace, "Accounts",
            f"A tier weighs every relationship at the account in the plan ({factors}). "
            "Double-click a cell to edit it; accounts are added with their first stakeholder.",
            self.model, AccountsModel.NOTES,
            {AccountsModel.TIER: ChoiceDelegate([(tier_label(t), t) for t in sorted(TIERS)])},
            [], Removal("Remove the selected account; only one nobody works at",
                        lambda account: RemoveAccount(workspace, account.id),
                        lambda account: account.stakeholders == 0), parent)
        self.model.setParent(self)
        resize_to_fit(self, 640, 360)
