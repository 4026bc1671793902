"""Validation messages shown at the form field they are about.

The core raises :class:`cadence.errors.ValidationError` naming a ``field``; a form registers which
widget shows which field, and :class:`FieldErrors` marks that widget and puts the message under
it. Forms validate through the core (a rolled-back dry run) before saving anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cadence.errors import CadenceError, ValidationError


class FieldErrors:
    """Maps core field names to widgets and shows one error at a time at its field."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._fallback: QLabel | None = None
        self.current: ValidationError | None = None

    def add(self, names: str | tuple[str, ...], widget: QWidget) -> QLabel:
        """Register ``widget`` for the core field(s) ``names``; returns its message label.

        Place the returned label under the widget in the form.
        """
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        for name in (names,) if isinstance(names, str) else names:
            self._fields[name] = (widget, label)
        return label

    def set_fallback(self, label: QLabel) -> None:
        """Where to show errors about fields no widget was registered for."""
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        self._fallback = label

    def add_row(self, form: QFormLayout, label: str, widget: QWidget,
                field: str | tuple[str, ...]) -> None:
        """Add ``widget`` to ``form`` under ``label``, with its error line beneath it."""
        message = self.add(field, widget)
        holder = QWidget()
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(widget)
        stack.addWidget(message)
        form.addRow(label, holder)
        _name_field(form.labelForField(holder), widget, label)

    def show(self, error: ValidationError) -> QWidget | None:
        """Mark the field of ``error``; returns its widget (to focus) if there is one."""
        self.clear()
        self.current = error
        widget, label = self._fields.get(error.field, (None, self._fallback))
        if label is not None:
            label.setText(error.message if widget is not None else str(error))
            label.show()
            _grow_to_fit(label.window())
        if widget is not None:
            _mark(widget, True)
        return widget

    def show_failure(self, error: CadenceError, field: str) -> None:
        """Show a failure at its field and focus it; one with no field goes under ``field``."""
        if not isinstance(error, ValidationError):
            error = ValidationError(field, str(error))
        self.show(error)
        self.focus_current()

    def focus_current(self) -> QWidget | None:
        """Give the keyboard to the field the shown error is about; returns its widget.

        A field of several widgets (hours from and to, a path beside Browse…) is a container
        that takes no keys itself: its first widget that does gets the focus instead.
        """
        entry = self._fields.get(self.current.field) if self.current is not None else None
        if entry is None:
            return None
        widget = entry[0]
        target = widget
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            target = next((child for child in widget.findChildren(QWidget)
                           if child.focusPolicy() & Qt.FocusPolicy.TabFocus
                           and child.isEnabled() and not child.isHidden()), widget)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def clear(self) -> None:
        """Remove every mark."""
        self.current = None
        for widget, label in self._fields.values():
            _mark(widget, False)
            label.hide()
        if self._fallback is not None:
            self._fallback.hide()

    def message_for(self, name: str) -> str:
        """The message currently shown for ``name`` ("" when none)."""
        entry = self._fields.get(name)
        if entry is None or self.current is None or self._fields.get(self.current.field) != entry:
            return ""
        return entry[1].text()


def _name_field(label: QWidget | None, widget: QWidget, text: str) -> None:
    """Make ``text``, a form row's label, what a screen reader says for the row's ``widget``.

    Qt finds a buddy label only beside its field, and the field sits in a holder with its
    error line: so the name is set on the field itself. A field of several controls (a
    budget beside its period, a path beside Browse…) names each control that has no name of
    its own yet; buttons and check boxes speak their own text. The label's buddy is the first
    control, which its mnemonic (if any) focuses.
    """
    controls = [widget] if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else [
        child for child in widget.findChildren(QWidget)
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.focusProxy() is None]
    if not controls:
        return
    if isinstance(label, QLabel):
        label.setBuddy(controls[0])
    spoken = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    for control in controls:
        if spoken and not control.accessibleName() and not isinstance(control, QAbstractButton):
            control.setAccessibleName(spoken)


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def _grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for a message that wrapped: a window grows for a new line of
    fixed height, not for the height a word-wrapped label needs at its width, so the message
    would overlap its field."""
    layout = window.layout()
    if not isinstance(window, QDialog) or layout is None:
        return
    layout.activate()
    needed = (layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    if needed > window.height():
        window.resize(window.width(), needed)
