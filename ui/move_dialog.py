"""Moving a touchpoint to another slot (the core checks both people's hours)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QWidget

from cadence.errors import CadenceError
from ui.commands import touch_command
from ui.form_dialog import FormDialog
from ui.form_widgets import edited_instant, instant_edit, their_time
from ui.plan_model import TouchRow
from ui.touch_actions import moving
from ui.workspace import Workspace


class MoveDialog(FormDialog):
    """Pick a new start for a touchpoint (in the manager's zone), seeing it in theirs too; the
    core checks the hours."""

    def __init__(self, workspace: Workspace, row: TouchRow, parent: QWidget | None = None) -> None:
        super().__init__(f"Move {row.kind} with {row.stakeholder}", parent, width=520)
        self._workspace = workspace
        self._row = row
        self.start = instant_edit(row.starts_at, workspace.manager_zone)
        # A refusal may speak of their hours: the time it is for them is shown as it is edited.
        self.their_time = QLabel()
        self.their_time.setObjectName("subtle")
        self.their_time.setWordWrap(True)
        self.add_row(f"New start ({workspace.manager_zone})", self.start, ("start", "status"))
        self.form.addRow("", self.their_time)
        self.start.dateTimeChanged.connect(self._show_their_time)
        self._show_their_time()

    def new_start(self) -> datetime:
        """The chosen start as an aware instant."""
        return edited_instant(self.start, self._workspace.manager_zone, "start")

    def _show_their_time(self) -> None:
        shown = edited_instant(self.start, self._workspace.manager_zone)
        self.their_time.setText(
            f"{their_time(shown, self._row.timezone)}; the duration stays the same.")

    def accept(self) -> None:
        try:
            start, now = self.new_start(), self._workspace.now()
            self._workspace.execute(touch_command(self._workspace, self._row, "Move",
                                                  moving(start, now)))
        except CadenceError as err:  # a bad time, or the touch is gone (a re-plan replaced it)
            self.errors.show_failure(err, "start")
            return
        super().accept()
