"""A dialog of labelled fields above OK and Cancel, with errors shown at their field.

Qt's Tab order is the order widgets were created in, and the buttons are made before the
fields the subclasses add. So when the dialog is first shown, Tab is given the order the fields
are laid out in, buttons last, and the first field has the focus: Ctrl+N, type a name, Tab,
Enter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from ui.field_errors import FieldErrors


class FormDialog(QDialog):
    """Fields in :attr:`form`, added with :meth:`add_row`; OK accepts, Cancel rejects."""

    def __init__(self, title: str, parent: QWidget | None, *, width: int = 420) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        general = QLabel()  # errors about no field in particular
        self.errors.set_fallback(general)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(general)
        layout.addWidget(self.buttons)
        self._ordered = False

    def add_row(self, label: str, widget: QWidget, fields: str | tuple[str, ...]) -> None:
        """Add a labelled field with room for its error message."""
        self.errors.add_row(self.form, label, widget, fields)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._ordered:
            self._ordered = True
            chain = [widget for widget in laid_out(self.layout())
                     if widget.focusPolicy() & Qt.FocusPolicy.TabFocus]
            for before, after in itertools.pairwise(chain):
                QWidget.setTabOrder(before, after)
            first = next((widget for widget in chain if widget.isEnabled()), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)
        super().showEvent(event)


def laid_out(layout: QLayout | None) -> Iterator[QWidget]:
    """The widgets of ``layout`` in the order they are laid out, nested layouts included."""
    if layout is None:
        return
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            yield widget
            yield from laid_out(widget.layout())
        else:
            yield from laid_out(item.layout())
