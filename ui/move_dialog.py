"""Moving a touchpoint to another slot (the core checks both people's hours)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cadence.errors import CadenceError
from ui.commands import touch_command
from ui.field_errors import FieldErrors
from ui.form_widgets import edited_instant, instant_edit
from ui.plan_model import TouchRow
from ui.touch_actions import moving
from ui.workspace import Workspace


class MoveDialog(QDialog):
    """Pick a new start for a touchpoint (in the manager's zone); the core checks the hours."""

    def __init__(self, workspace: Workspace, row: TouchRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Move {row.kind} with {row.stakeholder}")
        self._workspace = workspace
        self._row = row
        self.errors = FieldErrors()
        self.start = instant_edit(row.starts_at, workspace.manager_zone)
        form = QFormLayout()
        message = self.errors.add(("start", "status"), self.start)
        form.addRow(f"New start ({workspace.manager_zone})", self.start)
        form.addRow("", message)
        hint = QLabel(f"They are reachable in {row.timezone}; the duration stays the same.")
        hint.setObjectName("subtle")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def new_start(self) -> datetime:
        """The chosen start as an aware instant."""
        return edited_instant(self.start, self._workspace.manager_zone, "start")

    def accept(self) -> None:
        try:
            start, now = self.new_start(), self._workspace.now()
            self._workspace.execute(touch_command(self._workspace, self._row, "Move",
                                                  moving(start, now)))
        except CadenceError as err:  # a bad time, or the touch is gone (a re-plan replaced it)
            self.errors.show_failure(err, "start")
            return
        super().accept()
