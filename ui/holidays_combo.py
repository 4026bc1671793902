"""The "Public holidays" picker of the stakeholder profile and the settings dialog.

It offers, in this order: the default (the country of the time zone, named, and renamed as the
zone field changes), none, then every country the ``holidays`` package knows, each followed by
its regions, indented. It is editable: typing filters on any part of a name or code, and what
was typed is handed to the core as a code when it names no entry, for the core to check.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFocusEvent, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cadence.holiday_regions import FROM_ZONE, NO_HOLIDAYS, region_choices, zone_country_name
from ui.form_widgets import zone_named

#: Marks the entries that are regions of the country above them (indented in the list).
REGION_ROLE = Qt.ItemDataRole.UserRole + 1
_INDENT = 18  # pixels: about two characters, enough to read as "under the country"


class _IndentRegions(QStyledItemDelegate):
    """Draws a region's entry indented under its country's in the drop-down list."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if index.data(REGION_ROLE):
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(_INDENT, 0, 0, 0)
        super().paint(painter, option, index)


def from_zone_label(zone_name: str) -> str:
    """The default entry for ``zone_name``: "From time zone (Germany)", "... (none)" for
    UTC."""
    return f"From time zone ({zone_country_name(zone_name) or 'none'})"


class HolidaysCombo(QComboBox):
    """An editable picker of whose public holidays a person observes.

    :meth:`setting` gives what to store as the core reads it (``"zone"``, ``"none"``, a code);
    :meth:`follow_zone` names the country the default stands for, and :meth:`follow_zone_of`
    keeps it named after a zone field.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The labels run long ("South Georgia and the South Sandwich Islands (GS)"): sized by
        # them, the box would widen the narrow detail pane.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.addItem(from_zone_label("UTC"), FROM_ZONE)
        self.addItem("None", NO_HOLIDAYS)
        self.setItemData(1, "No public holidays: touches may fall on any of their days",
                         Qt.ItemDataRole.ToolTipRole)
        for choice in region_choices():
            self.addItem(choice.label, choice.code)
            if choice.is_region:
                self.setItemData(self.count() - 1, True, REGION_ROLE)
        self.setItemDelegate(_IndentRegions(self))
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 2 * _INDENT)
        # On the box's own model, so the default entry's new name is found too.
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.setToolTip("Whose public holidays they are off on: no touch is planned on them. "
                        "A zone tells only the country's nationwide ones; pick a region for "
                        "its own (Bavaria's Epiphany, Scotland's 2 January)")

    def follow_zone(self, zone_name: str) -> None:
        """Name the country of ``zone_name`` in the default entry (shown too, if chosen)."""
        label = from_zone_label(zone_name)
        shown = self.currentIndex() == 0 and self.currentText() == self.itemText(0)
        self.setItemText(0, label)
        if shown:
            self.setEditText(label)

    def follow_zone_of(self, zones: QComboBox) -> None:
        """Follow the zone field ``zones``: each zone typed or picked there, once what it
        shows names one (not while "Europe/Be" is typed), renames the default entry."""

        def typed(text: str) -> None:
            named = zone_named(text)
            if named is not None:
                self.follow_zone(named)

        zones.editTextChanged.connect(typed)

    def set_setting(self, stored: str | None) -> None:
        """Show the stored setting (``None``: from the time zone)."""
        index = self.findData(FROM_ZONE if stored is None else stored)
        if index >= 0:
            self.setCurrentIndex(index)
        else:  # not offered (a region the package has since dropped): shown as it is
            self.setEditText(stored or "")

    def setting(self) -> str:
        """The setting shown, as the core reads it: the chosen entry's code, or what was
        typed if it is no entry's label."""
        typed = self.currentText()
        index = self.findText(typed, Qt.MatchFlag.MatchFixedString)
        return str(self.itemData(index)) if index >= 0 else typed.strip()

    def complete_typed(self) -> None:
        """Replace what was typed by the one entry whose code it is, or the only one whose
        label holds it ("bayern"); anything else stays, for the core to refuse saying why."""
        typed = self.currentText().strip().casefold()
        if not typed or self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString) >= 0:
            return
        by_code = [i for i in range(self.count()) if str(self.itemData(i)).casefold() == typed]
        found = by_code or [i for i in range(self.count())
                            if typed in self.itemText(i).casefold()]
        if len(found) == 1:
            self.setCurrentIndex(found[0])
            self.setEditText(self.itemText(found[0]))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A popup (the list, a context menu) takes the focus while the name is still edited.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.complete_typed()
        super().focusOutEvent(event)
