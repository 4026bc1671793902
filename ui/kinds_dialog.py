"""The touchpoint-kind catalogue: what each kind of touch is worth, costs and takes.

The values are defaults the manager tunes to his clients (DOMAIN.md); each cell is edited in
place through an undoable command (:mod:`ui.record_table`), Add kind… adds one and Remove takes
away one that no history uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.catalogue import KindChanges, all_kinds, key_from_name, kind_uses
from cadence.vocabulary import Channel, KindPurpose
from cadence.wording import duration_label
from ui.catalogue_commands import RemoveKind, add_kind_command, edit_kind_command
from ui.commands import WorkspaceCommand
from ui.entry_dialogs import EntryDialog
from ui.record_table import (
    AnyIndex,
    ChoiceDelegate,
    RecordTableDialog,
    RecordTableModel,
    Removal,
    SpinDelegate,
)
from ui.screen_fit import resize_to_fit
from ui.workspace import UndoableAction, Workspace

NO_LEAD = -1
"""The reminder column's editor value for "the workspace setting" (no lead of its own)."""


@dataclass(frozen=True, slots=True)
class KindRow:
    """One kind, as shown."""

    id: int
    key: str
    name: str
    value: int
    pressure: int
    duration_minutes: int
    prep_minutes: int
    channel: str
    purpose: str
    reminder_lead_minutes: int | None
    description: str
    uses: int
    """Interactions, touchpoints and events of this kind: while any, it cannot be removed."""


def load_kinds(session: Session) -> list[KindRow]:
    """The catalogue, as plain rows."""
    uses = kind_uses(session)
    return [KindRow(k.id, k.key, k.name, k.value, k.pressure, k.duration_minutes,
                    k.prep_minutes, k.channel.value, k.purpose.value, k.reminder_lead_minutes,
                    k.description, uses.get(k.id, 0)) for k in all_kinds(session)]


class KindsModel(RecordTableModel[KindRow]):
    """The catalogue; every column but the key is editable."""

    HEADERS = ("Kind", "Value", "Pressure", "Minutes", "Prep", "Channel", "Purpose",
               "Reminder", "Description")
    NAME, VALUE, PRESSURE, MINUTES, PREP, CHANNEL, PURPOSE, REMINDER, DESCRIPTION = range(9)
    EDITABLE = frozenset(range(9))

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(workspace, load_kinds, parent)

    def display(self, row: KindRow, column: int) -> Any:
        if column == self.REMINDER:
            lead = row.reminder_lead_minutes
            return "as in settings" if lead is None else duration_label(lead)
        if column in (self.MINUTES, self.PREP):
            return duration_label(self.edit_value(row, column))
        return self.edit_value(row, column)

    def edit_value(self, row: KindRow, column: int) -> Any:
        lead = NO_LEAD if row.reminder_lead_minutes is None else row.reminder_lead_minutes
        return (row.name, row.value, row.pressure, row.duration_minutes, row.prep_minutes,
                row.channel, row.purpose, lead, row.description)[column]

    def command(self, row: KindRow, column: int, value: Any) -> UndoableAction:
        return edit_kind_command(self._workspace, row.id, _changes(column, value))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            description = self.record(index.row()).description
            if index.column() == self.DESCRIPTION and description:
                return description  # the column is narrow: all of it on hover
            return _TIPS[index.column()]
        return super().data(index, role)


_TIPS = (
    "The kind's name, as plans and calendars show it",
    "0-10: what such a touch is worth to the client",
    "0-10: the social obligation it puts on them (a tennis invitation is high)",
    "How long the touch takes",
    "Your preparation for it; counted against your weekly hours",
    "How it reaches the stakeholder unless they accept only others",
    "What the planner uses it for",
    "How long before such a touch you are reminded; 'as in settings' uses the workspace "
    "setting",
    "A note on the kind",
)


def _changes(column: int, value: Any) -> KindChanges:
    """The change an edit of ``column`` to ``value`` asks for."""
    if column == KindsModel.REMINDER and value == NO_LEAD:
        return KindChanges(reminder_lead_default=True)
    field = ("name", "value", "pressure", "duration_minutes", "prep_minutes", "channel",
             "purpose", "reminder_lead_minutes", "description")[column]
    return KindChanges(**{field: value})


def _choices(values: Sequence[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class KindsDialog(RecordTableDialog):
    """The catalogue table with Add kind… and Remove."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.model = KindsModel(workspace)
        self.add_button = QPushButton("Add kind…")
        self.add_button.setStatusTip("Add a kind of touch to the catalogue")
        super().__init__(
            workspace, "Touchpoint kinds",
            "What each kind of touch is worth to the client, the pressure it puts on them and "
            "what it takes of your time. The planner proposes the kinds worth most for the "
            "least pressure and time. Double-click a cell to change it.",
            self.model, KindsModel.DESCRIPTION, {
                KindsModel.VALUE: SpinDelegate(0, 10),
                KindsModel.PRESSURE: SpinDelegate(0, 10),
                KindsModel.MINUTES: SpinDelegate(5, 24 * 60, " min"),
                KindsModel.PREP: SpinDelegate(0, 24 * 60, " min"),
                KindsModel.CHANNEL: ChoiceDelegate(_choices([c.value for c in Channel])),
                KindsModel.PURPOSE: ChoiceDelegate(_choices([p.value for p in KindPurpose])),
                KindsModel.REMINDER: SpinDelegate(NO_LEAD, 7 * 24 * 60, " min", "as in settings"),
            }, [self.add_button], Removal(
                "Remove the selected kind; only one no interaction, touchpoint or event uses "
                "(likes and dislikes of it go too, and Undo brings them back)",
                lambda kind: RemoveKind(workspace, kind.id), lambda kind: kind.uses == 0),
            parent)
        self.model.setParent(self)
        resize_to_fit(self, 980, 420)
        self.add_button.clicked.connect(self.add_kind)

    def add_kind(self) -> AddKindDialog:
        """Open the dialog that adds a kind."""
        dialog = AddKindDialog(self._workspace, self)
        dialog.open()
        return dialog


class AddKindDialog(EntryDialog):
    """Name, key and the figures of a new kind; the key follows the name until edited."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "Add a touchpoint kind", parent)
        self.name = QLineEdit(placeholderText="e.g. Site visit")
        self.key = QLineEdit(placeholderText="site-visit")
        self._key_edited = False
        self.name.textEdited.connect(self._follow_name)
        self.key.textEdited.connect(self._key_was_edited)
        self.value = QSpinBox(minimum=0, maximum=10, value=5)
        self.pressure = QSpinBox(minimum=0, maximum=10, value=1)
        self.minutes = QSpinBox(minimum=5, maximum=24 * 60, value=30, suffix=" min",
                                singleStep=15)
        self.prep = QSpinBox(minimum=0, maximum=24 * 60, value=10, suffix=" min", singleStep=5)
        self.channel = QComboBox()
        self.channel.addItems([c.value for c in Channel])
        self.purpose = QComboBox()
        self.purpose.addItems([p.value for p in KindPurpose])
        self.purpose.setCurrentText(KindPurpose.KEEP_WARM.value)
        for label, widget, field in (
            ("Name", self.name, "name"), ("Key", self.key, "key"),
            ("Value (0-10)", self.value, "value"), ("Pressure (0-10)", self.pressure, "pressure"),
            ("Takes", self.minutes, "duration"), ("Preparation", self.prep, "prep"),
            ("Channel", self.channel, "channel"), ("Purpose", self.purpose, "purpose"),
        ):
            self.add_row(label, widget, field)

    def _follow_name(self, name: str) -> None:
        if not self._key_edited:
            self.key.setText(key_from_name(name))

    def _key_was_edited(self) -> None:
        self._key_edited = True

    def command(self) -> WorkspaceCommand:
        return add_kind_command(self.workspace, self.key.text().strip(), KindChanges(
            name=self.name.text(), value=self.value.value(), pressure=self.pressure.value(),
            duration_minutes=self.minutes.value(), prep_minutes=self.prep.value(),
            channel=self.channel.currentText(), purpose=self.purpose.currentText()))
